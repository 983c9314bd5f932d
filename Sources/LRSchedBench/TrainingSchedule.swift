/// The hyperparameters a training step reads from the schedule, per parameter group.
public struct StepHyperparameters: Equatable, Sendable {
  public var lr: Double
  /// SGD momentum; ignored by Adam/AdamW.
  public var momentum: Double
  /// Adam/AdamW `betas[0]`; ignored by SGD.
  public var beta1: Double
  public var weightDecay: Double

  public init(lr: Double, momentum: Double = 0, beta1: Double = 0.9, weightDecay: Double = 0) {
    self.lr = lr
    self.momentum = momentum
    self.beta1 = beta1
    self.weightDecay = weightDecay
  }
}

/// What the trainer needs from a learning-rate schedule. `LRSchedBench` depends on no other
/// module; the CLI adapts the schedule engine's run object to this protocol.
///
/// The trainer reads `hyperparameters(group:)` before every optimizer step and calls `advance()`
/// after it (per batch or per epoch), the order of `optimizer.step(); scheduler.step()` in PyTorch
/// — reading ahead up to 4096 steps at a time (`ScheduleLookahead`), so a schedule must not depend
/// on training results, `advance()` may throw to end the run at the step it belongs to, and a
/// run stopped early (Ctrl-C) leaves the schedule up to 4095 steps past the last step trained.
/// Layer 1 (`W1`, `b1`) uses group 0, layer 2 (`W2`, `b2`) group `min(1, groupCount − 1)`.
public protocol TrainingSchedule {
  var groupCount: Int { get }
  func hyperparameters(group: Int) -> StepHyperparameters
  mutating func advance() throws

  /// Advances `count` times, appending after each advance the hyperparameters of groups 0 and
  /// `second`; on an error it stops and returns it (the values before it are appended), else it
  /// returns nil having appended `count` values. The default calls `advance()` and
  /// `hyperparameters(group:)`; a schedule may do the same in one tight loop (the trainer reads
  /// ahead through this).
  mutating func advance(
    upTo count: Int, second: Int, into values: inout [(StepHyperparameters, StepHyperparameters)]
  ) -> (any Error)?

  /// True for a schedule that reads a metric when an epoch ends (torch's ReduceLROnPlateau,
  /// timm's PlateauLRScheduler, …) and takes it from training: the trainer then reads ahead no
  /// further than the epoch's last step, evaluates the test split, passes its mean loss (the
  /// epoch's training loss when there is no test split) to `setEpochMetric`, and only then makes
  /// the epoch's last `advance()`, as `scheduler.step(val_loss)` follows validation in PyTorch.
  var readsEpochMetric: Bool { get }
  /// The metric of epoch `epoch` (called once per epoch, in order, before that epoch's last advance).
  mutating func setEpochMetric(_ value: Double, epoch: Int)
}

extension TrainingSchedule {
  public var readsEpochMetric: Bool { false }
  public mutating func setEpochMetric(_ value: Double, epoch: Int) {}

  public mutating func advance(
    upTo count: Int, second: Int, into values: inout [(StepHyperparameters, StepHyperparameters)]
  ) -> (any Error)? {
    for _ in 0..<count {
      do { try advance() } catch { return error }
      let h0 = hyperparameters(group: 0)
      values.append((h0, second == 0 ? h0 : hyperparameters(group: second)))
    }
    return nil
  }
}

/// A schedule that never changes.
public struct ConstantSchedule: TrainingSchedule, Sendable {
  public var value: StepHyperparameters
  public init(_ value: StepHyperparameters) { self.value = value }
  public var groupCount: Int { 1 }
  public func hyperparameters(group: Int) -> StepHyperparameters { value }
  public mutating func advance() throws {}
}

/// A schedule given as a function of the step count (one group).
public struct FunctionSchedule: TrainingSchedule {
  public private(set) var step = 0
  let body: (Int) -> StepHyperparameters
  public init(_ body: @escaping (Int) -> StepHyperparameters) { self.body = body }
  public var groupCount: Int { 1 }
  public func hyperparameters(group: Int) -> StepHyperparameters { body(step) }
  public mutating func advance() throws { step += 1 }
}
