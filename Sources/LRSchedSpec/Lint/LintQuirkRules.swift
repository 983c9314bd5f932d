import LRSchedCore

/// Rules about one library's argument quirks: float counts in torch, lr-momentum-scheduler's
/// identity default, pytorch-accelerated's stepping.
extension Lint {
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
}
