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

  /// torch accepts floats for some counts and compares them with integer step counts, which
  /// rarely does what a float suggests (`StepLR(step_size=2.5)` decays every 5 calls).
  static func floatCounts(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    func fraction(_ v: PyValue?) -> Double? {
      if case .float(let d)? = v, d.isFinite, d != d.rounded(.down) { return d }
      return nil
    }
    for s in ctx.specs where s.library == .torch {
      switch s.className {
      case "StepLR":
        guard let step = fraction(s.args["step_size"]) else { continue }
        // torch's recursive step: decay when last_epoch % step_size == 0 (Python float %).
        let calls = (1...100_000).lazy.filter { Py.floorMod(Double($0), step) == 0 }.prefix(3).map { grouped($0) }
        let when = calls.isEmpty ? "never within 100,000 calls" : "only at scheduler calls \(calls.joined(separator: ", ")), …"
        out.append(
          Finding(
            .warning, "float-count",
            "StepLR(step_size=\(sig(step))): torch decays when last_epoch % step_size == 0, \(when) — not every \(sig(step)) calls",
            fix: "an integer step_size", spec: s.index))
      case "MultiStepLR", "SequentialLR":
        guard case .list(let ms)? = s.args["milestones"] else { continue }
        let odd = ms.compactMap { fraction($0) }
        guard !odd.isEmpty else { continue }
        let what =
          s.className == "MultiStepLR"
          ? "never reached (torch checks last_epoch in milestones, and no integer equals it)"
          : "crossed at the first call past it, where the next scheduler takes over without the restart (step(0)) an integer milestone gives"
        out.append(
          Finding(
            .warning, "float-count",
            "\(s.className): milestone\(odd.count == 1 ? "" : "s") \(odd.map { sig($0) }.joined(separator: ", ")) \(odd.count == 1 ? "is" : "are") \(what)",
            fix: "integer milestones", spec: s.index))
      default:
        for name in ["total_iters", "patience", "cooldown"] {
          guard let v = fraction(s.args[name]) else { continue }
          out.append(
            Finding(
              .info, "float-count",
              "\(s.className)(\(name)=\(sig(v))): torch accepts a float here and compares it with integer step counts, so it acts like an integer near it",
              fix: "an integer \(name)", spec: s.index))
        }
      }
    }
    return out
  }

  /// lr-momentum-scheduler's identity default lambdas.
  static func lrmomIdentityDefault(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs where s.library == .lrmom {
      let momIdentity: Bool
      let momArg: String
      switch s.className {
      case "LambdaScheduler": momIdentity = !s.has("momentum_lambda"); momArg = "momentum_lambda=lambda epoch: 1.0"
      case "ListScheduler": momIdentity = !s.has("momentums"); momArg = "momentums=[…] (one per step)"
      case "RangeFinder":
        momIdentity = true
        momArg = "RangeFinder has no momentum argument: run it with SGD(momentum=0), or use ListScheduler(lrs=…, momentums=…)"
      case "OneCyclePolicy": momIdentity = s.given.contains("momentum_rng") && !s.has("momentum_rng"); momArg = "momentum_rng=[0.85, 0.95]"
      default: continue
      }
      if momIdentity, let st = ctx.stats?.stats(.momentum), st.max > 0 {
        let m = ctx.plan.optimizer.groups.first?.momentum ?? 0
        var msg = "\(s.className)'s momentum schedule defaults to the identity lambda x: x: momentum = \(sig(m)) · epoch → 0, \(sig(m)), \(sig(2 * m)), …"
        if let k = st.firstAtLeastOne {
          msg += "; it reaches \(sig(st.max)) (≥ 1 from step \(grouped(k))): SGD with momentum ≥ 1 diverges"
        } else {
          msg += " (up to \(sig(st.max)))"
        }
        out.append(
          Finding(st.firstAtLeastOne != nil ? .error : .warning, "lrmom-identity-default", msg, fix: momArg, spec: s.index))
      }
      if s.className == "LambdaScheduler" && !s.has("lr_lambda") && s.field == .lr {
        out.append(
          Finding(
            .warning, "lrmom-identity-default",
            "LambdaScheduler's lr_lambda defaults to the identity: lr = base · epoch (0 at step 0, then growing without bound)",
            fix: "lr_lambda=lambda epoch: …", spec: s.index))
      }
    }
    return out
  }

  /// pytorch-accelerated's documented-nowhere behaviours.
  static func acceleratedQuirks(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    let p = ctx.plan
    for s in ctx.specs where s.library == .accelerated {
      let st = ctx.stats?.stats(s.field)
      let f = s.field.rawValue
      if s.className == "WSDLrScheduler" {
        let total = s.int("total_steps") ?? ((s.int("num_epochs") ?? 0) * (s.int("num_update_steps_per_epoch") ?? 0))
        let warm: Int = s.given.contains("num_warmup_steps") ? (s.int("num_warmup_steps") ?? Py.int(0.01 * Double(total))) : 0
        if warm > 0, let st, let second = st.second, st.first > second {
          out.append(
            Finding(
              .warning, "accelerated-wsd-base-before-warmup",
              "step 0 trains with the full base \(f) \(sig(st.first)); the warm-up only starts at step 1 (\(sig(second)))",
              fix: "expected with pytorch-accelerated (the constructor leaves the base lr in place); lower the optimizer's lr to the warm-up start if the first update matters",
              spec: s.index))
          continue
        }
      }
      if p.stepOn == .batch, let st, let second = st.second, st.first == second {
        out.append(
          Finding(
            .info, "accelerated-first-value-repeated",
            "steps 0 and 1 both train with \(f) \(sig(st.first)): the Trainer steps the scheduler after each update and update 0's value equals the constructor's, so the schedule runs one update late",
            fix: "nothing to change if you use the pytorch-accelerated Trainer (lrsched reproduces it)", spec: s.index))
      }
      guard s.className == "CosineLrScheduler", let spe = s.int("num_update_steps_per_epoch"),
        let epochs = s.int("total_num_epochs")
      else { continue }
      let W = (s.int("num_warmup_epochs") ?? 0) * spe
      let C = (s.int("num_cooldown_epochs") ?? 0) * spe
      let T = epochs * spe
      if W > 0 {
        let end = T - W - C
        var msg = "with num_warmup_epochs=\(s.int("num_warmup_epochs")!) the cosine branch ends at update \(grouped(end)) (T − W − C counts the warm-up twice): it covers \(grouped(max(end - W, 0))) updates instead of \(grouped(T - W - C)), then the \(f) jumps to its minimum"
        if let st, let k = st.maxDropStep, st.maxDrop > 0 {
          msg += " (drop of \(sig(st.maxDrop)) at step \(grouped(k)))"
        }
        out.append(
          Finding(
            .warning, "accelerated-warmup-cuts-cosine", msg,
            fix: "expect the jump, or use SequentialLR(LinearLR, CosineAnnealingLR) / timm CosineLRScheduler(warmup_t=…) for a full cosine",
            spec: s.index))
        if s.has("warmup_starting_lr_ratio"), let ratio = s.number("warmup_starting_lr_ratio"),
          let b = ctx.plan.optimizer.groups.first?[s.field]
        {
          let wsl = s.number("warmup_starting_lr") ?? 1e-6
          let last = ratio * b + Double(W - 1) * ((b - wsl) / Double(W))
          let overshoot = last > b
          out.append(
            Finding(
              .warning, "accelerated-warmup-ratio-slope",
              "warmup_starting_lr_ratio=\(sig(ratio)) sets only the start: step 0 trains with the absolute warmup_starting_lr \(sig(wsl)), and the slope still uses it, so the warm-up ends at \(sig(last)) instead of the base \(sig(b)) (\(overshoot ? "overshoot" : "undershoot") of \(sig(Swift.abs(last - b))))",
              fix: "give the absolute warmup_starting_lr=\(sig(ratio * b)) instead of the ratio", spec: s.index))
        }
      }
      if s.has("min_lr_ratio") && s.given.contains("lr_min") {
        out.append(
          Finding(
            .info, "accelerated-min-lr-precedence", "min_lr_ratio takes precedence: lr_min=\(s.args["lr_min"]?.repr ?? "?") is ignored",
            fix: "drop lr_min", spec: s.index))
      }
    }
    return out
  }

  // MARK: - Formatting

  /// `5,865`.
  static func grouped(_ n: Int) -> String {
    let s = String(Swift.abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// `0.26%`, `12%`.
  static func percent(_ x: Double) -> String {
    let p = x * 100
    if p >= 10 { return String(Int(p.rounded())) + "%" }
    let digits = p >= 1 ? 10.0 : LibM.pow(10, 1 - LibM.floor(LibM.log10(Swift.max(p, 1e-12))))
    return PyFormat.repr((p * digits).rounded() / digits) + "%"
  }

  /// A share of the run with one decimal (`99.8%`, `0.3%`, `100%`).
  static func share(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 10
    let t = PyFormat.repr(r)
    return (t.hasSuffix(".0") ? String(t.dropLast(2)) : t) + "%"
  }

  /// A value with up to 4 significant digits, as Python prints floats.
  static func sig(_ d: Double) -> String {
    guard d.isFinite, d != 0 else { return PyFormat.repr(d) }
    let e = Int(LibM.floor(LibM.log10(Swift.abs(d))))
    let scale = LibM.pow(10, Double(3 - e))
    let r = (d * scale).rounded() / scale
    // Subnormals: the scale overflows; print the value itself.
    return PyFormat.repr(r.isFinite && scale.isFinite ? r : d)
  }
}
