// StepLR, MultiStepLR, ConstantLR, LinearLR, ExponentialLR, PolynomialLR.
// Each mirrors `torch/optim/lr_scheduler.py` (2.15): `get_lr()` is the recursive
// ("chainable") form `step()` uses; `_get_closed_form_lr()` is used by SequentialLR.

/// `StepLR(step_size, gamma=0.1)`: multiply by `gamma` every `step_size` steps.
///
/// ```
/// recursive: lr_t = lr_{t-1} * gamma   if t > 0 and t % step_size == 0
/// closed:    lr_t = base * gamma ** (t // step_size)
/// ```
/// torch accepts a float `step_size` (`2.5`): `%` and `//` are then Python's float
/// operators (`t % 2.5 == 0` at t = 5, 10, ...).
public struct TorchStepLR: TorchRecurrence {
  public var state: TorchState
  public let stepSize: PyNumber
  public let gamma: Double

  public init(groups: inout [ParamGroup], field: Field = .lr, stepSize: PyNumber, gamma: Double = 0.1) throws(ScheduleError) {
    state = TorchState(field: field, groups: &groups)
    self.stepSize = stepSize
    self.gamma = gamma
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    if t == 0 { return }
    switch stepSize {
    case .int(let n):
      guard n != 0 else { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      if Py.floorMod(t, n) != 0 { return }
    case .float(let d):
      guard d != 0 else { throw ScheduleError("ZeroDivisionError", "float modulo") }
      if Py.floorMod(Double(t), d) != 0 { return }
    }
    for i in groups.indices { groups[i][state.field] = groups[i][state.field] * gamma }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    let q: Double
    switch stepSize {
    case .int(let n):
      guard n != 0 else { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      q = Double(Py.floorDiv(state.lastEpoch, n))
    case .float(let d):
      guard d != 0 else { throw ScheduleError("ZeroDivisionError", "float floor division by zero") }
      q = Py.floorDiv(Double(state.lastEpoch), d)
    }
    let f = try torchPow(gamma, q)
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}

/// `MultiStepLR(milestones, gamma=0.1)`: multiply by `gamma ** count` at each milestone
/// (a milestone listed twice counts twice). Milestones may be floats, as in torch: they are
/// only compared with the int epoch (`2.0` counts as `2`, `2.5` never matches).
public struct TorchMultiStepLR: TorchRecurrence {
  public var state: TorchState
  /// `sorted(Counter(milestones).elements())`.
  public let milestones: [Double]
  public let gamma: Double

  public init(groups: inout [ParamGroup], field: Field = .lr, milestones: [Double], gamma: Double = 0.1) throws(ScheduleError) {
    state = TorchState(field: field, groups: &groups)
    self.milestones = milestones.sorted()
    self.gamma = gamma
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    var count = 0
    for m in milestones where m == Double(t) { count += 1 }
    guard count > 0 else { return }
    let f = try torchPow(gamma, Double(count))
    for i in groups.indices { groups[i][state.field] = groups[i][state.field] * f }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    let f = try torchPow(gamma, Double(Py.bisectRight(milestones, Double(state.lastEpoch))))
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}

/// `ConstantLR(factor=1/3, total_iters=5)`: `base * factor` until `total_iters`, then `base`.
/// `total_iters` is only compared with the int epoch, so it is held as a double (a float
/// like `2.5` is never reached by `==`; the closed form's `>=` still switches).
public struct TorchConstantLR: TorchRecurrence {
  public var state: TorchState
  public let factor: Double
  public let totalIters: Double

  public init(groups: inout [ParamGroup], field: Field = .lr, factor: Double = 1.0 / 3, totalIters: Double = 5) throws(ScheduleError) {
    guard !(factor > 1.0 || factor < 0) else {
      throw .value("Constant multiplicative factor expected to be between 0 and 1.")
    }
    state = TorchState(field: field, groups: &groups)
    self.factor = factor
    self.totalIters = totalIters
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    if t == 0 {
      for i in groups.indices { groups[i][state.field] = groups[i][state.field] * factor }
    } else if Double(t) == totalIters {
      guard factor != 0 else { throw .zeroDivision }
      for i in groups.indices { groups[i][state.field] = groups[i][state.field] * (1.0 / factor) }
    }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    let f = factor + (Double(state.lastEpoch) >= totalIters ? 1 - factor : 0.0)
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}

/// `LinearLR(start_factor=1/3, end_factor=1.0, total_iters=5)`: a linear ramp of the
/// multiplicative factor over `total_iters` steps, replayed as torch's recurrence
///
/// ```
/// lr_t = lr_{t-1} * (1 + (end - start) / (total * start + (t - 1) * (end - start)))
/// ```
/// `total_iters` only meets floats and the int epoch (`*`, `/`, `>`, `min`), so an int and
/// a float `total_iters` behave alike and it is held as a double.
public struct TorchLinearLR: TorchRecurrence {
  public var state: TorchState
  public let startFactor: Double
  public let endFactor: Double
  public let totalIters: Double

  public init(
    groups: inout [ParamGroup], field: Field = .lr, startFactor: Double = 1.0 / 3, endFactor: Double = 1.0,
    totalIters: Double = 5
  ) throws(ScheduleError) {
    guard !(startFactor > 1.0 || startFactor <= 0) else {
      throw .value("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.")
    }
    guard !(endFactor > 1.0 || endFactor < 0) else {
      throw .value("Ending multiplicative factor expected to be between 0 and 1.")
    }
    state = TorchState(field: field, groups: &groups)
    self.startFactor = startFactor
    self.endFactor = endFactor
    self.totalIters = totalIters
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    if t == 0 {
      for i in groups.indices { groups[i][state.field] = groups[i][state.field] * startFactor }
      return
    }
    if state.isInitial || Double(t) > totalIters { return }
    let d = endFactor - startFactor
    let denom = totalIters * startFactor + Double(t - 1) * d
    guard denom != 0 else { throw .zeroDivision }
    let f = 1.0 + d / denom
    for i in groups.indices { groups[i][state.field] = groups[i][state.field] * f }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    guard totalIters != 0 else { throw .zeroDivision }
    let f = startFactor + (endFactor - startFactor) * min(totalIters, Double(state.lastEpoch)) / totalIters
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}

/// `ExponentialLR(gamma)`: `lr_t = lr_{t-1} * gamma`.
public struct TorchExponentialLR: TorchRecurrence {
  public var state: TorchState
  public let gamma: Double

  public init(groups: inout [ParamGroup], field: Field = .lr, gamma: Double) throws(ScheduleError) {
    state = TorchState(field: field, groups: &groups)
    self.gamma = gamma
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    // torch tests `_is_initial`, not `last_epoch == 0`: stepped to epoch 0 otherwise
    // (a ChainedScheduler that SequentialLR starts), it multiplies.
    if state.isInitial { return }
    for i in groups.indices { groups[i][state.field] = groups[i][state.field] * gamma }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    let f = try torchPow(gamma, Double(state.lastEpoch))
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}

/// `PolynomialLR(total_iters=5, power=1.0)`: decays to exactly 0 at `total_iters`.
///
/// ```
/// lr_t = lr_{t-1} * ((1 - t/T) / (1 - (t-1)/T)) ** power    for 1 <= t <= T
/// ```
/// A float `total_iters` (`2.5`) works as in torch: `t / T` is then a float division (same
/// value; only the division-by-zero message differs) and the decay stops once `t > T`.
public struct TorchPolynomialLR: TorchRecurrence {
  public var state: TorchState
  public let totalIters: Double
  /// Whether `total_iters` was a Python float (the message of `t / 0.0`).
  public let totalItersIsFloat: Bool
  public let power: Double

  public init(groups: inout [ParamGroup], field: Field = .lr, totalIters: PyNumber = .int(5), power: Double = 1.0) throws(ScheduleError) {
    state = TorchState(field: field, groups: &groups)
    self.totalIters = totalIters.double
    if case .float = totalIters { totalItersIsFloat = true } else { totalItersIsFloat = false }
    self.power = power
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    if state.isInitial || Double(t) > totalIters { return }
    // `t / total_iters` on two ints: Python's message is "division by zero" (reached
    // only at t == 0 outside the initial step).
    guard totalIters != 0 else { throw zeroTotal }
    let T = totalIters
    let den = 1.0 - Double(t - 1) / T
    guard den != 0 else { throw .zeroDivision }
    let f = try torchPow((1.0 - Double(t) / T) / den, power)
    for i in groups.indices { groups[i][state.field] = groups[i][state.field] * f }
  }

  /// `x / total_iters` with `total_iters == 0`: int / int and int / float word it apart.
  private var zeroTotal: ScheduleError {
    totalItersIsFloat ? .zeroDivision : ScheduleError("ZeroDivisionError", "division by zero")
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    // `min(T, t) / T` on two ints: Python's message is "division by zero".
    guard totalIters != 0 else { throw zeroTotal }
    let f = try torchPow(1.0 - min(totalIters, Double(state.lastEpoch)) / totalIters, power)
    for i in groups.indices { groups[i][state.field] = state.baseValues[i] * f }
    return true
  }
}
