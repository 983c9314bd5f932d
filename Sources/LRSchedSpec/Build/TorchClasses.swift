import LRSchedCore

extension Registry {
  /// `torch.optim.lr_scheduler` (2.15), every constructor parameter and default.
  static let torchClasses: [SchedulerClass] = [
    SchedulerClass(
      "LambdaLR", .torch, [Param("lr_lambda"), Param("last_epoch", "-1")],
      "lr = base · lr_lambda(epoch); one lambda or a list, one per group"
    ) { groups, a, ctx throws(SpecError) in
      guard let (ls, isList) = try a.lambdas("lr_lambda") else { throw a.missing("lr_lambda") }
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchLambdaLR(groups: &groups, field: ctx.field, lambdas: ls, isList: isList)
      })
    },
    SchedulerClass(
      "MultiplicativeLR", .torch, [Param("lr_lambda"), Param("last_epoch", "-1")],
      "lr ← lr · lr_lambda(epoch) for epoch > 0"
    ) { groups, a, ctx throws(SpecError) in
      guard let (ls, isList) = try a.lambdas("lr_lambda") else { throw a.missing("lr_lambda") }
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchMultiplicativeLR(groups: &groups, field: ctx.field, lambdas: ls, isList: isList)
      })
    },
    SchedulerClass(
      "StepLR", .torch, [Param("step_size"), Param("gamma", "0.1"), Param("last_epoch", "-1")],
      "multiply by gamma every step_size steps"
    ) { groups, a, ctx throws(SpecError) in
      guard let stepSize = try a.number("step_size") else { throw a.missing("step_size") }
      if ctx.strict { try a.require(stepSize.double > 0, "step_size", "must be positive, got \(stepSize)") }
      let gamma = try a.double("gamma", 0.1)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchStepLR(groups: &groups, field: ctx.field, stepSize: stepSize, gamma: gamma)
      })
    },
    SchedulerClass(
      "MultiStepLR", .torch, [Param("milestones"), Param("gamma", "0.1"), Param("last_epoch", "-1")],
      "multiply by gamma at each milestone"
    ) { groups, a, ctx throws(SpecError) in
      guard let ms = try a.numbers("milestones") else { throw a.missing("milestones") }
      let gamma = try a.double("gamma", 0.1)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchMultiStepLR(groups: &groups, field: ctx.field, milestones: ms, gamma: gamma)
      })
    },
    SchedulerClass(
      "ConstantLR", .torch,
      [Param("factor", "0.3333333333333333"), Param("total_iters", "5"), Param("last_epoch", "-1")],
      "base · factor for total_iters steps, then base"
    ) { groups, a, ctx throws(SpecError) in
      let factor = try a.double("factor", 1.0 / 3)
      let total = try a.double("total_iters", 5)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchConstantLR(groups: &groups, field: ctx.field, factor: factor, totalIters: total)
      })
    },
    SchedulerClass(
      "LinearLR", .torch,
      [Param("start_factor", "0.3333333333333333"), Param("end_factor", "1.0"), Param("total_iters", "5"),
       Param("last_epoch", "-1")],
      "factor ramps linearly from start_factor to end_factor over total_iters steps"
    ) { groups, a, ctx throws(SpecError) in
      let s = try a.double("start_factor", 1.0 / 3)
      let e = try a.double("end_factor", 1.0)
      let total = try a.double("total_iters", 5)
      if ctx.strict { try a.require(total >= 0, "total_iters", "must not be negative, got \(PyFormat.repr(total))") }
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchLinearLR(groups: &groups, field: ctx.field, startFactor: s, endFactor: e, totalIters: total)
      })
    },
    SchedulerClass(
      "ExponentialLR", .torch, [Param("gamma"), Param("last_epoch", "-1")],
      "multiply by gamma every step"
    ) { groups, a, ctx throws(SpecError) in
      let gamma = try a.requiredDouble("gamma")
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchExponentialLR(groups: &groups, field: ctx.field, gamma: gamma)
      })
    },
    SchedulerClass(
      "PolynomialLR", .torch, [Param("total_iters", "5"), Param("power", "1.0"), Param("last_epoch", "-1")],
      "base · (1 − t/total_iters)^power, reaching 0"
    ) { groups, a, ctx throws(SpecError) in
      let total = try a.number("total_iters") ?? .int(5)
      if ctx.strict { try a.require(total.double > 0, "total_iters", "must be positive, got \(total)") }
      let power = try a.double("power", 1.0)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchPolynomialLR(groups: &groups, field: ctx.field, totalIters: total, power: power)
      })
    },
    SchedulerClass(
      "CosineAnnealingLR", .torch, [Param("T_max"), Param("eta_min", "0.0"), Param("last_epoch", "-1")],
      "cosine from base to eta_min over T_max steps (recursive form; rises again after T_max)"
    ) { groups, a, ctx throws(SpecError) in
      let tMax = try a.requiredDouble("T_max")
      if ctx.strict { try a.require(tMax > 0 && tMax.isFinite, "T_max", "must be positive, got \(PyFormat.repr(tMax))") }
      let etaMin = try a.double("eta_min", 0)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchCosineAnnealingLR(groups: &groups, field: ctx.field, tMax: tMax, etaMin: etaMin)
      })
    },
    SchedulerClass(
      "CosineAnnealingWarmRestarts", .torch,
      [Param("T_0"), Param("T_mult", "1"), Param("eta_min", "0.0"), Param("last_epoch", "-1")],
      "SGDR: cosine over T_i steps, restarting with T_i · T_mult"
    ) { groups, a, ctx throws(SpecError) in
      guard a.values["T_0"] != nil else { throw a.missing("T_0") }
      guard case .int(let t0)? = try a.number("T_0") else {
        throw constructorError(a, .value("Expected positive integer T_0, but got \(try a.value("T_0")?.repr ?? "None")"))
      }
      // torch checks T_0 completely before T_mult.
      if t0 <= 0 { throw constructorError(a, .value("Expected positive integer T_0, but got \(t0)")) }
      let tMultValue = try a.number("T_mult") ?? .int(1)
      guard case .int(let tMult) = tMultValue else {
        throw constructorError(a, .value("Expected integer T_mult >= 1, but got \(tMultValue)"))
      }
      let etaMin = try a.double("eta_min", 0)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchCosineAnnealingWarmRestarts(groups: &groups, field: ctx.field, t0: t0, tMult: tMult, etaMin: etaMin)
      })
    },
    SchedulerClass(
      "CyclicLR", .torch,
      [Param("base_lr"), Param("max_lr"), Param("step_size_up", "2000"), Param("step_size_down", "None"),
       Param("mode", "'triangular'"), Param("gamma", "1.0"), Param("scale_fn", "None"),
       Param("scale_mode", "'cycle'"), Param("cycle_momentum", "True"), Param("base_momentum", "0.8"),
       Param("max_momentum", "0.9"), Param("last_epoch", "-1")],
      "triangle waves between base_lr and max_lr (triangular, triangular2, exp_range, or scale_fn); momentum inverse"
    ) { groups, a, ctx throws(SpecError) in
      guard a.values["base_lr"] != nil else { throw a.missing("base_lr") }
      guard a.values["max_lr"] != nil else { throw a.missing("max_lr") }
      let base = try a.perGroup("base_lr", [])
      let maxLR = try a.perGroup("max_lr", [])
      let up = try a.double("step_size_up", 2000)
      let down = try a.number("step_size_down")?.double
      if ctx.strict { try a.require(up + (down ?? up) > 0, "step_size_up", "plus step_size_down must be positive") }
      let mode = try a.string("mode", "triangular")
      let gamma = try a.double("gamma", 1.0)
      let scaleFn = try a.lambdas("scale_fn")?.lambdas.first
      let scaleMode = try a.string("scale_mode", "cycle")
      let cycle = try a.bool("cycle_momentum", true)
      let bm = try a.perGroup("base_momentum", [0.8])
      let mm = try a.perGroup("max_momentum", [0.9])
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchCyclicLR(
          groups: &groups, optimizer: ctx.optimizer.kind, field: ctx.field, baseLR: base, maxLR: maxLR,
          stepSizeUp: up, stepSizeDown: down, mode: mode, gamma: gamma, scaleFn: scaleFn, scaleMode: scaleMode,
          cycleMomentum: cycle, baseMomentum: bm, maxMomentum: mm)
      })
    },
    SchedulerClass(
      "OneCycleLR", .torch,
      [Param("max_lr"), Param("total_steps", "None"), Param("epochs", "None"), Param("steps_per_epoch", "None"),
       Param("pct_start", "0.3"), Param("anneal_strategy", "'cos'"), Param("cycle_momentum", "True"),
       Param("base_momentum", "0.85"), Param("max_momentum", "0.95"), Param("div_factor", "25.0"),
       Param("final_div_factor", "10000.0"), Param("three_phase", "False"), Param("last_epoch", "-1")],
      "1cycle: warm up to max_lr, anneal to max_lr/div_factor/final_div_factor; momentum inverse"
    ) { groups, a, ctx throws(SpecError) in
      guard a.values["max_lr"] != nil else { throw a.missing("max_lr") }
      let maxLR = try a.perGroup("max_lr", [])
      let total = try a.number("total_steps")
      let epochs = try a.number("epochs")
      let spe = try a.number("steps_per_epoch")
      if ctx.strict {
        for (name, v) in [("total_steps", total), ("epochs", epochs), ("steps_per_epoch", spe)] {
          if let v { try a.require(v.double > 0 && v.double <= 2e9, name, "must be between 1 and 2,000,000,000, got \(v)") }
        }
        if let e = epochs, let s = spe, total == nil {
          try a.require(e.double * s.double <= 2e9, "epochs", "× steps_per_epoch must be at most 2,000,000,000")
        }
      }
      let pct = try a.number("pct_start") ?? .float(0.3)
      let anneal = try a.string("anneal_strategy", "cos")
      let cycle = try a.bool("cycle_momentum", true)
      let bm = try a.perGroup("base_momentum", [0.85])
      let mm = try a.perGroup("max_momentum", [0.95])
      let div = try a.double("div_factor", 25)
      let finalDiv = try a.double("final_div_factor", 1e4)
      let three = try a.bool("three_phase", false)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchOneCycleLR(
          groups: &groups, optimizer: ctx.optimizer.kind, field: ctx.field, maxLR: maxLR, totalSteps: total,
          epochs: epochs, stepsPerEpoch: spe, pctStart: pct, annealStrategy: anneal, cycleMomentum: cycle,
          baseMomentum: bm, maxMomentum: mm, divFactor: div, finalDivFactor: finalDiv, threePhase: three)
      })
    },
    SchedulerClass(
      "SequentialLR", .torch, [Param("schedulers"), Param("milestones"), Param("last_epoch", "-1")],
      "run schedulers one after another, switching at the milestones"
    ) { groups, a, ctx throws(SpecError) in
      let children = try nestedSchedulers(a, "schedulers", &groups, ctx)
      guard let ms = try a.numbers("milestones") else { throw a.missing("milestones") }
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchSequentialLR(groups: &groups, field: ctx.field, schedulers: children, milestones: ms)
      })
    },
    SchedulerClass(
      "ChainedScheduler", .torch, [Param("schedulers"), Param("optimizer", "None")],
      "step every scheduler each step; their recursive updates multiply"
    ) { groups, a, ctx throws(SpecError) in
      let children = try nestedSchedulers(a, "schedulers", &groups, ctx)
      return .torch(try construct(a) { () throws(ScheduleError) in try TorchChainedScheduler(schedulers: children) })
    },
    SchedulerClass(
      "ReduceLROnPlateau", .torch,
      [Param("mode", "'min'"), Param("factor", "0.1"), Param("patience", "10"), Param("threshold", "0.0001"),
       Param("threshold_mode", "'rel'"), Param("cooldown", "0"), Param("min_lr", "0"), Param("eps", "1e-08")],
      "multiply lr by factor when the metric stops improving for patience epochs (needs --metrics)"
    ) { groups, a, ctx throws(SpecError) in
      let mode = try a.string("mode", "min")
      let factor = try a.double("factor", 0.1)
      let patience = try a.double("patience", 10)
      let threshold = try a.double("threshold", 1e-4)
      let tm = try a.string("threshold_mode", "rel")
      let cooldown = try a.double("cooldown", 0)
      let (minLR, isList) = try a.doubles("min_lr", [0])
      let eps = try a.double("eps", 1e-8)
      return .torch(try construct(a) { () throws(ScheduleError) in
        try TorchReduceLROnPlateau(
          groups: &groups, field: ctx.field, mode: mode, factor: factor, patience: patience, threshold: threshold,
          thresholdMode: tm, cooldown: cooldown, minLR: minLR, minLRIsList: isList, eps: eps)
      })
    },
  ]

  /// Runs a library constructor, turning what it raises into a located spec error.
  static func construct<T>(_ a: Arguments, _ body: () throws(ScheduleError) -> T) throws(SpecError) -> T {
    do {
      return try body()
    } catch {
      throw constructorError(a, error)
    }
  }

  static func constructorError(_ a: Arguments, _ error: ScheduleError) -> SpecError {
    // Point at the argument the message names, if any (longest name first).
    var column = a.call.offset
    let phrases = [
      "Starting multiplicative": "start_factor", "Ending multiplicative": "end_factor",
      "Constant multiplicative": "factor", "Factor should": "factor",
    ]
    for (phrase, name) in phrases where error.message.hasPrefix(phrase) {
      if let n = a.values[name] { column = n.offset }
    }
    for name in a.values.keys.sorted(by: { ($0.count, $1) > ($1.count, $0) })
    where column == a.call.offset && error.message.contains(name) {
      column = a.values[name]!.offset
      break
    }
    return SpecError(
      "\(a.className)() raised \(error.pythonType)" + (error.message.isEmpty ? "" : ": \(error.message)"),
      source: a.evaluator.source, column: column, scheduleError: error)
  }

  /// Builds the nested torch schedulers of SequentialLR / ChainedScheduler, in order, on
  /// the same groups.
  static func nestedSchedulers(
    _ a: Arguments, _ name: String, _ groups: inout [ParamGroup], _ ctx: BuildContext
  ) throws(SpecError) -> [any TorchScheduler] {
    guard let n = a.node(name) else { throw a.missing(name) }
    let items: [Node]
    switch n.expr {
    case .list(let l), .tuple(let l): items = l
    default: throw a.fail("\(a.className)(): \(name) must be a list of scheduler calls", n)
    }
    var out: [any TorchScheduler] = []
    for item in items {
      let child: BuiltScheduler
      if case .built(let i) = item.expr {
        guard let b = ctx.built?.take(i) else { throw a.fail("\(a.className)(): this scheduler is already in use", item) }
        child = b
      } else {
        child = try SpecBuilder.buildCall(item, groups: &groups, context: ctx, evaluator: a.evaluator)
      }
      switch child {
      case .torch(let s): out.append(s)
      case .stepper:
        throw a.fail("\(a.className)() takes torch schedulers only", item)
      }
    }
    return out
  }
}
