import LRSchedCore

/// How long a schedule is, in scheduler calls, and which argument says so.
public struct LintHorizon: Sendable {
  /// Scheduler calls the schedule is sized for.
  public var calls: Int
  /// How the user set it (`total_steps=5865`, `epochs × steps_per_epoch`).
  public var setBy: String
  /// The argument to write to size it for `n` calls (`"total_steps=\(n)"`).
  public var resize: @Sendable (Int) -> String

  public init(calls: Int, setBy: String, resize: @escaping @Sendable (Int) -> String) {
    self.calls = calls
    self.setBy = setBy
    self.resize = resize
  }
}

extension Lint {
  static let builtinRules: [any LintRule] = [
    ClosureRule("step-unit-mismatch", stepUnitMismatch),
    ClosureRule("schedule-raises", scheduleRaises),
    ClosureRule("length-mismatch", lengthMismatch),
    ClosureRule("warmup-from-zero", warmupFromZero),
    ClosureRule("cosine-rises-after-tmax", cosineRises),
    ClosureRule("restarts-too-frequent", restartsTooFrequent),
    ClosureRule("float-count", floatCounts),
    ClosureRule("lrmom-identity-default", lrmomIdentityDefault),
    ClosureRule("accelerated-quirks", acceleratedQuirks),
  ]

  /// The schedule length of a spec, in scheduler calls.
  public static func horizon(_ s: SpecSummary, _ ctx: LintContext) -> LintHorizon? {
    func h(_ calls: Int?, _ setBy: String, _ resize: @escaping @Sendable (Int) -> String) -> LintHorizon? {
      guard let calls, calls > 0 else { return nil }
      return LintHorizon(calls: calls, setBy: setBy, resize: resize)
    }
    switch s.className {
    case "OneCycleLR":
      if let t = s.int("total_steps") { return h(t, "total_steps=\(t)") { "total_steps=\($0)" } }
      if let e = s.int("epochs"), let spe = s.int("steps_per_epoch") {
        return h(e * spe, "epochs=\(e) × steps_per_epoch=\(spe)") { "total_steps=\($0)" }
      }
      return nil
    case "CosineAnnealingLR":
      return h(s.number("T_max").map { Py.int($0) }, "T_max=\(s.args["T_max"]?.repr ?? "?")") { "T_max=\($0)" }
    case "PolynomialLR", "LinearLR", "ConstantLR":
      guard s.has("total_iters") else { return nil }
      return h(s.int("total_iters"), "total_iters=\(s.int("total_iters") ?? 0)") { "total_iters=\($0)" }
    case "CosineLrScheduler":
      guard let e = s.int("total_num_epochs"), let spe = s.int("num_update_steps_per_epoch") else { return nil }
      return h(e * spe, "total_num_epochs=\(e) × num_update_steps_per_epoch=\(spe)") { n in
        n == ctx.plan.epochs ? "num_update_steps_per_epoch=1" : "total_num_epochs × num_update_steps_per_epoch = \(n)"
      }
    case "WSDLrScheduler":
      if let e = s.int("num_epochs"), let spe = s.int("num_update_steps_per_epoch") {
        return h(e * spe, "num_epochs=\(e) × num_update_steps_per_epoch=\(spe)") { "total_steps=\($0)" }
      }
      return h(s.int("total_steps"), "total_steps=\(s.int("total_steps") ?? 0)") { "total_steps=\($0)" }
    case "OneCyclePolicy", "RangeFinder":
      return h(s.int("epochs"), "epochs=\(s.int("epochs") ?? 0)") { "epochs=\($0)" }
    case "ListScheduler":
      if case .list(let l)? = s.args["lrs"], !l.isEmpty {
        let n = l.first?.number != nil ? l.count : (l.first.flatMap { if case .list(let r) = $0 { r.count } else { nil } } ?? 0)
        return h(n, "a list of \(n) values") { "lists of \($0) values" }
      }
      return nil
    default:
      if s.library == .timm { return TimmLint.horizon(s, ctx) }
      if s.library == .transformers { return TransformersLint.horizon(s, ctx) }
      return nil
    }
  }

  // MARK: - Rules

  /// A schedule sized in batches but stepped per epoch, or the reverse.
  static func stepUnitMismatch(_ ctx: LintContext) -> [Finding] {
    guard ctx.plan.loop == nil else { return [] }  // LoopLint covers framework loops
    let p = ctx.plan
    guard p.stepsPerEpoch > 1 else { return [] }
    var out: [Finding] = []
    for s in ctx.specs {
      guard let hz = horizon(s, ctx) else { continue }
      let H = hz.calls, N = ctx.totalSteps, E = p.epochs
      let calls = ctx.schedulerCalls
      let field = s.field
      if p.stepOn == .epoch && H > calls && Swift.abs(H - N) <= Swift.abs(H - E) {
        var msg = "\(s.className) is sized in batches (\(hz.setBy) = \(grouped(H)) steps) but stepped once per epoch: "
          + "it uses \(grouped(calls)) of \(grouped(H)) steps (\(percent(Double(calls) / Double(H))))"
        if let actual = ctx.stats?.stats(field), let intended = ctx.simulate(stepOn: .batch)?.stats(field),
          actual.max < intended.max
        {
          msg += " and never reaches its peak \(field.rawValue) \(sig(intended.max)): it stops at \(sig(actual.max))"
        }
        out.append(
          Finding(
            .error, "step-unit-mismatch", msg,
            fix: "size it in epochs (\(hz.resize(E))) or step it per batch (--step-on batch)", spec: s.index))
      } else if p.stepOn == .batch && H < calls && Swift.abs(H - E) < Swift.abs(H - N) {
        let epochEnd = (H + p.stepsPerEpoch - 1) / p.stepsPerEpoch
        out.append(
          Finding(
            .error, "step-unit-mismatch",
            "\(s.className) is sized in epochs (\(hz.setBy)) but stepped every batch: its schedule is over after "
              + "\(grouped(H)) of \(grouped(N)) steps (\(percent(Double(H) / Double(N))) of the run, within epoch \(epochEnd))",
            fix: "size it in batches (\(hz.resize(N))) or step it per epoch (--step-on epoch)", spec: s.index))
      }
    }
    return out
  }

  /// The run raises: which scheduler call, and the last value trained with.
  static func scheduleRaises(_ ctx: LintContext) -> [Finding] {
    guard ctx.plan.loop == nil, let stats = ctx.stats, let (e, k) = stats.error else { return [] }  // LoopLint covers loops
    let p = ctx.plan
    let N = ctx.totalSteps
    let call = p.stepOn == .batch ? k + 1 : (k + 1) / max(p.stepsPerEpoch, 1)
    let spec = ctx.specs.first { s in
      switch s.className {
      case "OneCycleLR": return e.message.hasPrefix("Tried to step")
      case "ListScheduler", "OneCyclePolicy", "RangeFinder": return e.pythonType == "IndexError"
      default: return false
      }
    } ?? ctx.specs.first
    let name = spec?.className ?? "the schedule"
    let field = spec?.field ?? .lr
    let lastValue = stats.stats(field)?.last
    var msg = "\(name) raises \(e.pythonType)" + (e.message.isEmpty ? "" : " ('\(e.message)')")
      + " at scheduler call \(grouped(call)), after step \(grouped(k)) of \(grouped(N)): the run stops there"
    var fix = "make the schedule as long as the run (\(grouped(ctx.schedulerCalls)) scheduler calls)"
    if p.stepOn == .batch && p.stepsPerEpoch > 1 && ctx.specs.contains(where: { $0.className == "ReduceLROnPlateau" }) {
      fix = "--step-on epoch (ReduceLROnPlateau takes one metric per epoch)"
    }
    if let spec, let hz = horizon(spec, ctx) {
      fix = "size it for the run: \(hz.resize(ctx.schedulerCalls))"
      if spec.className == "OneCycleLR", let v = lastValue {
        msg += "; step \(grouped(k)) trains with \(field.rawValue) \(sig(v)), the value extrapolated at exactly total_steps=\(grouped(hz.calls)) (past the final minimum)"
      } else if spec.className == "ListScheduler" || spec.className == "OneCyclePolicy" || spec.className == "RangeFinder" {
        msg += "; the list has \(grouped(hz.calls)) values plus the appended 0"
        if let v = lastValue { msg += " (step \(grouped(k)) trains with \(field.rawValue) \(sig(v)))" }
      }
    } else if let v = lastValue {
      msg += "; the last value trained with is \(sig(v))"
    }
    return [Finding(.error, "schedule-raises", msg, fix: fix, spec: spec?.index)]
  }

  /// A schedule longer or shorter than the run (in the same unit).
  static func lengthMismatch(_ ctx: LintContext) -> [Finding] {
    guard ctx.plan.loop == nil else { return [] }  // LoopLint covers framework loops
    var out: [Finding] = []
    let calls = ctx.schedulerCalls
    let unitMismatch = Set(stepUnitMismatch(ctx).compactMap(\.spec))
    for s in ctx.specs where !unitMismatch.contains(s.index) {
      guard let hz = horizon(s, ctx), hz.calls != calls else { continue }
      if hz.calls > calls {
        out.append(
          Finding(
            .warning, "length-mismatch",
            "\(s.className) is sized for \(grouped(hz.calls)) scheduler calls (\(hz.setBy)) but the run makes \(grouped(calls)): only \(percent(Double(calls) / Double(hz.calls))) of it is used",
            fix: hz.resize(calls), spec: s.index))
      } else if ctx.stats?.error == nil && s.className != "CosineAnnealingLR" {
        let tail = ctx.stats?.stats(s.field)?.last
        out.append(
          Finding(
            .info, "length-mismatch",
            "\(s.className)'s schedule ends after \(grouped(hz.calls)) of \(grouped(calls)) scheduler calls (\(hz.setBy)); the remaining \(grouped(calls - hz.calls)) train at its end value"
              + (tail.map { " (\(s.field.rawValue) \(sig($0)) at the last step)" } ?? ""),
            fix: hz.resize(calls), spec: s.index))
      }
    }
    return out
  }

  /// Step 0 (and maybe more) trains with lr 0.
  static func warmupFromZero(_ ctx: LintContext) -> [Finding] {
    guard let stats = ctx.stats, let series = stats.series[.lr] else { return [] }
    var out: [Finding] = []
    for (g, st) in series.enumerated() where st.count > 1 && st.leadingZeros > 0 && st.max > 0 {
      let n = st.leadingZeros
      let s = ctx.specs.first { $0.field == .lr }
      var fix = "start the warm-up above 0"
      switch s?.className {
      case "LinearLR"?: fix = "start_factor > 0 (e.g. 1/warm-up steps)"
      case "CosineLrScheduler"?: fix = "warmup_starting_lr > 0 (e.g. base lr / warm-up updates)"
      case "WSDLrScheduler"?: fix = "warmup_starting_lr > 0"
      case "LambdaLR"?, "LambdaScheduler"?: fix = "use (epoch + 1) / warmup in the lambda"
      default:
        if s?.library == .timm { fix = "warmup_lr_init > 0" }
        if s?.library == .transformers { fix = "transformers' warm-up starts at 0/W; cosine_warmup_with_min_lr starts at 1/W" }
      }
      out.append(
        Finding(
          .warning, "warmup-from-zero",
          (n == 1 ? "step 0 trains" : "steps 0–\(n - 1) train") + " with lr 0"
            + (series.count > 1 ? " (group \(g))" : "") + ": \(n == 1 ? "a wasted update" : "\(n) wasted updates")",
          fix: fix, spec: s?.index))
      break
    }
    return out
  }

  /// CosineAnnealingLR stepped past T_max climbs back to the base lr.
  static func cosineRises(_ ctx: LintContext) -> [Finding] {
    guard ctx.plan.loop == nil else { return [] }  // LoopLint covers framework loops
    var out: [Finding] = []
    for s in ctx.specs where s.className == "CosineAnnealingLR" {
      guard let tmax = s.number("T_max"), tmax > 0, Double(ctx.schedulerCalls) > tmax else { continue }
      let st = ctx.stats?.stats(s.field)
      let T = Py.int(tmax)
      var msg = "CosineAnnealingLR(T_max=\(s.args["T_max"]!.repr)) is stepped \(grouped(ctx.schedulerCalls)) times: after \(grouped(T)) calls the \(s.field.rawValue) rises again (the cosine is periodic, back at its base after \(grouped(2 * T)))"
      if let st, let k = st.firstRiseAfterDecline {
        msg += "; it rises from step \(grouped(k)) and peaks at \(sig(st.max)) again"
      }
      out.append(
        Finding(
          .warning, "cosine-rises-after-tmax", msg,
          fix: "T_max=\(ctx.schedulerCalls) (the number of scheduler calls)"
            + (ctx.plan.stepOn == .batch ? " or --step-on epoch with T_max=\(ctx.plan.epochs)" : ""),
          spec: s.index))
    }
    return out
  }

  /// Warm restarts far more often than once per epoch.
  static func restartsTooFrequent(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    let p = ctx.plan
    for s in ctx.specs where s.className == "CosineAnnealingWarmRestarts" {
      guard let t0 = s.int("T_0"), t0 > 0 else { continue }
      let restarts = ctx.stats?.stats(s.field)?.restarts ?? 0
      let perEpoch = p.stepOn == .batch ? Double(p.stepsPerEpoch) / Double(t0) : 1.0 / Double(t0)
      let tmult = s.int("T_mult") ?? 1
      guard p.stepOn == .batch && t0 < p.stepsPerEpoch && (tmult == 1 || restarts > p.epochs) else { continue }
      out.append(
        Finding(
          .warning, "restarts-too-frequent",
          "CosineAnnealingWarmRestarts(T_0=\(t0)) stepped every batch restarts \(grouped(restarts)) times in the run (\(sig(perEpoch)) per epoch at the first cycle length): T_0 looks like it was meant in epochs",
          fix: "T_0=\(t0 * p.stepsPerEpoch) (T_0 epochs in batches) or --step-on epoch", spec: s.index))
    }
    return out
  }
}
