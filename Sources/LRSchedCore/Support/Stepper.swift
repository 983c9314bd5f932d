/// Which library's namespace and training loop a scheduler belongs to.
public enum Library: String, Sendable, CaseIterable {
  case torch, timm, accelerated, lrmom, transformers
}

/// When the training loop calls the scheduler.
public enum StepOn: String, Sendable, CaseIterable {
  case batch, epoch
}

/// Where the training loop is: the optimizer step that just ran.
public struct LoopPosition: Sendable, Equatable {
  /// Global optimizer step, 0-based.
  public var step: Int
  public var epoch: Int
  /// Batch within the epoch, 0-based.
  public var batch: Int
  public var stepsPerEpoch: Int

  public init(step: Int, epoch: Int, batch: Int, stepsPerEpoch: Int) {
    self.step = step
    self.epoch = epoch
    self.batch = batch
    self.stepsPerEpoch = stepsPerEpoch
  }

  public var isLastBatchOfEpoch: Bool { batch == stepsPerEpoch - 1 }
}

/// A scheduler wired into its library's canonical training loop (see
/// `Tests/LRSchedSpecTests/Fixtures/README.md`): after every optimizer step the loop
/// calls `afterOptimizerStep`, and the stepper decides what the library would call
/// (`scheduler.step()` per batch or per epoch, timm's `step_update` / `step(epoch + 1)`).
public protocol Stepper: Sendable {
  /// Runs what the library's loop runs after optimizer step `position.step`.
  /// `metric` is the epoch's metric at the end of an epoch (plateau schedulers).
  mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError)

  /// Whether this stepper reads a metric (ReduceLROnPlateau, PlateauLRScheduler).
  var needsMetric: Bool { get }

  /// The batch entry point: what `run.advance()` does `count` times with `self` as the run's
  /// only stepper (moved out of `run.steppers` by the caller), calling `body` with the groups
  /// after each advance. The default (below) is the loop itself; being a requirement, every
  /// conformer gets it compiled for its own type, so a stream of steps makes no witness call
  /// per step. Same calls, same order, same values and errors as `advance()` in a loop.
  mutating func advanceRun(
    _ run: inout ScheduleRun, steps count: Int, each body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?
  ) throws(ScheduleError)

  /// The same, recording the groups' values after each advance (`StepRecorder`) without a
  /// call per step: the steppers with a loop of their own run it with the recorder inlined.
  mutating func advanceRun(_ run: inout ScheduleRun, steps count: Int, recording: inout StepRecorder) throws(ScheduleError)
}

extension Stepper {
  public var needsMetric: Bool { false }

  public mutating func advanceRun(
    _ run: inout ScheduleRun, steps count: Int, each body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?
  ) throws(ScheduleError) {
    var callback = StepCallback(body)
    try run.drive(&self, count, &callback)
  }

  public mutating func advanceRun(
    _ run: inout ScheduleRun, steps count: Int, recording: inout StepRecorder
  ) throws(ScheduleError) {
    try run.drive(&self, count, &recording)
  }
}
