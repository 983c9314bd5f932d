/// A pytorch-accelerated `StatefulSchedulerBase` (0.1.61,
/// `pytorch_accelerated/schedulers/scheduler_base.py`) reduced to its arithmetic.
///
/// Construction stores `initial_<field>` with `setdefault`, reads `base_lr_values` from it
/// and writes them into the groups. The internal counter starts at `-1`; every `step()`
/// increments it and writes `get_updated_values(num_updates)`. The Trainer calls `step()`
/// after every optimizer update, so step 0 trains with the constructor's value and step
/// `k ≥ 1` with the value for update `k − 1`.
///
/// The library's base class takes a `param_group_field`, so any field can be driven.
public protocol AcceleratedSchedule: Sendable {
  /// The field written (`param_group_field`; the library's subclasses use `lr`).
  var field: Field { get }
  /// `get_updated_values(num_updates)`: one value per group.
  func values(numUpdates: Int) throws(ScheduleError) -> [Double]
}

/// What `SchedulerBase.__init__` does: `setdefault("initial_<field>")`, then write the base
/// values into the groups. Returns `base_lr_values`.
public func acceleratedStoreInitial(_ groups: inout [ParamGroup], field: Field) -> [Double] {
  let base = groups.setDefaultInitial(field)
  for i in groups.indices { groups[i][field] = base[i] }
  return base
}

/// Wires an accelerated scheduler into the training loop: `scheduler.step()` after every
/// optimizer update (`stepOn == .batch`, what the library's Trainer does) or, if the user's
/// loop does so, once per epoch.
public struct AcceleratedStepper: Stepper {
  public var schedule: any AcceleratedSchedule
  public var stepOn: StepOn
  /// `_num_updates`: -1 until the first `step()`.
  public private(set) var numUpdates: Int = -1

  public init(_ schedule: any AcceleratedSchedule, stepOn: StepOn = .batch) {
    self.schedule = schedule
    self.stepOn = stepOn
  }

  /// `scheduler.step()`.
  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    numUpdates += 1
    let v = try schedule.values(numUpdates: numUpdates)
    for i in groups.indices where i < v.count { groups[i][schedule.field] = v[i] }
  }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    guard stepOn == .batch || position.isLastBatchOfEpoch else { return }
    try step(&groups)
  }
}

/// Python's `n ** k` for an int `n` and an int or float `k`, as a float operand: exact
/// integer power when `k` is a non-negative int (converted with one rounding), float
/// `pow` otherwise.
@inlinable func pyIntPow(_ n: Int, _ k: PyNumber) throws(ScheduleError) -> Double {
  switch k {
  case .int(let e) where e >= 0:
    if n == 0 { return e == 0 ? 1 : 0 }
    if n == 1 { return 1 }
    var acc = 1
    var overflow = false
    for _ in 0..<e {
      let (m, o) = acc.multipliedReportingOverflow(by: n)
      if o { overflow = true; break }
      acc = m
    }
    return overflow ? LibM.pow(Double(n), Double(e)) : Double(acc)
  default:
    return try Py.checkedPow(Double(n), k.double, complexMessage: "a negative number raised to a fractional power is complex")
  }
}
