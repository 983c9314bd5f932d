import LRSchedCore

/// `lrsched check` for transformers 5.25 schedules (`transformers/optimization.py`): their
/// length for the generic `length-mismatch` / `step-unit-mismatch` rules, and the quirks
/// users trip over: a cosine stepped past `num_training_steps` rises again (nothing clamps
/// it), and `lr_end` / `min_lr` are relative to `optimizer.defaults['lr']`, not each group's.
public enum TransformersLint {
  public static let rules: [any LintRule] = [
    ClosureRule("hf-cosine-rises-after-total", cosineRises),
    ClosureRule("hf-relative-to-defaults-lr", relativeToDefaults),
  ]

  /// The schedule type and its arguments (`get_scheduler`'s counts and
  /// `scheduler_specific_kwargs` merged), or nil for another library or a non-constant call.
  static func call(_ s: SpecSummary) -> (HFSchedulerType, [String: PyValue])? {
    guard s.library == .transformers else { return nil }
    if s.className == "get_scheduler" {
      guard case .string(let name)? = s.args["name"], let t = HFSchedulerType(rawValue: name) else { return nil }
      var args: [String: PyValue] = [:]
      for k in ["num_warmup_steps", "num_training_steps"] { args[k] = s.args[k] }
      if case .dict(let pairs)? = s.args["scheduler_specific_kwargs"] {
        for (k, v) in pairs { if case .string(let key) = k { args[key] = v } }
      }
      return (t, args)
    }
    guard let t = HFSchedulerType.allCases.first(where: { $0.functionName == s.className }) else { return nil }
    return (t, s.args)
  }

  static func isCosine(_ t: HFSchedulerType) -> Bool {
    t == .cosine || t == .cosineWithMinLR || t == .cosineWarmupWithMinLR
  }

  static func count(_ v: PyValue?) -> Int? {
    guard let n = v?.number, n.double.isFinite, n.double >= 0, n.double < 2e9 else { return nil }
    return Py.int(n.double)
  }

  /// Scheduler calls the schedule is sized for: `num_training_steps`, or WSD's
  /// `num_warmup_steps + num_stable_steps + num_decay_steps`. A cosine stepped past it is
  /// `cosineRises`'s, not `length-mismatch`'s (its tail is not an end value).
  static func horizon(_ s: SpecSummary, _ ctx: LintContext) -> LintHorizon? {
    guard let (t, a) = call(s) else { return nil }
    switch t {
    case .constant, .constantWithWarmup, .inverseSqrt, .reduceOnPlateau, .greedy:
      return nil
    case .warmupStableDecay:
      if a["num_stable_steps"]?.number != nil, let w = count(a["num_warmup_steps"]), let st = count(a["num_stable_steps"]),
        let d = count(a["num_decay_steps"]), w + st + d > 0
      {
        return LintHorizon(calls: w + st + d, setBy: "num_warmup_steps + num_stable_steps + num_decay_steps = \(w + st + d)") {
          "num_stable_steps=\(Swift.max(0, $0 - w - d))"
        }
      }
      fallthrough
    default:
      guard let total = count(a["num_training_steps"]), total > 0 else { return nil }
      if isCosine(t) && total < ctx.schedulerCalls { return nil }
      return LintHorizon(calls: total, setBy: "num_training_steps=\(total)") { "num_training_steps=\($0)" }
    }
  }

  /// A cosine sized for fewer scheduler calls than the run makes: `0.5·(1 + cos(π·c·2·p))`
  /// with `p > 1` climbs back (no clamp in transformers).
  static func cosineRises(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      guard let (t, a) = call(s), isCosine(t), let total = count(a["num_training_steps"]), total > 0,
        total < ctx.schedulerCalls
      else { continue }
      let rise = ctx.stats?.stats(s.field)?.firstRiseAfterDecline
      out.append(
        Finding(
          .warning, "hf-cosine-rises-after-total",
          "\(s.className) is sized for \(total) scheduler calls (num_training_steps=\(total)) but the run makes "
            + "\(ctx.schedulerCalls): transformers does not clamp, so after step \(total) the cosine rises again"
            + (rise.map { " (the lr climbs from step \($0))" } ?? ""),
          fix: "num_training_steps=\(ctx.schedulerCalls)", spec: s.index))
    }
    return out
  }

  /// `lr_end` (polynomial) and `min_lr` (the min-lr cosines) are divided by
  /// `optimizer.defaults['lr']`: a group whose lr differs ends elsewhere.
  static func relativeToDefaults(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    let opt = ctx.plan.optimizer
    let base = opt.defaultLR
    guard base > 0 else { return [] }
    for s in ctx.specs where s.field == .lr {
      guard let (t, a) = call(s) else { continue }
      let key: String
      let value: Double
      switch t {
      case .polynomial:
        key = "lr_end"
        value = a["lr_end"]?.number?.double ?? 1e-7
      case .cosineWithMinLR, .cosineWarmupWithMinLR:
        guard let m = a["min_lr"]?.number?.double else { continue }
        key = "min_lr"
        value = m
      default:
        continue
      }
      let off = opt.groups.enumerated().filter { $0.element.lr != base }
      guard let (g, group) = off.first else { continue }
      out.append(
        Finding(
          .warning, "hf-relative-to-defaults-lr",
          "\(key)=\(PyFormat.repr(value)) is relative to optimizer.defaults['lr'] = \(PyFormat.repr(base)), not to each "
            + "group's lr: group \(g) (lr \(PyFormat.repr(group.lr))) ends at \(PyFormat.repr(value * group.lr / base)), not \(PyFormat.repr(value))",
          fix: t == .polynomial ? "set the groups' lr to the optimizer's lr, or accept a proportional end lr"
            : "use min_lr_rate=\(PyFormat.repr(value / base)) (a fraction of every group's lr) to say what happens",
          spec: s.index))
    }
    return out
  }
}
