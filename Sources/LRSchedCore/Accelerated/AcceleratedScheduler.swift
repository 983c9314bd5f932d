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

/// Python's `x ** k` for an int or float `x` and `k`, as a float operand: exact integer
/// power for two ints with `k >= 0`, CPython's `float_pow` otherwise.
@inlinable func pyNumPow(_ x: PyNumber, _ k: PyNumber) throws(ScheduleError) -> Double {
  if case .int(let n) = x { return try pyIntPow(n, k) }
  return try Py.checkedPow(x.double, k.double, complexMessage: "a negative number raised to a fractional power is complex")
}

extension PyNumber {
  /// `a * b` with Python's int/float rules (an int product beyond 64 bits as its float
  /// value; the counts it serves never get there in a real run).
  @inlinable static func product(_ a: PyNumber, _ b: PyNumber) throws(ScheduleError) -> PyNumber {
    if case .int(let x) = a, case .int(let y) = b {
      let (p, o) = x.multipliedReportingOverflow(by: y)
      return o ? .float(Double(x) * Double(y)) : .int(p)
    }
    return .float(a.double * b.double)
  }

  /// `self + o` with Python's int/float rules.
  @inlinable func plus(_ o: PyNumber) -> PyNumber {
    if case .int(let x) = self, case .int(let y) = o {
      let (r, of) = x.addingReportingOverflow(y)
      if !of { return .int(r) }
    }
    return .float(double + o.double)
  }

  /// `self - o` with Python's int/float rules.
  @inlinable func minus(_ o: PyNumber) -> PyNumber {
    if case .int(let x) = self, case .int(let y) = o {
      let (r, of) = x.subtractingReportingOverflow(y)
      if !of { return .int(r) }
    }
    return .float(double - o.double)
  }

  /// `self > n` for an int `n`, exact as Python compares an int with a float.
  @inlinable func isGreater(than n: Int) -> Bool {
    switch self {
    case .int(let x): return x > n
    case .float(let d): return d > Double(n)
    }
  }
}
