// StepLRScheduler and MultiStepLRScheduler (timm 1.0.31, `timm/scheduler/step_lr.py`,
// `multistep_lr.py`). Both default to `warmup_prefix=True`, unlike the cycle classes.

/// `StepLRScheduler(decay_t, decay_rate=1., warmup_t=0, warmup_lr_init=0, warmup_prefix=True,
/// t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42,
/// initialize=True)`.
///
/// ```
/// t < warmup_t: warmup_lr_init + t * warmup_step
/// else:         t -= warmup_t if warmup_prefix;  lr = base * decay_rate ** (t // decay_t)
/// ```
public struct TimmStepLR: TimmCurveScheduler {
  public let base: TimmBase
  public let decayT: Double
  /// Whether `decay_t` is a Python int (`t // decay_t` is then an int division).
  public let decayTIsInt: Bool
  public let decayRate: Double
  public let warmupPrefix: Bool
  public let warmup: TimmWarmup

  public init(
    groups: inout [ParamGroup], base: TimmBase, decayT: Double, decayTIsInt: Bool = true, decayRate: Double = 1,
    warmupT: Double = 0, warmupLRInit: Double = 0, warmupPrefix: Bool = true, warmupTIsInt: Bool = true
  ) {
    self.base = base
    self.decayT = decayT
    self.decayTIsInt = decayTIsInt && warmupTIsInt
    self.decayRate = decayRate
    self.warmupPrefix = warmupPrefix
    warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    if t < warmup.t { return try warmup.values(at: t, emit: emit) }
    let tt = warmupPrefix ? t - warmup.t : t
    let n = try TimmMath.floorDiv(tt, decayT, bothInts: decayTIsInt)
    let f = try TimmMath.pow(decayRate, n)
    for (i, v) in base.baseValues.enumerated() { try emit(i, v * f) }
  }
}

/// `MultiStepLRScheduler(decay_t, decay_rate=1., warmup_t=0, warmup_lr_init=0.,
/// warmup_prefix=True, t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0,
/// noise_seed=42, initialize=True)`.
///
/// ```
/// t < warmup_t: warmup_lr_init + t * warmup_step
/// else:         t -= warmup_t if warmup_prefix
///               lr = base * decay_rate ** bisect_right(decay_t, t + 1)
/// ```
/// The `t + 1` makes milestone `m` take effect at `t = m - 1` (kept on purpose in timm).
public struct TimmMultiStepLR: TimmCurveScheduler {
  public let base: TimmBase
  /// `decay_t` as given (bisect assumes it sorted, as timm does).
  public let decayT: [Double]
  public let decayRate: Double
  public let warmupPrefix: Bool
  public let warmup: TimmWarmup

  public init(
    groups: inout [ParamGroup], base: TimmBase, decayT: [Double], decayRate: Double = 1, warmupT: Double = 0,
    warmupLRInit: Double = 0, warmupPrefix: Bool = true
  ) {
    self.base = base
    self.decayT = decayT
    self.decayRate = decayRate
    self.warmupPrefix = warmupPrefix
    warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    if t < warmup.t { return try warmup.values(at: t, emit: emit) }
    let tt = warmupPrefix ? t - warmup.t : t
    let n = Py.bisectRight(decayT, tt + 1)
    let f = try TimmMath.pow(decayRate, Double(n))
    for (i, v) in base.baseValues.enumerated() { try emit(i, v * f) }
  }
}
