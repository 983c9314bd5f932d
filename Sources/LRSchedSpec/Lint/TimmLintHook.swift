import LRSchedCore

/// timm's lint rules: `t_in_epochs` against the stepping call actually used, cycles of
/// `CosineLRScheduler`, …
///
/// `Lint.check` appends `rules`; the generic rules ask `horizon` how many scheduler calls
/// a timm spec is sized for (e.g. `t_initial` + `warmup_t` when `warmup_prefix=True`), so
/// `step-unit-mismatch` and `length-mismatch` cover timm as soon as it answers.
///
/// timm is always run in `train.py`'s loop (`step_update(num_updates)` after every update,
/// `step(epoch + 1)` after every epoch) and `t_in_epochs` decides which call counts; the
/// plan's `--step-on` does not change a timm run. So:
/// * `horizon` answers (in the schedule's own `t` units) only when `--step-on` agrees with
///   `t_in_epochs` and the length is sized in that unit: the generic rules then compare
///   like with like (`CosineLRScheduler(t_initial=300)` over 15 epochs → `length-mismatch`).
/// * a schedule sized in the other unit than `t_in_epochs` counts is `timm-t-in-epochs`
///   (with the right fix: `t_in_epochs=…` or resize; `--step-on` would change nothing), and
///   a length mismatch under a disagreeing `--step-on` is reported by `timm-length`
///   (rule id `length-mismatch`), in the unit timm really counts.
public enum TimmLint {
  /// timm's own rules.
  public static var rules: [any LintRule] {
    [
      ClosureRule("timm-t-in-epochs", tInEpochs),
      ClosureRule("timm-length", lengthInTimmUnits),
      ClosureRule("timm-warmup-noprefix-jump", warmupNoPrefixJump),
      ClosureRule("timm-lr-min-never-reached", lrMinNeverReached),
      ClosureRule("timm-noise-range", noiseRange),
    ]
  }

  /// The number of scheduler calls a timm spec's schedule spans, and the argument that
  /// sets it; nil when unknown.
  ///
  /// `get_cycle_length()` (warm-up prefix included) for Cosine/Tanh/Poly, `warmup_t +
  /// t_initial` for WSD, in timm's `t` units. nil when `--step-on` disagrees with
  /// `t_in_epochs` (the generic rules would count in the wrong unit) or when the length is
  /// sized in the unit `t_in_epochs` does not count (`timm-t-in-epochs` reports it).
  public static func horizon(_ spec: SpecSummary, _ ctx: LintContext) -> LintHorizon? {
    guard let info = TimmSpecInfo(spec, ctx), let L = info.length, info.stepOnAgrees, !info.unitMismatch else {
      return nil
    }
    let calls = Int(LibM.ceil(L))
    guard calls > 0 else { return nil }
    let sizing = info.lengthText
    let offset = info.lengthOffset
    return LintHorizon(calls: calls, setBy: sizing) { n in "t_initial=\(Swift.max(1, n - offset))" }
  }

  // MARK: - Rules

  /// `t_in_epochs` against the unit the schedule is sized in (and against `--step-on`).
  static func tInEpochs(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    let p = ctx.plan
    for s in ctx.specs {
      guard let info = TimmSpecInfo(s, ctx), info.hasTInEpochs else { continue }
      let f = s.field.rawValue
      let st = ctx.stats?.stats(s.field)
      let stepOnNote =
        info.stepOnAgrees ? "" : " (--step-on \(p.stepOn.rawValue) does not change a timm scheduler: train.py makes both calls)"
      if info.unitMismatch, let sizeLen = info.sizingLength {
        let shown = Lint.grouped(Int(LibM.ceil(sizeLen)))
        var msg: String
        var fix: String
        if info.tInEpochs {
          // Sized in updates, counted in epochs.
          msg = "\(s.className) is sized in updates (\(info.sizingText)) but t_in_epochs=True: step_update(num_updates) is a no-op"
            + " and step(epoch + 1) advances t once per epoch, so the run reaches t = \(Lint.grouped(p.epochs - 1)) of \(shown)"
          if info.length != nil {
            msg += " (\(Lint.percent(Double(p.epochs) / sizeLen)) of the schedule)"
          } else {
            msg += info.neverDecaysNote
          }
          if let st {
            if let m = info.lrMin, st.first > m {
              msg += "; the \(f) ends at \(Lint.sig(st.last)), \(Lint.percent((st.first - st.last) / (st.first - m))) of the way down to lr_min \(Lint.sig(m))"
            } else {
              msg += "; the \(f) ends at \(Lint.sig(st.last))"
            }
          }
          fix = "t_in_epochs=False (t counts updates), or size it in epochs: \(info.resized(toEpochs: true))"
        } else {
          msg = "\(s.className) is sized in epochs (\(info.sizingText)) but t_in_epochs=False: step(epoch + 1) is a no-op"
            + " and step_update(num_updates) advances t every update"
          if info.length != nil {
            let end = Int(LibM.ceil(sizeLen))
            let epochEnd = (end + p.stepsPerEpoch - 1) / p.stepsPerEpoch
            msg += ", so the schedule is over after \(shown) of \(Lint.grouped(ctx.totalSteps)) updates (\(Lint.percent(Double(end) / Double(ctx.totalSteps))) of the run, within epoch \(epochEnd))"
            if let st { msg += "; the remaining updates train with \(f) \(Lint.sig(st.last))" }
          } else {
            msg += info.stepDecaysNote
            if let st { msg += "; the \(f) ends at \(Lint.sig(st.last))" }
          }
          fix = "t_in_epochs=True (t counts epochs), or size it in updates: \(info.resized(toEpochs: false))"
        }
        out.append(Finding(.error, "timm-t-in-epochs", msg + stepOnNote, fix: fix, spec: s.index))
      } else if !info.tInEpochs && p.stepOn == .epoch && p.stepsPerEpoch > 1, info.sizingLength != nil {
        // Sized in updates and counted in updates, but the user says the loop steps per epoch.
        var msg = "--step-on epoch, but \(s.className) has t_in_epochs=False: step(epoch) is a no-op, so a loop that only calls"
          + " scheduler.step(epoch) never moves this schedule"
        if let st { msg += " (the \(f) would stay \(Lint.sig(st.first)))" }
        msg += "; lrsched runs timm's train.py loop, where step_update(num_updates) after every update drives it"
        out.append(
          Finding(
            .warning, "timm-t-in-epochs", msg,
            fix: "call scheduler.step_update(num_updates=…) after every optimizer step (as train.py does), or t_in_epochs=True with \(info.resized(toEpochs: true))",
            spec: s.index))
      }
    }
    return out
  }

  /// `length-mismatch` in timm's own unit when `--step-on` disagrees with `t_in_epochs`
  /// (the generic rule then gets no horizon).
  static func lengthInTimmUnits(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      guard let info = TimmSpecInfo(s, ctx), let L = info.length, !info.stepOnAgrees, !info.unitMismatch else { continue }
      let H = Int(LibM.ceil(L))
      let T = info.T
      let unit = info.unit
      let offset = info.lengthOffset
      if H > T {
        out.append(
          Finding(
            .warning, "length-mismatch",
            "\(s.className) is sized for \(Lint.grouped(H)) \(unit) (\(info.lengthText)) but the run has \(Lint.grouped(T)): only \(Lint.percent(Double(T) / Double(H))) of it is used"
              + (ctx.stats?.stats(s.field).map { "; the \(s.field.rawValue) ends at \(Lint.sig($0.last))" } ?? ""),
            fix: "t_initial=\(Swift.max(1, T - offset))", spec: s.index))
      } else if H < T && ctx.stats?.error == nil {
        let tail = ctx.stats?.stats(s.field)?.last
        out.append(
          Finding(
            .info, "length-mismatch",
            "\(s.className)'s schedule ends after \(Lint.grouped(H)) of \(Lint.grouped(T)) \(unit) (\(info.lengthText)); the remaining \(Lint.grouped(T - H)) train at its end value"
              + (tail.map { " (\(s.field.rawValue) \(Lint.sig($0)) at the last step)" } ?? ""),
            fix: "t_initial=\(Swift.max(1, T - offset)), or keep the tail as a cooldown", spec: s.index))
      }
    }
    return out
  }

  /// `warmup_prefix=False`: the warm-up overlaps the first `warmup_t` of the curve.
  static func warmupNoPrefixJump(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      guard let info = TimmSpecInfo(s, ctx), let core = info.cycleCore, core.warmup.t > 0, !core.cycles.warmupPrefix,
        let curve = info.sched as? any TimmCurveScheduler
      else { continue }
      let w = core.warmup.t
      let tw = LibM.ceil(w)
      guard tw <= Double(info.T - 1), let b = core.base.baseValues.first, b > 0,
        let h = try? curve.values(at: tw).first,
        let r = tw >= 1 ? (try? curve.values(at: tw - 1).first) : core.warmup.lrInit
      else { continue }
      let target = core.warmup.lrInit + w * (core.warmup.steps.first ?? 0)
      let jump = target - h
      let shortfall = b - Swift.max(r, h)
      guard shortfall / b >= 0.01 else { continue }
      let f = s.field.rawValue
      let wText = TimmLint.num(w)
      let shape = info.shapeName
      var msg = "warmup_prefix=False: the warm-up overlaps the first \(wText) of the \(shape)'s \(TimmLint.num(core.cycles.tInitial)) \(info.unit)"
      if Swift.abs(jump) / b >= 0.001 {
        msg += "; at the hand-off (t = \(TimmLint.num(tw))) the \(f) goes from \(Lint.sig(r)) to the \(shape)'s value there, \(Lint.sig(h)), instead of reaching \(Lint.sig(target)): a jump of \(Lint.sig(jump)) below the ramp's target (\(Lint.percent(jump / b)) of the base \(Lint.sig(b)))"
      } else {
        msg += "; the ramp ends at the \(shape)'s value there, \(Lint.sig(h))"
      }
      msg += ", so the \(f) never trains at the base \(Lint.sig(b))"
      let severity: Severity = jump / b >= 0.1 ? .warning : .info
      let t0 = core.cycles.tInitial
      let keep = t0 - w > 0 ? " with t_initial=\(TimmLint.num(t0 - w)) (same total length)" : ""
      out.append(
        Finding(
          severity, "timm-warmup-noprefix-jump", msg,
          fix: "warmup_prefix=True\(keep): the \(shape) then starts at the base after the warm-up", spec: s.index))
    }
    return out
  }

  /// A run of exactly the schedule's length never trains at `lr_min` (reached at
  /// `t = get_cycle_length()`, one past the last trained `t`).
  static func lrMinNeverReached(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      guard let info = TimmSpecInfo(s, ctx), let L = info.length, !info.unitMismatch,
        let curve = info.sched as? any TimmCurveScheduler, let lrMin = info.lrMin,
        let b = curve.base.baseValues.first, b > lrMin
      else { continue }
      let T = info.T
      guard T >= 1, Double(T - 1) < L, L <= Double(T), let v = try? curve.values(at: Double(T - 1)).first else { continue }
      let rel = (v - lrMin) / (b - lrMin)
      guard rel >= 0.02 else { continue }
      let f = s.field.rawValue
      var msg = "\(s.className) reaches lr_min=\(Lint.sig(lrMin)) only at t = \(TimmLint.num(L)) (\(info.lengthText)), one past the last trained t = \(Lint.grouped(T - 1)): the run ends at \(f) \(Lint.sig(v)), \(Lint.percent(rel)) of the way from lr_min to the base \(Lint.sig(b)), and never trains at lr_min"
      if info.sched is TimmWSDLR { msg += " (the decay phase is cut before its end)" }
      let unit = info.tInEpochs ? "epochs" : "updates"
      let cooldown = info.tInEpochs ? " (train.py --cooldown-epochs N)" : ""
      out.append(
        Finding(
          rel >= 0.1 ? .warning : .info, "timm-lr-min-never-reached", msg,
          fix: "add a cooldown: train a few \(unit) past t = \(TimmLint.num(L))\(cooldown), lrsched --epochs accordingly; or shorten t_initial by 1",
          spec: s.index))
    }
    return out
  }

  /// Noise active over most of the run (info), or a `noise_pct` that can make the lr ≤ 0.
  static func noiseRange(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      guard let info = TimmSpecInfo(s, ctx), let noise = info.noise, let range = noise.range else { continue }
      let T = info.T
      guard T > 1 else { continue }
      // Trained t with noise: t = 1 … T − 1 (t = 0 is the constructor's value, noise-free).
      var lo: Double
      var hi = Double(T - 1)
      var text: String
      switch range {
      case .from(let n):
        lo = Swift.max(1, LibM.ceil(n))
        text = "noise_range_t=\(TimmLint.num(n))"
      case .range(let items, _):
        guard items.count >= 2 else { continue }
        lo = Swift.max(1, LibM.ceil(items[0]))
        hi = Swift.min(hi, LibM.ceil(items[1]) - 1)
        text = "noise_range_t=(\(TimmLint.num(items[0])), \(TimmLint.num(items[1])))"
      }
      let count = Swift.max(0, hi - lo + 1)
      guard count > 0 else { continue }
      let frac = count / Double(T)
      let f = s.field.rawValue
      if noise.pct >= 1 {
        let lowest = ctx.stats?.stats(s.field).map { "; the run's lowest \(f) is \(Lint.sig($0.min))" } ?? ""
        out.append(
          Finding(
            .warning, "timm-noise-range",
            "noise_pct=\(TimmLint.num(noise.pct)) lets the noise reach −\(TimmLint.num(noise.pct)): timm writes v + v · noise, so the \(f) can be 0 or negative"
              + lowest,
            fix: "noise_pct < 1 (timm's default is 0.67)", spec: s.index))
      }
      guard frac > 0.5 else { continue }
      let kind = noise.type == .normal
        ? "a normal draw (std \(TimmLint.num(noise.std))) redrawn until |noise| < \(TimmLint.num(noise.pct))"
        : "uniform in ±\(TimmLint.num(noise.pct))"
      out.append(
        Finding(
          .info, "timm-noise-range",
          "\(text) perturbs the \(f) on \(Lint.percent(frac)) of the run (t = \(Lint.grouped(Int(lo)))…\(Lint.grouped(Int(hi))) of 0…\(Lint.grouped(T - 1)) \(info.unit)): each value becomes v · (1 + noise), noise \(kind), so the curve is only a trend there",
          fix: "limit the noise to part of the run, e.g. noise_range_t=(\(Lint.grouped(Int(Double(T) * 0.42))), \(Lint.grouped(Int(Double(T) * 0.9)))) (train.py --lr-noise 0.42 0.9), if that was not meant",
          spec: s.index))
    }
    return out
  }
}
