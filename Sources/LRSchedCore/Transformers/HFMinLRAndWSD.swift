/// `min_lr` as the two cosine-with-minimum functions of transformers 5.25 resolve it
/// (`get_cosine_with_min_lr_schedule_with_warmup`,
/// `get_cosine_with_min_lr_schedule_with_warmup_lr_rate`): exactly one of `min_lr` and
/// `min_lr_rate`; `min_lr` becomes `min_lr / optimizer.defaults['lr']`, a ratio applied to
/// every group's own lr (so a group with a smaller lr ends below `min_lr`).
public func hfMinLRRate(minLR: PyNumber?, minLRRate: PyNumber?, defaultLR: Double) throws(ScheduleError) -> Double {
  if minLR != nil && minLRRate != nil {
    throw .value("Only one of min_lr or min_lr_rate should be set")
  } else if let m = minLR {
    return try HF.div(m.double, defaultLR, intOperands: false)
  } else if let r = minLRRate {
    return r.double
  }
  throw .value("One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`")
}

/// `_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda` (the `cosine_warmup_with_min_lr`
/// type). Everything is a float first. Warm-up `(step + 1) / max(1.0, W)` — it starts above
/// zero — or, with `warmup_lr_rate = r`, `r + (1 − r)·step / max(1, W − 1)`; then
/// `max(0, f·(1 − m) + m)` with `progress = (step − W + 1) / max(1.0, T − W)`, one step
/// ahead of `cosine_with_min_lr`.
public struct HFCosineWarmupMinLR: HFLambda {
  public let warmup: Double
  public let total: HFCount
  public let numCycles: Double
  public let minLRRate: Double
  public let warmupLRRate: Double?
  public init(numWarmupSteps: PyNumber, numTrainingSteps: HFCount, numCycles: Double, minLRRate: Double, warmupLRRate: Double?) {
    warmup = numWarmupSteps.double
    total = numTrainingSteps
    self.numCycles = numCycles
    self.minLRRate = minLRRate
    self.warmupLRRate = warmupLRRate
  }
  public var pythonName: String { "_get_cosine_with_min_lr_schedule_with_warmup_lr_rate_lambda" }
  public func factor(_ step: Int) throws(ScheduleError) -> PyNumber {
    let s = Double(step)
    let t = try total.orTypeError("float() argument must be a string or a real number, not 'NoneType'").double
    if s < warmup {
      guard let r = warmupLRRate else { return .float((s + 1.0) / HF.max(1.0, warmup)) }
      return .float(r + (1.0 - r) * s / HF.max(1, warmup - 1))
    }
    let progress = (s - warmup + 1.0) / HF.max(1.0, t - warmup)
    var f = 0.5 * (1.0 + LibM.cos(LibM.pi * numCycles * 2.0 * progress))
    f = f * (1 - minLRRate) + minLRRate
    return f > 0 ? .float(f) : .int(0)
  }
}

/// `_get_wsd_scheduler_lambda` (`get_wsd_schedule`): warm-up from `min_lr_ratio` to 1
/// (linear, cosine or 1-sqrt), `num_stable_steps` at 1.0, decay to `min_lr_ratio` over
/// `num_decay_steps` (linear, cosine with `num_cycles`, or 1-sqrt), then `min_lr_ratio`
/// for ever. Without `num_stable_steps` the stable phase is `T − W − D` (negative when
/// `T < W + D`: the decay then starts early).
public struct HFWSD: HFLambda {
  public enum Shape: String, Sendable, CaseIterable {
    case linear, cosine
    case oneMinusSqrt = "1-sqrt"
  }

  public let warmup: Double
  public let stable: Double
  public let decay: Double
  public let warmupType: Shape
  public let decayType: Shape
  public let minLRRatio: PyNumber
  public let numCycles: Double

  /// `get_wsd_schedule`'s checks, in its order, and the stable length it derives.
  public init(
    numWarmupSteps: PyNumber, numDecaySteps: PyNumber, numTrainingSteps: PyNumber?, numStableSteps: PyNumber?,
    warmupType: String, decayType: String, minLRRatio: PyNumber, numCycles: Double
  ) throws(ScheduleError) {
    if numTrainingSteps == nil && numStableSteps == nil {
      throw .value("Either num_training_steps or num_stable_steps must be specified.")
    }
    guard let w = Shape(rawValue: warmupType) else {
      throw .value("Unknown warmup type: \(warmupType), expected 'linear', 'cosine' or '1-sqrt'")
    }
    guard let d = Shape(rawValue: decayType) else {
      throw .value("Unknown decay type: \(decayType), expected 'linear', 'cosine' or '1-sqrt'")
    }
    let stableSteps = numStableSteps ?? (numTrainingSteps! - numWarmupSteps - numDecaySteps)
    warmup = numWarmupSteps.double
    stable = stableSteps.double
    decay = numDecaySteps.double
    self.warmupType = w
    self.decayType = d
    self.minLRRatio = minLRRatio
    self.numCycles = numCycles
  }

  public var pythonName: String { "_get_wsd_scheduler_lambda" }

  public func factor(_ step: Int) throws(ScheduleError) -> PyNumber {
    let s = Double(step)
    let m = minLRRatio.double
    if s < warmup {
      let progress = s / HF.max(1, warmup)
      var f: Double
      switch warmupType {
      case .linear: f = progress
      case .cosine: f = 0.5 * (1.0 - LibM.cos(LibM.pi * progress))
      case .oneMinusSqrt: f = 1.0 - (try HF.sqrt(1.0 - progress))
      }
      f = f * (1.0 - m) + m
      return .float(HF.max(0.0, f))
    }
    if s < warmup + stable { return .float(1.0) }
    if s < warmup + stable + decay {
      let progress = (s - warmup - stable) / HF.max(1, decay)
      var f: Double
      switch decayType {
      case .linear: f = 1.0 - progress
      case .cosine: f = 0.5 * (1.0 + LibM.cos(LibM.pi * numCycles * 2.0 * progress))
      case .oneMinusSqrt: f = 1.0 - (try HF.sqrt(progress))
      }
      f = f * (1.0 - m) + m
      return .float(HF.max(0.0, f))
    }
    return minLRRatio
  }
}
