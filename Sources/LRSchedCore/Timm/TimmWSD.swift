/// `WSDLRScheduler(t_initial, decay_t, lr_min=0., stable_fn='constant', stable_timescale=None,
/// stable_power=0.5, decay_fn='1-sqrt', decay_power=0.5, decay_ratio=0.1, warmup_t=0,
/// warmup_lr_init=0., t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0,
/// noise_seed=42, initialize=True)` (timm 1.0.31, `timm/scheduler/wsd_lr.py`).
///
/// Warm-up is always a prefix; `t_initial` counts the stable and decay phases.
///
/// ```
/// t < warmup_t: warmup_lr_init + t * warmup_step
/// t_s = t - warmup_t
/// stable(t_s) = 1 ('constant') or (1 + t_s / stable_timescale) ** -p   (p = 0.5 'rsqrt', stable_power 'power')
/// stable_lr = max(base * stable(t_s), lr_min)
/// t_decay = t_s - (t_initial - decay_t);  t_decay <= 0: stable_lr
/// frac = min(t_decay / decay_t, 1)
/// decay: linear 1 - frac | 1-sqrt 1 - sqrt(frac) | cosine 0.5 * (1 + cos(pi * frac))
///        power 1 - frac ** decay_power | exp (r ** frac - r) / (1 - r), r = decay_ratio
/// lr = lr_min + (stable_lr - lr_min) * decay
/// get_cycle_length() = warmup_t + t_initial
/// ```
public struct TimmWSDLR: TimmCurveScheduler {
  public enum StableFn: String, Sendable, CaseIterable { case constant, rsqrt, power }
  public enum DecayFn: String, Sendable, CaseIterable {
    case linear
    case oneMinusSqrt = "1-sqrt"
    case cosine, power, exp
  }

  public let base: TimmBase
  public let tInitial: Double
  public let decayT: Double
  public let lrMin: Double
  public let stableFn: StableFn
  public let stableTimescale: Double?
  public let stablePower: Double
  public let decayFn: DecayFn
  public let decayPower: Double
  public let decayRatio: Double
  public let warmup: TimmWarmup

  /// Numbers keep their Python spelling for the constructor's messages (`10` vs `10.0`).
  public init(
    groups: inout [ParamGroup], base: TimmBase, tInitial: PyNumber, decayT: PyNumber, lrMin: PyNumber = .float(0),
    stableFn: String = "constant", stableTimescale: PyNumber? = nil, stablePower: PyNumber = .float(0.5),
    decayFn: String = "1-sqrt", decayPower: PyNumber = .float(0.5), decayRatio: PyNumber = .float(0.1),
    warmupT: PyNumber = .int(0), warmupLRInit: Double = 0
  ) throws(ScheduleError) {
    let tI = tInitial.double
    let dT = decayT.double
    guard tI > 0 else { throw .value("Invalid t_initial (\(tInitial)), must be > 0.") }
    guard 0 < dT && dT <= tI else {
      throw .value("Invalid decay_t (\(decayT)), must be in (0, t_initial] w/ t_initial=\(tInitial).")
    }
    guard lrMin.double >= 0 else { throw .value("Invalid lr_min (\(lrMin)), must be >= 0.") }
    guard let sf = StableFn(rawValue: stableFn) else {
      throw .value("Invalid stable_fn (\(stableFn)), must be one of ('constant', 'rsqrt', 'power').")
    }
    guard let df = DecayFn(rawValue: decayFn) else {
      throw .value(
        "Invalid decay_fn (\(decayFn)), must be one of ('linear', '1-sqrt', 'cosine', 'power', 'exp') or a callable.")
    }
    guard 0 < decayRatio.double && decayRatio.double < 1 else {
      throw .value("Invalid decay_ratio (\(decayRatio)), must be in (0, 1).")
    }
    guard decayPower.double > 0 else { throw .value("Invalid decay_power (\(decayPower)), must be > 0.") }
    guard stablePower.double > 0 else { throw .value("Invalid stable_power (\(stablePower)), must be > 0.") }
    var timescale = stableTimescale
    if sf != .constant {
      if timescale == nil { timescale = warmupT }
      guard timescale!.double > 0 else {
        throw .value(
          "stable_fn=\(stableFn) requires a positive stable_timescale, it defaults to warmup_t (\(warmupT)), set it explicitly when there is no warmup.")
      }
    }
    self.base = base
    self.tInitial = tI
    self.decayT = dT
    self.lrMin = lrMin.double
    self.stableFn = sf
    self.stableTimescale = timescale?.double
    self.stablePower = stablePower.double
    self.decayFn = df
    self.decayPower = decayPower.double
    self.decayRatio = decayRatio.double
    warmup = TimmWarmup(
      t: warmupT.double, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
  }

  /// `_stable(t_s)`: 1 at `t_s = 0`.
  func stable(_ ts: Double) throws(ScheduleError) -> Double {
    guard stableFn != .constant, let scale = stableTimescale else { return 1.0 }
    let power = stableFn == .rsqrt ? 0.5 : stablePower
    return try TimmMath.pow(1.0 + ts / scale, -power)
  }

  /// `_decay(frac)`: from 1 at `frac = 0` to 0 at `frac = 1`.
  func decay(_ frac: Double) throws(ScheduleError) -> Double {
    switch decayFn {
    case .linear: return 1.0 - frac
    case .oneMinusSqrt: return 1.0 - (try TimmMath.sqrt(frac))
    case .cosine: return 0.5 * (1.0 + (try TimmMath.cos(Double.pi * frac)))
    case .power: return 1.0 - (try TimmMath.pow(frac, decayPower))
    case .exp:
      let r = decayRatio
      return (try TimmMath.pow(r, frac) - r) / (1.0 - r)
    }
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    if t < warmup.t { return try warmup.values(at: t, emit: emit) }
    let ts = t - warmup.t
    let s = try stable(ts)
    let tDecay = ts - (tInitial - decayT)
    var d: Double?
    if tDecay > 0 {
      let q = tDecay / decayT
      d = try decay(1.0 < q ? 1.0 : q)
    }
    for (i, v) in base.baseValues.enumerated() {
      // Python's max(a, b) keeps a unless b > a.
      let a = v * s
      let stableLR = lrMin > a ? lrMin : a
      try emit(i, d.map { lrMin + (stableLR - lrMin) * $0 } ?? stableLR)
    }
  }

  /// `get_cycle_length()`: `warmup_t + t_initial`.
  public func cycleLength() -> Double { warmup.t + tInitial }
}
