/// A `torch.optim.lr_scheduler` scheduler reduced to its arithmetic.
///
/// Conformers replay what `LRScheduler.step()` really does: increment `last_epoch`, call
/// the recursive ("chainable") `get_lr()` on the *current* group values and write the
/// result. Construction performs torch's side effects (`initial_lr` via `setdefault`,
/// the initial `step()`), so a scheduler is built with `inout` groups.
public protocol TorchScheduler: Sendable {
  /// torch's `last_epoch`: how many times `step()` ran since construction.
  var lastEpoch: Int { get }
  /// `scheduler.step()`.
  mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError)
  /// `scheduler._update_lr(0)`, as `SequentialLR` calls it at a milestone: `last_epoch = 0`
  /// and the closed form when the class has one, else `get_lr()`.
  mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError)
  /// `SequentialLR.recursive_undo()`: `last_epoch -= 1`.
  mutating func undoStep()
  /// `ReduceLROnPlateau.step(metrics)`; other classes ignore the metric.
  mutating func step(_ groups: inout [ParamGroup], metric: Double) throws(ScheduleError)
  /// Whether `step` needs a metric.
  var needsMetric: Bool { get }
}

extension TorchScheduler {
  public mutating func step(_ groups: inout [ParamGroup], metric: Double) throws(ScheduleError) {
    try step(&groups)
  }
  public var needsMetric: Bool { false }
}

/// The bookkeeping every `LRScheduler` subclass shares.
public struct TorchState: Sendable, Equatable {
  /// The field this scheduler drives (torch: always `lr`).
  public var field: Field
  /// `base_lrs`: the groups' `initial_<field>` at construction.
  public var baseValues: [Double]
  public var lastEpoch: Int = -1
  public var stepCount: Int = 0
  /// torch's `_is_initial`: true only during `_initial_step()`. Several `get_lr()`s test
  /// it rather than `last_epoch == 0`, which differs when a scheduler is stepped from
  /// `last_epoch == -1` outside its initial step (SequentialLR's `_update_lr(0)` at a
  /// milestone, children of a ChainedScheduler that SequentialLR starts).
  public var isInitial = false
  /// When torch's loop calls `step()` (set when the scheduler is wired into a run).
  public var stepOn: StepOn = .batch

  /// `LRScheduler.__init__` with `last_epoch=-1`: `group.setdefault("initial_lr", group["lr"])`
  /// and `base_lrs = [group["initial_lr"]]`.
  public init(field: Field, groups: inout [ParamGroup]) {
    self.field = field
    baseValues = groups.setDefaultInitial(field)
  }
}

/// A torch scheduler defined by its `get_lr()` (and optional closed form). It is its own
/// `Stepper` in torch's loop (`state.stepOn`), so a run calls it through one existential.
public protocol TorchRecurrence: TorchScheduler, Stepper {
  var state: TorchState { get set }
  /// `get_lr()` at `state.lastEpoch`, written into the groups.
  mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError)
  /// `_get_closed_form_lr()` written into the groups; `false` if the class has none.
  mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool
}

extension TorchRecurrence {
  public var lastEpoch: Int { state.lastEpoch }
  public var needsMetric: Bool { false }

  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    state.stepCount += 1
    state.lastEpoch += 1
    try update(&groups)
  }

  public mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    state.lastEpoch = 0
    if try !updateClosedForm(&groups) { try update(&groups) }
  }

  public mutating func undoStep() { state.lastEpoch -= 1 }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    guard state.stepOn == .batch || position.isLastBatchOfEpoch else { return }
    try step(&groups)
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    false
  }

  /// `_initial_step()`: `_step_count = 0` then `step()` in initial mode.
  mutating func initialStep(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    state.stepCount = 0
    state.isInitial = true
    defer { state.isInitial = false }
    try step(&groups)
  }
}

/// A per-group constructor argument as written: a scalar (`0.1`, repeated for every group)
/// or a list (`[0.1, 0.01]`, exactly one value per group). A one-element list is not a
/// scalar: torch rejects `[0.1]` for two groups.
public struct PerGroup: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral {
  public var values: [Double]
  public var isList: Bool

  public init(_ values: [Double], isList: Bool) {
    self.values = values
    self.isList = isList
  }
  public init(floatLiteral value: Double) { self.init([value], isList: false) }
  public init(arrayLiteral elements: Double...) { self.init(elements, isList: true) }
}

/// torch's `_format_param`: a scalar repeated per group, or a list of exactly one value
/// per group.
public func formatParam(_ name: String, _ param: PerGroup, groups: Int) throws(ScheduleError) -> [Double] {
  if !param.isList && param.values.count == 1 { return Array(repeating: param.values[0], count: groups) }
  guard param.values.count == groups else {
    throw .value(
      "\(name) must have the same length as optimizer.param_groups. \(name) has \(param.values.count) values, param_groups has \(groups).")
  }
  return param.values
}

/// Python's `x ** y` on floats (CPython `float_pow`), as torch's formulas evaluate it.
func torchPow(_ x: Double, _ y: Double) throws(ScheduleError) -> Double {
  try Py.checkedPow(x, y, complexMessage: "complex result: a negative number raised to a fractional power")
}

/// Wires a torch scheduler into torch's training loop: `scheduler.step()` after every
/// batch, or after the last batch of every epoch (`scheduler.step(metrics[epoch])` for
/// ReduceLROnPlateau).
public struct TorchLoopStepper: Stepper {
  public var scheduler: any TorchScheduler
  public let stepOn: StepOn
  public let needsMetric: Bool

  public init(_ scheduler: any TorchScheduler, stepOn: StepOn) {
    self.scheduler = scheduler
    self.stepOn = stepOn
    needsMetric = scheduler.needsMetric
  }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    guard stepOn == .batch || position.isLastBatchOfEpoch else { return }
    if needsMetric {
      guard let metric else {
        throw ScheduleError(
          "TypeError", "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'")
      }
      try scheduler.step(&groups, metric: metric)
    } else {
      try scheduler.step(&groups)
    }
  }
}

/// Wires a torch scheduler into torch's loop: directly when it is a `TorchRecurrence`,
/// else through `TorchLoopStepper`.
public func torchLoopStepper(_ scheduler: any TorchScheduler, stepOn: StepOn) -> any Stepper {
  if var r = scheduler as? any TorchRecurrence {
    r.state.stepOn = stepOn
    return r
  }
  return TorchLoopStepper(scheduler, stepOn: stepOn)
}
