/// `SequentialLR(schedulers, milestones)`: hands over from one scheduler to the next at
/// each milestone.
///
/// Construction resets every group's lr to its `initial_lr`, undoes one step of every
/// child (`recursive_undo`) and re-runs the initial step of the child active at epoch 0
/// (`bisect_right(milestones, 0)`: not the first one when a milestone is 0). At a milestone
/// the next child is evaluated at its own epoch 0 (`_update_lr(0)`: closed form when the
/// class has one); otherwise the active child is stepped. Milestones may be floats, as in
/// torch (only compared with the int epoch: `2.0` acts as `2`, `2.5` is never reached).
public struct TorchSequentialLR: TorchScheduler {
  public var schedulers: [any TorchScheduler]
  public let milestones: [Double]
  public private(set) var lastEpoch: Int
  let field: Field

  public init(groups: inout [ParamGroup], field: Field = .lr, schedulers: [any TorchScheduler], milestones: [Double]) throws(ScheduleError) {
    guard !schedulers.isEmpty else {
      throw .value("SequentialLR expects at least one scheduler, but got no scheduler.")
    }
    for (i, s) in schedulers.enumerated() where s.needsMetric {
      throw .value(
        "SequentialLR does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index \(i) in the given schedulers sequence.")
    }
    guard milestones.count == schedulers.count - 1 else {
      throw .value(
        "Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers \(schedulers.count) and the number of milestones to be equal to \(milestones.count)")
    }
    self.schedulers = schedulers
    self.milestones = milestones
    self.field = field
    lastEpoch = 0  // last_epoch + 1
    for i in groups.indices {
      if let initial = groups[i].initial[field] { groups[i][field] = initial }
    }
    for i in self.schedulers.indices { self.schedulers[i].undoStep() }
    try self.schedulers[Py.bisectRight(milestones, 0)].initialStepAgain(&groups)
  }

  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    lastEpoch += 1
    let idx = Py.bisectRight(milestones, Double(lastEpoch))
    if idx > 0 && milestones[idx - 1] == Double(lastEpoch) {
      try schedulers[idx].restartAtZero(&groups)
    } else {
      try schedulers[idx].step(&groups)
    }
  }

  public mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    // SequentialLR has no closed form; `_update_lr(0)` falls back to `get_lr()`, which a
    // SequentialLR does not define in a way that makes sense; torch raises here.
    throw ScheduleError("NotImplementedError", "")
  }

  public mutating func undoStep() {
    for i in schedulers.indices { schedulers[i].undoStep() }
  }
}

/// `ChainedScheduler(schedulers)`: calls every child's `step()` in order on the same
/// optimizer, so their recursive updates compose multiplicatively.
public struct TorchChainedScheduler: TorchScheduler {
  public var schedulers: [any TorchScheduler]
  public var lastEpoch: Int { schedulers.first?.lastEpoch ?? 0 }

  public init(schedulers: [any TorchScheduler]) throws(ScheduleError) {
    guard !schedulers.isEmpty else {
      throw .value("ChainedScheduler expects at least one scheduler to be chained, but got no scheduler.")
    }
    for (i, s) in schedulers.enumerated() where s.needsMetric {
      throw .value(
        "ChainedScheduler does not support `ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling `step`, but got one at index \(i) in the given schedulers sequence.")
    }
    self.schedulers = schedulers
  }

  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    for i in schedulers.indices {
      if schedulers[i].needsMetric {
        throw ScheduleError("TypeError", "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'")
      }
      try schedulers[i].step(&groups)
    }
  }

  public mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    // `_update_lr(0)` on a ChainedScheduler: no closed form, and `get_lr()` is the base
    // class's, which raises NotImplementedError.
    throw ScheduleError("NotImplementedError", "")
  }

  public mutating func undoStep() {
    for i in schedulers.indices { schedulers[i].undoStep() }
  }
}

extension TorchScheduler {
  /// `_initial_step()` after construction (SequentialLR re-runs it for its first child).
  mutating func initialStepAgain(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    if var r = self as? any TorchRecurrence {
      try r.initialStep(&groups)
      self = r as! Self
    } else {
      try step(&groups)
    }
  }
}
