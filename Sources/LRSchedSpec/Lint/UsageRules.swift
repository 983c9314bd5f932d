import LRSchedCore

/// Rules for the mistakes users actually make with torch's epoch-sized classes, with the lr
/// sign and with plateau stepping (issue 14). Each finding carries the numbers and the fix.
public enum UsageLint {
  public static var rules: [any LintRule] {
    [
      ClosureRule("epoch-sized-per-batch", epochSizedPerBatch),
      ClosureRule("negative-lr", negativeOrZeroLR),
      ClosureRule("plateau-per-batch", plateauPerBatch),
      ClosureRule("rises-after-end", risesAfterEnd),
    ]
  }

  // MARK: - epoch-sized-per-batch

  /// torch classes whose decay points are counted in scheduler calls and usually written in
  /// epochs: stepped every batch, they decay `steps_per_epoch` times too early.
  /// (CosineAnnealingLR, OneCycleLR and explicit `total_iters` are `step-unit-mismatch`'s;
  /// timm's `t_in_epochs` is `timm-t-in-epochs`'s.)
  static func epochSizedPerBatch(_ ctx: LintContext) -> [Finding] {
    let p = ctx.plan
    // Under a framework loop the loop rules say how often the scheduler really steps.
    guard p.loop == nil, p.stepOn == .batch, p.stepsPerEpoch > 1, p.epochs > 1 else { return [] }
    let N = ctx.totalSteps, E = p.epochs, S = p.stepsPerEpoch
    var out: [Finding] = []
    for s in ctx.specs where s.library == .torch {
      let st = ctx.stats?.stats(s.field)
      let f = s.field.rawValue
      func tail(_ firstStep: Int) -> String {
        guard let st, firstStep < N else { return "" }
        return ": \(Lint.share(Double(N - firstStep) / Double(N))) of the run at \(f) \(Lint.sig(st.last))"
      }
      var msg: String?
      var fix = ""
      switch s.className {
      case "StepLR":
        guard let step = s.int("step_size"), step > 0, step <= E else { continue }
        let first = (1...3).map { $0 * step }.filter { $0 < N }.map(Lint.grouped)
        msg = "StepLR(step_size=\(step)) is stepped every batch: it decays every \(step) batches, at batch \(first.joined(separator: ", ")), … of \(Lint.grouped(N)) (\(Lint.grouped(N / step)) decays)" + tail(step)
        fix = "--step-on epoch (step_size counts scheduler calls), or step_size=\(Lint.grouped(step * S)) to keep per-batch stepping"
      case "MultiStepLR":
        guard case .list(let items)? = s.args["milestones"] else { continue }
        let ms = items.compactMap { $0.number?.double }.map { Py.int($0) }.filter { $0 > 0 }.sorted()
        guard let last = ms.last, last <= E else { continue }
        msg = "MultiStepLR(milestones=\(s.args["milestones"]!.repr)) is stepped every batch: it decays at batch \(ms.map(Lint.grouped).joined(separator: ", ")) of \(Lint.grouped(N))" + tail(last)
        fix = "--step-on epoch (milestones count scheduler calls), or milestones=[\(ms.map { String($0 * S) }.joined(separator: ", "))] to keep per-batch stepping"
      case "ExponentialLR":
        guard let gamma = s.number("gamma"), gamma > 0, gamma < 1, let st, st.first > 0 else { continue }
        // The value a per-epoch run ends with; stepped per batch it is reached at batch E − 1.
        let intendedEnd = st.first * LibM.pow(gamma, Double(E - 1))
        let reached = E - 1
        guard st.last < intendedEnd * 1e-3 else { continue }
        msg = "ExponentialLR(gamma=\(Lint.sig(gamma))) is stepped every batch: the \(f) reaches \(Lint.sig(intendedEnd)) (its end value over \(E) epochs) at batch \(Lint.grouped(reached)) of \(Lint.grouped(N)) and ends at \(Lint.sig(st.last))"
        fix = "--step-on epoch (gamma applies per scheduler call), or gamma=\(Lint.sig(LibM.pow(gamma, 1 / Double(S)))) (gamma ** (1/\(S))) to keep per-batch stepping"
      case "PolynomialLR", "LinearLR", "ConstantLR":
        // An explicit total_iters is step-unit-mismatch's; the default 5 is sized in epochs.
        guard !s.given.contains("total_iters") else { continue }
        msg = "\(s.className) is stepped every batch with the default total_iters=5: its schedule is over after batch 5 of \(Lint.grouped(N))" + (st.map { ", the remaining \(Lint.percent(Double(N - 5) / Double(N))) of the run train at \(f) \(Lint.sig($0.last))" } ?? "")
        fix = "total_iters=\(Lint.grouped(N)) (the number of batches), or --step-on epoch with total_iters=\(E)"
      case "CosineAnnealingWarmRestarts":
        // T_0 < steps_per_epoch is restarts-too-frequent's.
        guard let t0 = s.int("T_0"), t0 >= S, t0 <= E else { continue }
        let restarts = st?.restarts ?? 0
        msg = "CosineAnnealingWarmRestarts(T_0=\(t0)) is stepped every batch: its first cycle ends at batch \(Lint.grouped(t0)) of \(Lint.grouped(N)) (\(Lint.grouped(restarts)) restarts in the run)"
        fix = "--step-on epoch (T_0 counts scheduler calls), or T_0=\(Lint.grouped(t0 * S)) to keep per-batch stepping"
      default:
        continue
      }
      if let msg { out.append(Finding(.error, "epoch-sized-per-batch", msg, fix: fix, spec: s.index)) }
    }
    return out
  }

  // MARK: - negative-lr / zero-lr

  /// A negative lr at a trained step is an error (gradient ascent); an lr of exactly 0
  /// after the first steps is a warning (the step is wasted). Leading zeros are
  /// `warmup-from-zero`'s.
  static func negativeOrZeroLR(_ ctx: LintContext) -> [Finding] {
    guard let series = ctx.stats?.series[.lr] else { return [] }
    let spec = ctx.specs.first { $0.field == .lr }
    let groups = series.count
    for (g, st) in series.enumerated() where st.count > 0 {
      let where_ = groups > 1 ? " (group \(g))" : ""
      if st.min < 0 {
        return [
          Finding(
            .error, "negative-lr",
            "step \(Lint.grouped(st.argmin)) trains with lr \(PyFormat.repr(st.min))\(where_): a negative lr climbs the loss (gradient ascent)",
            fix: spec?.className == "LambdaLR"
              ? "keep the lambda ≥ 0 for every step from 0 (e.g. (epoch + 1) / warmup, not (epoch - 1) / …)"
              : "keep every value ≥ 0", spec: spec?.index)
        ]
      }
      if st.min == 0 && st.leadingZeros == 0 {
        return [
          Finding(
            .warning, "zero-lr",
            "step \(Lint.grouped(st.argmin)) trains with lr 0\(where_): an update with lr 0 changes nothing (a wasted step)",
            fix: "end the schedule above 0 (eta_min / end_factor / lr_min > 0) or make it as long as the run",
            spec: spec?.index)
        ]
      }
    }
    return []
  }

  // MARK: - plateau-per-batch

  /// ReduceLROnPlateau stepped every batch consumes one metric per batch; metrics come per
  /// epoch.
  static func plateauPerBatch(_ ctx: LintContext) -> [Finding] {
    let p = ctx.plan
    guard p.loop == nil, p.stepOn == .batch, p.stepsPerEpoch > 1 else { return [] }
    return ctx.specs.filter { $0.className == "ReduceLROnPlateau" }.map { s in
      let patience = s.args["patience"]?.repr ?? "10"
      return Finding(
        .error, "plateau-per-batch",
        "ReduceLROnPlateau is stepped every batch (\(Lint.grouped(ctx.totalSteps)) calls) but takes one validation metric per epoch (\(p.epochs)): patience=\(patience) then counts batches, not epochs",
        fix: "--step-on epoch (call scheduler.step(val_metric) once per epoch)", spec: s.index)
    }
  }

  // MARK: - rises-after-end

  /// `SequentialLR(schedulers=[…, CosineAnnealingLR(T_max=T)], milestones=[…, m])`: the
  /// cosine's end, `m + T` scheduler calls.
  static func sequentialCosineEnd(_ s: SpecSummary) -> Int? {
    guard s.className == "SequentialLR", case .list(let ms)? = s.args["milestones"],
      let m = ms.last?.number.map({ Py.int($0.double) }),
      case .call(_, let args, let keywords) = s.resolved.arguments.call.expr
    else { return nil }
    let kids = keywords.first { $0.name == "schedulers" }?.value ?? args.first
    guard case .list(let items)? = kids?.expr, let last = items.last, case .call(let f, _, let kw) = last.expr,
      f.dottedName?.hasSuffix("CosineAnnealingLR") == true,
      case .int(let t)? = kw.first(where: { $0.name == "T_max" })?.value.expr, t > 0
    else { return nil }
    return m + t
  }

  /// A decaying schedule that climbs again once its planned end is passed (a warm-up +
  /// cosine SequentialLR run past the cosine's `T_max`). torch's CosineAnnealingLR alone is
  /// `cosine-rises-after-tmax`'s, transformers' cosines are `hf-cosine-rises-after-total`'s.
  static func risesAfterEnd(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    let deliberate: Set<String> = [
      "CosineAnnealingLR", "CosineAnnealingWarmRestarts", "CyclicLR", "ReduceLROnPlateau", "OneCyclePolicy",
      // OneCycleLR raises one call past its end (schedule-raises).
      "OneCycleLR",
    ]
    guard ctx.stats?.error == nil, ctx.plan.loop == nil else { return [] }
    // transformers' schedules have their own rule (hf-cosine-rises-after-total).
    for s in ctx.specs where !deliberate.contains(s.className) && s.library != .transformers {
      guard let st = ctx.stats?.stats(s.field), let k = st.firstRiseAfterDecline else { continue }
      guard let end = s.number("num_training_steps").map({ Py.int($0) }) ?? Lint.horizon(s, ctx)?.calls
        ?? sequentialCosineEnd(s)
      else { continue }
      let callsPerStep = ctx.plan.stepOn == .batch ? 1 : ctx.plan.stepsPerEpoch
      guard k / callsPerStep >= end, end < ctx.schedulerCalls else { continue }
      out.append(
        Finding(
          .warning, "rises-after-end",
          "\(s.className) is planned for \(Lint.grouped(end)) scheduler calls but makes \(Lint.grouped(ctx.schedulerCalls)): past its end the \(s.field.rawValue) rises again from step \(Lint.grouped(k)) (up to \(Lint.sig(st.max)))",
          fix: "size it for the run (\(Lint.grouped(ctx.schedulerCalls)) scheduler calls)", spec: s.index))
    }
    return out
  }
}
