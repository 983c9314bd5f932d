/// The `lr_lambda`s of transformers 5.25 (`transformers/optimization.py`). Every
/// `get_*_schedule*` function except the plateau and greedy ones returns
/// `LambdaLR(optimizer, partial(_lambda, ...))`, so the schedule is torch's `LambdaLR`
/// (`TorchLambdaLR`: `lr = initial_lr · lr_lambda(last_epoch)`, per group) with one of these.
///
/// They return what Python returns (`1`, a float, or `0` from `max(0, factor)`); a lambda
/// that raises (`ZeroDivisionError`, `TypeError` for a `None` count) ends the run where the
/// library's does. Nothing is clamped after `num_training_steps`: linear and cosine stay
/// at 0 (`max(0.0, …)`), the cosine with `num_cycles > 0.5` rises again, polynomial holds
/// `lr_end / lr_init`, WSD holds `min_lr_ratio`.
public protocol HFLambda: Sendable {
  /// The Python function the lambda is a `partial` of.
  var pythonName: String { get }
  /// `lr_lambda(current_step)`.
  func factor(_ currentStep: Int) throws(ScheduleError) -> PyNumber
}

extension HFLambda {
  /// The lambda as `LambdaLR` calls it.
  public var pyLambda: PyLambda {
    let me = self
    return PyLambda(source: pythonName) { step throws(ScheduleError) in try me.factor(step) }
  }

  /// `LambdaLR(optimizer, lr_lambda, last_epoch=-1)` on `groups`: sets `initial_lr` and
  /// takes the initial step (so the lambda runs at step 0 during construction).
  public func lambdaLR(groups: inout [ParamGroup], field: Field = .lr) throws(ScheduleError) -> TorchLambdaLR {
    try TorchLambdaLR(groups: &groups, field: field, lambdas: [pyLambda], isList: false)
  }
}

/// A `num_training_steps` that may be `None` (the functions do not check it; the lambda
/// fails with Python's `TypeError` when it first uses it).
public typealias HFCount = PyNumber?

extension Optional where Wrapped == PyNumber {
  /// The value, or the `TypeError` Python raises for `None <op> other`.
  func orTypeError(_ message: String) throws(ScheduleError) -> PyNumber {
    guard let v = self else { throw ScheduleError("TypeError", message) }
    return v
  }
}

/// `_get_constant_lambda`: always `1`.
public struct HFConstant: HFLambda {
  public init() {}
  public var pythonName: String { "_get_constant_lambda" }
  public func factor(_ currentStep: Int) -> PyNumber { .int(1) }
}

/// `_get_constant_schedule_with_warmup_lr_lambda`: `step / max(1.0, W)` during warm-up, then `1.0`.
public struct HFConstantWithWarmup: HFLambda {
  public let warmup: Double
  public init(numWarmupSteps: PyNumber) { warmup = numWarmupSteps.double }
  public var pythonName: String { "_get_constant_schedule_with_warmup_lr_lambda" }
  public func factor(_ s: Int) -> PyNumber {
    Double(s) < warmup ? .float(Double(s) / HF.max(1.0, warmup)) : .float(1.0)
  }
}

/// `_get_linear_schedule_with_warmup_lr_lambda`: warm-up, then
/// `max(0.0, (T − step) / max(1, T − W))`.
public struct HFLinear: HFLambda {
  public let warmup: Double
  public let total: HFCount
  public let warmupIsInt: Bool
  public init(numWarmupSteps: PyNumber, numTrainingSteps: HFCount) {
    warmup = numWarmupSteps.double
    warmupIsInt = numWarmupSteps.isInt
    total = numTrainingSteps
  }
  public var pythonName: String { "_get_linear_schedule_with_warmup_lr_lambda" }
  public func factor(_ s: Int) throws(ScheduleError) -> PyNumber {
    if Double(s) < warmup { return .float(HF.warmup(s, warmup)) }
    let t = try total.orTypeError("unsupported operand type(s) for -: 'NoneType' and 'int'").double
    return .float(HF.max(0.0, (t - Double(s)) / HF.max(1, t - warmup)))
  }
}

/// `_get_cosine_schedule_with_warmup_lr_lambda` (the second definition in the module, the
/// one both cosine functions call): warm-up, then
/// `max(0, f·(1 − m) + m)`, `f = 0.5·(1 + cos(π·num_cycles·2·progress))`,
/// `progress = (step − W) / max(1, T − W)`. Plain cosine has `m = 0.0`.
public struct HFCosine: HFLambda {
  public let warmup: Double
  public let total: HFCount
  public let warmupText: String
  public let numCycles: Double
  public let minLRRate: Double
  public init(numWarmupSteps: PyNumber, numTrainingSteps: HFCount, numCycles: Double = 0.5, minLRRate: Double = 0.0) {
    warmup = numWarmupSteps.double
    warmupText = numWarmupSteps.isInt ? "int" : "float"
    total = numTrainingSteps
    self.numCycles = numCycles
    self.minLRRate = minLRRate
  }
  public var pythonName: String { "_get_cosine_schedule_with_warmup_lr_lambda" }
  public func factor(_ s: Int) throws(ScheduleError) -> PyNumber {
    if Double(s) < warmup { return .float(HF.warmup(s, warmup)) }
    let t = try total.orTypeError("unsupported operand type(s) for -: 'NoneType' and '\(warmupText)'").double
    let progress = (Double(s) - warmup) / HF.max(1, t - warmup)
    var f = 0.5 * (1.0 + LibM.cos(LibM.pi * numCycles * 2.0 * progress))
    f = f * (1 - minLRRate) + minLRRate
    return f > 0 ? .float(f) : .int(0)
  }
}

/// `_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda`: warm-up, then
/// `0.5·(1 + cos(π·((num_cycles·progress) % 1.0)))` until `progress >= 1.0`, then `0.0`.
public struct HFHardRestarts: HFLambda {
  public let warmup: Double
  public let total: HFCount
  public let warmupText: String
  public let numCycles: Double
  public init(numWarmupSteps: PyNumber, numTrainingSteps: HFCount, numCycles: Double = 1) {
    warmup = numWarmupSteps.double
    warmupText = numWarmupSteps.isInt ? "int" : "float"
    total = numTrainingSteps
    self.numCycles = numCycles
  }
  public var pythonName: String { "_get_cosine_with_hard_restarts_schedule_with_warmup_lr_lambda" }
  public func factor(_ s: Int) throws(ScheduleError) -> PyNumber {
    if Double(s) < warmup { return .float(HF.warmup(s, warmup)) }
    let t = try total.orTypeError("unsupported operand type(s) for -: 'NoneType' and '\(warmupText)'").double
    let progress = (Double(s) - warmup) / HF.max(1, t - warmup)
    if progress >= 1.0 { return .float(0.0) }
    return .float(HF.max(0.0, 0.5 * (1.0 + LibM.cos(LibM.pi * Py.floorMod(numCycles * progress, 1.0)))))
  }
}

/// `_get_polynomial_decay_schedule_with_warmup_lr_lambda`: warm-up; after `T`,
/// `lr_end / lr_init`; else `((lr_init − lr_end)·pct^power + lr_end) / lr_init`,
/// `pct = 1 − (step − W) / (T − W)`. `lr_init` is `optimizer.defaults['lr']`, not the
/// group's lr: a group with another lr ends at `lr_end · its_lr / defaults_lr`.
public struct HFPolynomial: HFLambda {
  public let warmup: PyNumber
  public let total: HFCount
  public let lrEnd: Double
  public let power: Double
  public let lrInit: Double

  /// `get_polynomial_decay_schedule_with_warmup`'s check: `lr_init > lr_end` or ValueError.
  public init(numWarmupSteps: PyNumber, numTrainingSteps: HFCount, lrEnd: PyNumber, power: Double, lrInit: Double)
    throws(ScheduleError)
  {
    guard lrInit > lrEnd.double else {
      throw .value("lr_end (\(lrEnd)) must be smaller than initial lr (\(PyFormat.repr(lrInit)))")
    }
    warmup = numWarmupSteps
    total = numTrainingSteps
    self.lrEnd = lrEnd.double
    self.power = power
    self.lrInit = lrInit
  }
  public var pythonName: String { "_get_polynomial_decay_schedule_with_warmup_lr_lambda" }
  public func factor(_ s: Int) throws(ScheduleError) -> PyNumber {
    if Double(s) < warmup.double { return .float(HF.warmup(s, warmup.double)) }
    let t = try total.orTypeError("'>' not supported between instances of 'int' and 'NoneType'")
    if Double(s) > t.double { return .float(try HF.div(lrEnd, lrInit, intOperands: false)) }
    let lrRange = lrInit - lrEnd
    let decaySteps = t - warmup
    let done = try HF.div(Double(s) - warmup.double, decaySteps.double, intOperands: warmup.isInt && decaySteps.isInt)
    let pct = 1 - done
    let decay = lrRange * (try Py.checkedPow(pct, power, complexMessage: "complex learning rate")) + lrEnd
    return .float(try HF.div(decay, lrInit, intOperands: false))
  }
}

/// `_get_inverse_sqrt_schedule_lr_lambda`: warm-up, then
/// `1 / sqrt((step + timescale − W) / timescale)`; `timescale` defaults to
/// `num_warmup_steps or 10_000`.
public struct HFInverseSqrt: HFLambda {
  public let warmup: PyNumber
  public let timescale: PyNumber
  public init(numWarmupSteps: PyNumber, timescale: PyNumber?) {
    warmup = numWarmupSteps
    self.timescale = timescale ?? (numWarmupSteps.isTruthy ? numWarmupSteps : .int(10_000))
  }
  public var pythonName: String { "_get_inverse_sqrt_schedule_lr_lambda" }
  public func factor(_ s: Int) throws(ScheduleError) -> PyNumber {
    if Double(s) < warmup.double { return .float(HF.warmup(s, warmup.double)) }
    let shift = timescale - warmup
    let x = try HF.div(Double(s) + shift.double, timescale.double, intOperands: shift.isInt && timescale.isInt)
    return .float(try HF.div(1.0, try HF.sqrt(x), intOperands: false))
  }
}
