import LRSchedCore

extension Registry {
  /// The noise parameters every timm class takes (in signature order after `t_in_epochs`).
  static let timmNoiseParams = [
    Param("noise_range_t", "None"), Param("noise_pct", "0.67"), Param("noise_std", "1.0"), Param("noise_seed", "42"),
  ]

  /// `timm.scheduler` (1.0.31), every constructor parameter and default. The classes are
  /// driven by timm's training loop (`step_update` after every update, `step(epoch + 1)`
  /// after every epoch); `t_in_epochs` decides which of the two calls counts.
  static let timmClasses: [SchedulerClass] = [
    SchedulerClass(
      "StepLRScheduler", .timm,
      [Param("decay_t"), Param("decay_rate", "1.0"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"),
       Param("warmup_prefix", "True"), Param("t_in_epochs", "True")] + timmNoiseParams + [Param("initialize", "True")],
      "base · decay_rate ** (t // decay_t), after a linear warm-up (prefix by default)"
    ) { groups, a, ctx throws(SpecError) in
      guard let decayT = try a.number("decay_t") else { throw a.missing("decay_t") }
      if ctx.strict { try a.require(decayT.double > 0, "decay_t", "must be positive, got \(decayT)") }
      let rate = try a.double("decay_rate", 1.0)
      let (wt, wtIsInt) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let prefix = try a.bool("warmup_prefix", true)
      var isInt = false
      if case .int = decayT { isInt = true }
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return TimmStepLR(
          groups: &groups, base: base, decayT: decayT.double, decayTIsInt: isInt, decayRate: rate, warmupT: wt,
          warmupLRInit: wlr, warmupPrefix: prefix, warmupTIsInt: wtIsInt)
      }
    },
    SchedulerClass(
      "MultiStepLRScheduler", .timm,
      [Param("decay_t"), Param("decay_rate", "1.0"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"),
       Param("warmup_prefix", "True"), Param("t_in_epochs", "True")] + timmNoiseParams + [Param("initialize", "True")],
      "base · decay_rate ** (milestones ≤ t + 1): milestone m applies from t = m − 1"
    ) { groups, a, ctx throws(SpecError) in
      guard a.has("decay_t") else { throw a.missing("decay_t") }
      // An empty list is legal: bisect finds no milestone and the lr stays at base.
      var isList = false
      switch try a.value("decay_t") {
      case .list?, .tuple?: isList = true
      default: break
      }
      let ms = isList ? (try a.numbers("decay_t") ?? []) : []
      guard isList else {
        // bisect.bisect_right(number, t) raises TypeError in timm at the first step.
        throw a.fail("MultiStepLRScheduler(): decay_t must be a list of milestones", a.node("decay_t")!)
      }
      if ctx.strict {
        try a.require(zip(ms, ms.dropFirst()).allSatisfy { $0 <= $1 }, "decay_t", "must be sorted (timm bisects it)")
      }
      let rate = try a.double("decay_rate", 1.0)
      let (wt, _) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let prefix = try a.bool("warmup_prefix", true)
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return TimmMultiStepLR(
          groups: &groups, base: base, decayT: ms, decayRate: rate, warmupT: wt, warmupLRInit: wlr, warmupPrefix: prefix)
      }
    },
    SchedulerClass(
      "CosineLRScheduler", .timm,
      [Param("t_initial"), Param("lr_min", "0.0"), Param("cycle_mul", "1.0"), Param("cycle_decay", "1.0"),
       Param("cycle_limit", "1"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"), Param("warmup_prefix", "False"),
       Param("t_in_epochs", "True")] + timmNoiseParams + [Param("k_decay", "1.0"), Param("initialize", "True")],
      "cosine from base to lr_min over t_initial, with restarts (cycle_mul, cycle_decay, cycle_limit), k-decay, warm-up"
    ) { groups, a, ctx throws(SpecError) in
      let cycles = try timmCycles(a, ctx)
      let (wt, _) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let k = try a.double("k_decay", 1.0)
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return try TimmCosineLR(groups: &groups, base: base, cycles: cycles, warmupT: wt, warmupLRInit: wlr, kDecay: k)
      }
    },
    SchedulerClass(
      "TanhLRScheduler", .timm,
      [Param("t_initial"), Param("lb", "-7.0"), Param("ub", "3.0"), Param("lr_min", "0.0"), Param("cycle_mul", "1.0"),
       Param("cycle_decay", "1.0"), Param("cycle_limit", "1"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"),
       Param("warmup_prefix", "False"), Param("t_in_epochs", "True")] + timmNoiseParams
        + [Param("initialize", "True")],
      "1 − tanh from lb to ub over t_initial, with restarts; warm-up ramps to the curve's value at warmup_t"
    ) { groups, a, ctx throws(SpecError) in
      let cycles = try timmCycles(a, ctx)
      let lb = try a.double("lb", -7)
      let ub = try a.double("ub", 3)
      let (wt, _) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return try TimmTanhLR(groups: &groups, base: base, cycles: cycles, lb: lb, ub: ub, warmupT: wt, warmupLRInit: wlr)
      }
    },
    SchedulerClass(
      "PolyLRScheduler", .timm,
      [Param("t_initial"), Param("power", "0.5"), Param("lr_min", "0.0"), Param("cycle_mul", "1.0"),
       Param("cycle_decay", "1.0"), Param("cycle_limit", "1"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"),
       Param("warmup_prefix", "False"), Param("t_in_epochs", "True")] + timmNoiseParams
        + [Param("k_decay", "1.0"), Param("initialize", "True")],
      "lr_min + (base − lr_min)(1 − t/t_initial)^power, with restarts, k-decay, warm-up"
    ) { groups, a, ctx throws(SpecError) in
      let cycles = try timmCycles(a, ctx)
      let power = try a.double("power", 0.5)
      let (wt, _) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let k = try a.double("k_decay", 1.0)
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return try TimmPolyLR(
          groups: &groups, base: base, cycles: cycles, power: power, warmupT: wt, warmupLRInit: wlr, kDecay: k)
      }
    },
    SchedulerClass(
      "PlateauLRScheduler", .timm,
      [Param("decay_rate", "0.1"), Param("patience_t", "10"), Param("threshold", "0.0001"),
       Param("cooldown_t", "0"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"), Param("lr_min", "0.0"),
       Param("mode", "'max'"), Param("noise_range_t", "None"), Param("noise_type", "'normal'"),
       Param("noise_pct", "0.67"), Param("noise_std", "1.0"), Param("noise_seed", "None"), Param("initialize", "True")],
      "ReduceLROnPlateau (mode='max' by default) after a warm-up, per epoch (needs --metrics)"
    ) { groups, a, ctx throws(SpecError) in
      let rate = try a.double("decay_rate", 0.1)
      let patience = try a.double("patience_t", 10)
      let threshold = try a.double("threshold", 1e-4)
      let cooldown = try a.double("cooldown_t", 0)
      let (wt, _) = try timmWarmupT(a)
      let wlr = try a.double("warmup_lr_init", 0)
      let (lrMin, isList) = try a.doubles("lr_min", [0])
      let mode = try a.string("mode", "max")
      let noise = try timmNoise(a, ctx, plateau: true)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, tInEpochs: true, noise: noise)
        return try TimmPlateauLR(
          groups: &groups, base: base, decayRate: rate, patienceT: patience, threshold: threshold, cooldownT: cooldown,
          warmupT: wt, warmupLRInit: wlr, lrMin: lrMin, lrMinIsList: isList, mode: mode)
      }
    },
    SchedulerClass(
      "WSDLRScheduler", .timm,
      [Param("t_initial"), Param("decay_t"), Param("lr_min", "0.0"), Param("stable_fn", "'constant'"),
       Param("stable_timescale", "None"), Param("stable_power", "0.5"), Param("decay_fn", "'1-sqrt'"),
       Param("decay_power", "0.5"), Param("decay_ratio", "0.1"), Param("warmup_t", "0"), Param("warmup_lr_init", "0.0"),
       Param("t_in_epochs", "True")] + timmNoiseParams + [Param("initialize", "True")],
      "warm-up, stable (constant, rsqrt, power), then decay to lr_min over the last decay_t of t_initial"
    ) { groups, a, ctx throws(SpecError) in
      guard let tInitial = try a.number("t_initial") else { throw a.missing("t_initial") }
      guard let decayT = try a.number("decay_t") else { throw a.missing("decay_t") }
      let lrMin = try a.number("lr_min") ?? .float(0)
      let stableFn = try a.string("stable_fn", "constant")
      let timescale = try a.number("stable_timescale")
      let stablePower = try a.number("stable_power") ?? .float(0.5)
      if let n = a.node("decay_fn"), n.isCallable {
        throw a.fail(
          "WSDLRScheduler(): a callable decay_fn is not supported; use 'linear', '1-sqrt', 'cosine', 'power' or 'exp'", n)
      }
      let decayFn = try a.string("decay_fn", "1-sqrt")
      let decayPower = try a.number("decay_power") ?? .float(0.5)
      let decayRatio = try a.number("decay_ratio") ?? .float(0.1)
      let warmupT = try a.number("warmup_t") ?? .int(0)
      let wlr = try a.double("warmup_lr_init", 0)
      let noise = try timmNoise(a, ctx)
      return try timmStepper(a) { () throws(ScheduleError) in
        let base = try timmBase(a, &groups, ctx, noise: noise)
        return try TimmWSDLR(
          groups: &groups, base: base, tInitial: tInitial, decayT: decayT, lrMin: lrMin, stableFn: stableFn,
          stableTimescale: timescale, stablePower: stablePower, decayFn: decayFn, decayPower: decayPower,
          decayRatio: decayRatio, warmupT: warmupT, warmupLRInit: wlr)
      }
    },
  ]

  /// Runs a timm constructor and wires the result into timm's training loop.
  static func timmStepper(
    _ a: Arguments, _ body: () throws(ScheduleError) -> any TimmScheduler
  ) throws(SpecError) -> BuiltScheduler {
    .stepper(TimmLoopStepper(try construct(a, body)))
  }

  /// `Scheduler.__init__` with the spec's field, `t_in_epochs` and `initialize`.
  static func timmBase(
    _ a: Arguments, _ groups: inout [ParamGroup], _ ctx: BuildContext, tInEpochs: Bool? = nil, noise: TimmNoise
  ) throws(ScheduleError) -> TimmBase {
    // The arguments were validated before the constructor ran; re-reading cannot fail.
    let t = tInEpochs ?? ((try? a.bool("t_in_epochs", true)) ?? true)
    let initialize = (try? a.bool("initialize", true)) ?? true
    return try TimmBase(groups: &groups, field: ctx.field, tInEpochs: t, noise: noise, initialize: initialize)
  }

  /// `warmup_t` as a number, and whether it is a Python int.
  static func timmWarmupT(_ a: Arguments) throws(SpecError) -> (Double, Bool) {
    switch try a.number("warmup_t") {
    case nil: return (0, true)
    case .int(let i)?: return (Double(i), true)
    case .float(let d)?: return (d, false)
    }
  }

  /// `t_initial`, `lr_min`, `cycle_mul`, `cycle_decay`, `cycle_limit`, `warmup_prefix`.
  static func timmCycles(_ a: Arguments, _ ctx: BuildContext) throws(SpecError) -> TimmCycles {
    guard let tInitial = try a.number("t_initial") else { throw a.missing("t_initial") }
    let cycleMul = try a.double("cycle_mul", 1)
    if ctx.strict {
      try a.require(cycleMul > 0, "cycle_mul", "must be positive, got \(PyFormat.repr(cycleMul))")
    }
    return TimmCycles(
      tInitial: tInitial.double, lrMin: try a.double("lr_min", 0), cycleMul: cycleMul,
      cycleDecay: try a.double("cycle_decay", 1), cycleLimit: try a.double("cycle_limit", 1),
      warmupPrefix: try a.bool("warmup_prefix", false))
  }

  /// `noise_seed`: any Python int (None: 42). timm only adds `t` to it and hands it to
  /// torch's `manual_seed`, which raises when it is used beyond 64 bits; a value beyond
  /// 128 bits is kept as one just outside that range.
  static func timmSeed(_ a: Arguments) throws(SpecError) -> Int128 {
    guard let n = a.node("noise_seed"), let v = try a.value("noise_seed") else { return 42 }
    switch v {
    case .none: return 42
    case .int(let i): return Int128(i)
    case .bool(let b): return b ? 1 : 0
    case .bigInt(let b): return b.clampedInt128
    default: throw a.fail("\(a.className)(): noise_seed must be an int, got \(v.repr) (\(v.typeName))", n)
    }
  }

  /// `noise_range_t`, `noise_pct`, `noise_std`, `noise_seed` (and Plateau's `noise_type`).
  static func timmNoise(_ a: Arguments, _ ctx: BuildContext, plateau: Bool = false) throws(SpecError) -> TimmNoise {
    var noise = TimmNoise()
    noise.pct = try a.double("noise_pct", 0.67)
    noise.std = try a.double("noise_std", 1.0)
    noise.seed = try timmSeed(a)
    if plateau {
      let type = try a.string("noise_type", "normal")
      if ctx.strict {
        try a.require(
          type == "normal" || type == "uniform", "noise_type",
          "must be 'normal' or 'uniform' (timm treats anything but 'normal' as uniform), got '\(type)'")
      }
      noise.type = type == "normal" ? .normal : .uniform
    }
    if let n = a.node("noise_range_t"), let v = try a.value("noise_range_t") {
      switch v {
      case .none: break
      case .list(let items), .tuple(let items):
        var out: [Double] = []
        for it in items {
          guard let x = it.number else {
            throw a.fail("\(a.className)(): noise_range_t must hold numbers, got \(it.repr)", n)
          }
          out.append(x.double)
        }
        var isTuple = false
        if case .tuple = v { isTuple = true }
        if ctx.strict {
          try a.require(out.count == 2, "noise_range_t", "must be a number or a (start, end) pair, got \(v.repr)")
        }
        noise.range = .range(out, isTuple: isTuple)
      default:
        guard let x = v.number else {
          throw a.fail("\(a.className)(): noise_range_t must be None, a number or a (start, end) pair, got \(v.repr)", n)
        }
        noise.range = .from(x.double)
      }
    }
    if ctx.strict, noise.range != nil, noise.type == .normal {
      try a.require(
        noise.pct > 0, "noise_pct", "must be positive with normal noise (timm redraws until |noise| < noise_pct)")
    }
    return noise
  }
}
