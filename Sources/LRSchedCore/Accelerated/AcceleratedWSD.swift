/// pytorch-accelerated `WSDLrScheduler(num_epochs=None, num_update_steps_per_epoch=None,
/// total_steps=None, num_warmup_steps=0, decay_phase_ratio=0.1, lr_min=1e-6,
/// warmup_starting_lr=1e-6, use_inverse_sqrt_decay=True, num_checkpoints=1,
/// is_continuation_from_checkpoint=False)` (`pytorch_accelerated/schedulers/wsd_scheduler.py`,
/// 0.1.61): warmup–stable–decay with decays before each checkpoint.
///
/// Checkpoints: `[total]` for one; otherwise `(total // 4) · 2^i` capped at `total`,
/// stopping once reached. For update `n` the period is the first with `n < checkpoint`
/// (none: the first period, with `n` counted from 0). In a period of length `P`, `D =
/// int(P · decay_phase_ratio)` and `u` = updates into the period:
///
/// ```
/// n < num_warmup_steps:  ws + (n / num_warmup_steps) · (b − ws)
/// u < P − D:             b
/// r = min((u − (P − D)) / D, 1.0)
/// sqrt:     b · (lr_min + (1 − lr_min) · (1 − sqrt(r)))
/// inverse:  b / (r · (1.0 / lr_min) + (1.0 − r) · 1.0)
/// ```
/// `lr_min` is a fraction of each group's base. `num_warmup_steps=None` means
/// `int(0.01 · total_steps)`. Inverse decay with `lr_min == 0` raises `ZeroDivisionError` at
/// the first decay update; `D == 0` raises it once `u ≥ P`.
///
/// The counts may be floats (`total_steps=4.0`): the library only does arithmetic with them,
/// so checkpoints and periods are then floats. They are kept as doubles here, exact for
/// every count below 2^53; `totalIsFloat` keeps Python's error wording.
public struct AcceleratedWSD: AcceleratedSchedule {
  public let field: Field
  public let baseValues: [Double]
  public let totalSteps: PyNumber
  public let numWarmupSteps: PyNumber
  public let decayPhaseRatio: PyNumber
  public let lrMin: Double
  public let warmupStartingLR: Double
  public let useInverseSqrtDecay: Bool
  public let checkpointSteps: [Double]
  public let isContinuation: Bool
  /// Whether the periods are Python floats (a float count went in).
  let periodsAreFloat: Bool

  public init(
    groups: inout [ParamGroup], field: Field = .lr, numEpochs: PyNumber? = nil, numUpdateStepsPerEpoch: PyNumber? = nil,
    totalSteps: PyNumber? = nil, numWarmupSteps: PyNumber? = .int(0), decayPhaseRatio: PyNumber = .float(0.1),
    lrMin: Double = 1e-6, warmupStartingLR: Double = 1e-6, useInverseSqrtDecay: Bool = true,
    numCheckpoints: PyNumber = .int(1), isContinuationFromCheckpoint: Bool = false
  ) throws(ScheduleError) {
    self.field = field
    baseValues = acceleratedStoreInitial(&groups, field: field)
    if numEpochs != nil && numUpdateStepsPerEpoch != nil && totalSteps != nil {
      throw .value("Only num_epochs and num_update_steps_per_epoch, or total_steps should be provided")
    }
    var total = totalSteps
    if let e = numEpochs, let s = numUpdateStepsPerEpoch { total = try PyNumber.product(e, s) }
    guard let total else {
      throw ScheduleError("TypeError", "'>' not supported between instances of 'NoneType' and 'int'")
    }
    guard total.double > 0 else { throw ScheduleError("AssertionError", "total_steps must be positive") }
    let ratio = decayPhaseRatio.double
    guard 0 <= ratio && ratio <= 1 else {
      throw ScheduleError("AssertionError", "decay_fraction must be between 0 and 1")
    }
    guard lrMin >= 0 else { throw ScheduleError("AssertionError", "lr_min must be non-negative") }
    guard numCheckpoints.double > 0 else { throw ScheduleError("AssertionError", "num_checkpoints must be positive") }
    self.totalSteps = total
    self.numWarmupSteps = numWarmupSteps ?? .int(Py.int(0.01 * total.double))
    self.decayPhaseRatio = decayPhaseRatio
    self.lrMin = lrMin
    self.warmupStartingLR = warmupStartingLR
    self.useInverseSqrtDecay = useInverseSqrtDecay
    self.checkpointSteps = try Self.estimateCheckpointSteps(total, numCheckpoints)
    var isFloat = false
    if case .float = total { isFloat = true }
    periodsAreFloat = isFloat
    self.isContinuation = isContinuationFromCheckpoint
    if warmupStartingLR > (baseValues.max() ?? -.infinity) {
      throw .value("warmup_starting_lr should not exceed maximum base learning rate")
    }
    if numCheckpoints.double > 1 && ratio > 1.0 / 3 {
      throw .value(
        "Decay phase ratio \(decayPhaseRatio) is too large and may cause overlapping decay phases. Maximum safe ratio is 0.33 with \(numCheckpoints) checkpoints using geometric progression"
      )
    }
  }

  /// `estimate_checkpoint_steps(total_steps, num_checkpoints)`.
  public static func estimateCheckpointSteps(_ total: PyNumber, _ n: PyNumber) throws(ScheduleError) -> [Double] {
    if n.double == 1 { return [total.double] }
    guard case .int(let count) = n else {
      throw ScheduleError("TypeError", "'float' object cannot be interpreted as an integer")
    }
    let t = total.double
    let first: Double
    switch total {
    case .int(let i): first = Double(Py.floorDiv(i, 4))
    case .float(let d): first = Py.floorDiv(d, 4)
    }
    var out: [Double] = []
    var mult = 1.0
    for _ in 0..<max(0, count) {
      let cp = min(first * mult, t)
      out.append(cp)
      if cp == t { break }
      mult *= 2
    }
    return out
  }

  /// `int(P * decay_phase_ratio)`.
  @inline(__always) func decaySteps(_ period: Double) -> Double {
    Double(Py.int(period * decayPhaseRatio.double))
  }

  /// `(period_length, steps_into_period)` for update `n` (`_get_checkpoint_info`).
  public func periodInfo(_ n: Int) -> (Double, Double) {
    let x = Double(n)
    var current = 0
    for (i, cp) in checkpointSteps.enumerated() where x < cp {
      current = i
      break
    }
    let start = current == 0 ? 0 : checkpointSteps[current - 1]
    return (checkpointSteps[current] - start, x - start)
  }

  public func values(numUpdates n: Int) throws(ScheduleError) -> [Double] {
    if !isContinuation && numWarmupSteps.isGreater(than: n) {
      let f = Double(n) / numWarmupSteps.double
      return baseValues.map { b in warmupStartingLR + f * (b - warmupStartingLR) }
    }
    let (period, into) = periodInfo(n)
    let d = decaySteps(period)
    let decayStart = period - d
    if into >= decayStart {
      guard d != 0 else {
        throw ScheduleError("ZeroDivisionError", periodsAreFloat ? "float division by zero" : "division by zero")
      }
      let r = min((into - decayStart) / d, 1.0)
      if useInverseSqrtDecay {
        let f = lrMin + (1 - lrMin) * (1 - LibM.sqrt(r))
        return baseValues.map { $0 * f }
      }
      guard lrMin != 0 else { throw .zeroDivision }
      let denom = r * (1.0 / lrMin) + (1.0 - r) * 1.0
      return baseValues.map { $0 / denom }
    }
    return baseValues
  }
}
