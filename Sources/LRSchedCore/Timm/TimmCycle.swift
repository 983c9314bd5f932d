// CosineLRScheduler, TanhLRScheduler and PolyLRScheduler (timm 1.0.31,
// `timm/scheduler/{cosine_lr,tanh_lr,poly_lr}.py`): one shape repeated over cycles.

/// The cycle logic the three classes share (`cycle_mul`, `cycle_decay`, `cycle_limit`,
/// warm-up and `warmup_prefix`).
///
/// ```
/// t < warmup_t:  warmup_lr_init + t * warmup_step
/// else:          t -= warmup_t if warmup_prefix
///   cycle_mul != 1: i = floor(log(1 - t / t_initial * (1 - cycle_mul), cycle_mul))
///                   t_i = cycle_mul ** i * t_initial
///                   t_curr = t - (1 - cycle_mul ** i) / (1 - cycle_mul) * t_initial
///   else:           i = t // t_initial; t_i = t_initial; t_curr = t - t_initial * i
///   lr_max = base * cycle_decay ** i;  i < cycle_limit ? shape : lr_min
/// get_cycle_length(cycles=0): c = max(1, cycles or cycle_limit)
///   t_initial * c  (cycle_mul == 1)  or  int(floor(-t_initial * (cycle_mul ** c - 1) / (1 - cycle_mul)))
///   + warmup_t when warmup_prefix
/// ```
public struct TimmCycles: Sendable, Equatable {
  public let tInitial: Double
  public let lrMin: Double
  public let cycleMul: Double
  public let cycleDecay: Double
  public let cycleLimit: Double
  public let warmupPrefix: Bool

  public init(
    tInitial: Double, lrMin: Double = 0, cycleMul: Double = 1, cycleDecay: Double = 1, cycleLimit: Double = 1,
    warmupPrefix: Bool = false
  ) {
    self.tInitial = tInitial
    self.lrMin = lrMin
    self.cycleMul = cycleMul
    self.cycleDecay = cycleDecay
    self.cycleLimit = cycleLimit
    self.warmupPrefix = warmupPrefix
  }

  /// The position in the cycles at `t` (after the warm-up prefix was removed).
  public struct Position: Sendable, Equatable {
    /// The cycle index `i` (a Python int, or a float when `t_initial` is a float).
    public var i: Double
    public var tI: Double
    public var tCurr: Double
  }

  public func position(at t: Double) throws(ScheduleError) -> Position {
    if cycleMul != 1 {
      let i = try TimmMath.floor(try TimmMath.log(1 - t / tInitial * (1 - cycleMul), base: cycleMul))
      let p = try TimmMath.pow(cycleMul, i)
      let tI = p * tInitial
      let tCurr = t - (1 - p) / (1 - cycleMul) * tInitial
      return Position(i: i, tI: tI, tCurr: tCurr)
    }
    let i = try TimmMath.floorDiv(t, tInitial, bothInts: false)
    return Position(i: i, tI: tInitial, tCurr: t - tInitial * i)
  }

  /// `get_cycle_length(cycles)` (warm-up prefix included).
  public func cycleLength(cycles: Double = 0, warmupT: Double) throws(ScheduleError) -> Double {
    let c = Swift.max(1, cycles != 0 ? cycles : cycleLimit)
    let t: Double
    if cycleMul == 1 {
      t = tInitial * c
    } else {
      t = try TimmMath.floor(-tInitial * (try TimmMath.pow(cycleMul, c) - 1) / (1 - cycleMul))
    }
    return warmupPrefix ? t + warmupT : t
  }
}

/// The common constructor checks and warm-up of the cycle classes.
public struct TimmCycleCore: Sendable, Equatable {
  public let base: TimmBase
  public let cycles: TimmCycles
  public var warmup: TimmWarmup

  /// `t` with the warm-up prefix removed, or `nil` inside the warm-up.
  func afterWarmup(_ t: Double) -> Double? {
    if t < warmup.t { return nil }
    return cycles.warmupPrefix ? t - warmup.t : t
  }

  public func cycleLength(cycles c: Double = 0) throws(ScheduleError) -> Double {
    try cycles.cycleLength(cycles: c, warmupT: warmup.t)
  }

  /// `[self.lr_min for _ in self.base_values]`, past the cycle limit.
  func emitMin(_ emit: TimmEmit) throws(ScheduleError) {
    for i in base.baseValues.indices { try emit(i, cycles.lrMin) }
  }
}

/// `CosineLRScheduler(t_initial, lr_min=0., cycle_mul=1., cycle_decay=1., cycle_limit=1,
/// warmup_t=0, warmup_lr_init=0, warmup_prefix=False, t_in_epochs=True, noise_range_t=None,
/// noise_pct=0.67, noise_std=1.0, noise_seed=42, k_decay=1.0, initialize=True)`.
///
/// ```
/// lr = lr_min + 0.5 * (lr_max - lr_min) * (1 + cos(pi * t_curr ** k / t_i ** k))
/// ```
/// Asserts `t_initial > 0` and `lr_min >= 0`.
public struct TimmCosineLR: TimmCurveScheduler {
  public let core: TimmCycleCore
  public let kDecay: Double
  public var base: TimmBase { core.base }

  public init(
    groups: inout [ParamGroup], base: TimmBase, cycles: TimmCycles, warmupT: Double = 0, warmupLRInit: Double = 0,
    kDecay: Double = 1
  ) throws(ScheduleError) {
    guard cycles.tInitial > 0, cycles.lrMin >= 0 else { throw ScheduleError("AssertionError", "") }
    self.kDecay = kDecay
    let warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
    core = TimmCycleCore(base: base, cycles: cycles, warmup: warmup)
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    guard let t = core.afterWarmup(t) else { return try core.warmup.values(at: t, emit: emit) }
    let c = core.cycles
    let p = try c.position(at: t)
    let gamma = try TimmMath.pow(c.cycleDecay, p.i)
    guard p.i < c.cycleLimit else { return try core.emitMin(emit) }
    let angle = Double.pi * (try TimmMath.pow(p.tCurr, kDecay)) / (try TimmMath.pow(p.tI, kDecay))
    let cosTerm = 1 + (try TimmMath.cos(angle))
    for (i, v) in base.baseValues.enumerated() {
      let lrMax = v * gamma
      try emit(i, c.lrMin + 0.5 * (lrMax - c.lrMin) * cosTerm)
    }
  }

  /// `get_cycle_length(cycles=0)`.
  public func cycleLength(cycles: Double = 0) throws(ScheduleError) -> Double { try core.cycleLength(cycles: cycles) }
}

/// `TanhLRScheduler(t_initial, lb=-7., ub=3., lr_min=0., cycle_mul=1., cycle_decay=1.,
/// cycle_limit=1, warmup_t=0, warmup_lr_init=0, warmup_prefix=False, t_in_epochs=True,
/// noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42, initialize=True)`.
///
/// ```
/// tr = t_curr / t_i
/// lr = lr_min + 0.5 * (lr_max - lr_min) * (1 - tanh(lb * (1 - tr) + ub * tr))
/// ```
/// The warm-up ramps to the base value with `warmup_prefix`, otherwise to the curve's own
/// value at `t = warmup_t` (computed at construction). Asserts `t_initial > 0`,
/// `lr_min >= 0`, `lb < ub`, `cycle_limit >= 0`, `warmup_t >= 0`, `warmup_lr_init >= 0`.
public struct TimmTanhLR: TimmCurveScheduler {
  public private(set) var core: TimmCycleCore
  public let lb: Double
  public let ub: Double
  public var base: TimmBase { core.base }

  public init(
    groups: inout [ParamGroup], base: TimmBase, cycles: TimmCycles, lb: Double = -7, ub: Double = 3,
    warmupT: Double = 0, warmupLRInit: Double = 0
  ) throws(ScheduleError) {
    guard cycles.tInitial > 0, cycles.lrMin >= 0, lb < ub, cycles.cycleLimit >= 0, warmupT >= 0, warmupLRInit >= 0
    else { throw ScheduleError("AssertionError", "") }
    self.lb = lb
    self.ub = ub
    core = TimmCycleCore(base: base, cycles: cycles, warmup: .disabled(lrInit: warmupLRInit, count: base.baseValues.count))
    if warmupT != 0 {
      // `_get_lr(self.warmup_t)` without prefix: t is not below warmup_t there, so the
      // curve itself is evaluated (before the warm-up steps exist).
      let targets = cycles.warmupPrefix ? base.baseValues : try Self.curve(at: warmupT, core: core, lb: lb, ub: ub)
      core.warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: targets, base: base, groups: &groups)
    }
  }

  static func curve(at t: Double, core: TimmCycleCore, lb: Double, ub: Double, emit: TimmEmit) throws(ScheduleError) {
    let c = core.cycles
    let p = try c.position(at: t)
    guard p.i < c.cycleLimit else { return try core.emitMin(emit) }
    let gamma = try TimmMath.pow(c.cycleDecay, p.i)
    let tr = p.tCurr / p.tI
    let tanhTerm = 1 - LibM.tanh(lb * (1.0 - tr) + ub * tr)
    for (i, v) in core.base.baseValues.enumerated() {
      let lrMax = v * gamma
      try emit(i, c.lrMin + 0.5 * (lrMax - c.lrMin) * tanhTerm)
    }
  }

  static func curve(at t: Double, core: TimmCycleCore, lb: Double, ub: Double) throws(ScheduleError) -> [Double] {
    var out: [Double] = []
    try curve(at: t, core: core, lb: lb, ub: ub) { (_: Int, v: Double) throws(ScheduleError) in out.append(v) }
    return out
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    guard let t = core.afterWarmup(t) else { return try core.warmup.values(at: t, emit: emit) }
    try Self.curve(at: t, core: core, lb: lb, ub: ub, emit: emit)
  }

  public func cycleLength(cycles: Double = 0) throws(ScheduleError) -> Double { try core.cycleLength(cycles: cycles) }
}

/// `PolyLRScheduler(t_initial, power=0.5, lr_min=0., cycle_mul=1., cycle_decay=1.,
/// cycle_limit=1, warmup_t=0, warmup_lr_init=0, warmup_prefix=False, t_in_epochs=True,
/// noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42, k_decay=1.0,
/// initialize=True)`.
///
/// ```
/// lr = lr_min + (lr_max - lr_min) * (1 - t_curr ** k / t_i ** k) ** power
/// ```
/// Asserts `t_initial > 0` and `lr_min >= 0`.
public struct TimmPolyLR: TimmCurveScheduler {
  public let core: TimmCycleCore
  public let power: Double
  public let kDecay: Double
  public var base: TimmBase { core.base }

  public init(
    groups: inout [ParamGroup], base: TimmBase, cycles: TimmCycles, power: Double = 0.5, warmupT: Double = 0,
    warmupLRInit: Double = 0, kDecay: Double = 1
  ) throws(ScheduleError) {
    guard cycles.tInitial > 0, cycles.lrMin >= 0 else { throw ScheduleError("AssertionError", "") }
    self.power = power
    self.kDecay = kDecay
    let warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
    core = TimmCycleCore(base: base, cycles: cycles, warmup: warmup)
  }

  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    guard let t = core.afterWarmup(t) else { return try core.warmup.values(at: t, emit: emit) }
    let c = core.cycles
    let p = try c.position(at: t)
    let gamma = try TimmMath.pow(c.cycleDecay, p.i)
    guard p.i < c.cycleLimit else { return try core.emitMin(emit) }
    let ratio = (try TimmMath.pow(p.tCurr, kDecay)) / (try TimmMath.pow(p.tI, kDecay))
    let factor = try TimmMath.pow(1 - ratio, power)
    for (i, v) in base.baseValues.enumerated() {
      let lrMax = v * gamma
      try emit(i, c.lrMin + (lrMax - c.lrMin) * factor)
    }
  }

  public func cycleLength(cycles: Double = 0) throws(ScheduleError) -> Double { try core.cycleLength(cycles: cycles) }
}
