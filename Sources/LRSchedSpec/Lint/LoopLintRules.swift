import LRSchedCore

extension LoopLint {
  // MARK: - GradScaler skips

  /// Skipped updates: the Trainer and a prepared accelerate scheduler don't step after
  /// them, so the schedule ends short of its final value; torch's AMP recipe and
  /// Lightning step anyway.
  static func skippedSteps(_ ctx: LintContext) -> [Finding] {
    guard let loop = ctx.plan.loop, !loop.skippedSteps.isEmpty else { return [] }
    let g = Lint.grouped
    let n = loop.skippedSteps.count
    let list = loop.skippedSteps.prefix(5).map { g($0) }.joined(separator: ", ") + (n > 5 ? ", …" : "")
    let what = "the GradScaler skipped \(n) update\(n == 1 ? "" : "s") (optimizer step\(n == 1 ? "" : "s") \(list))"
    let skipAware = loop.framework == .trainer || (loop.framework == .accelerate && loop.stepWithOptimizer)
    guard skipAware else {
      let who: String
      switch loop.framework {
      case .lightning: who = "Lightning steps the scheduler anyway (plugins/precision/amp.py:93-97; Lightning-AI/pytorch-lightning#5558)"
      case .accelerate: who = "with step_scheduler_with_optimizer=False accelerate steps the scheduler on every call"
      default: who = "PyTorch's AMP recipe (scaler.step; scaler.update; scheduler.step) steps the scheduler anyway"
      }
      return [
        Finding(
          .info, "skipped-steps-shift", "\(what); \(who): the schedule keeps its length, the skipped steps' values are spent without an update",
          fix: nil)
      ]
    }
    // The same run without skips: where the schedule would have ended.
    var clean = loop
    clean.setSkippedSteps([])
    var plan = ctx.plan
    plan.setLoop(clean)
    let actualCalls = LoopTrace.totalCalls(loop), cleanCalls = LoopTrace.totalCalls(clean)
    guard let intended = try? RunStats.collect(plan), cleanCalls > actualCalls else { return [] }
    var out: [Finding] = []
    for s in ctx.specs {
      guard let st = ctx.stats?.stats(s.field), let want = intended.stats(s.field)?.last, st.last != want else { continue }
      let got = st.last
      // A shift the size of the schedule's tail noise (< 1% of its peak) is worth knowing, not fixing.
      let material = Swift.abs(got - want) > 0.01 * Swift.max(Swift.abs(st.max), Swift.abs(st.min))
      let f = s.field.rawValue
      let source =
        loop.framework == .trainer
        ? "the Trainer does not step the scheduler after a skipped update (trainer.py:1986-1989) but counts it toward max_steps (trainer.py:1992)"
        : "accelerate does not step a prepared scheduler after a skipped update (accelerate/scheduler.py:66-68)"
      out.append(
        Finding(
          material ? .warning : .info, "skipped-steps-shift",
          "\(what); \(source): the schedule falls \(g(cleanCalls - actualCalls)) scheduler step\(cleanCalls - actualCalls == 1 ? "" : "s") behind and the last optimizer step trains with \(f) \(Lint.sig(got)) instead of its end value \(Lint.sig(want))",
          fix: "expected with fp16 (early steps overflow at GradScaler's default init_scale=65536): a lower init_scale skips fewer steps; to end on the final value, size the schedule for the \(g(actualCalls)) scheduler steps that happen",
          spec: s.index))
    }
    return out
  }

  // MARK: - Lightning frequency

  /// Lightning counts `frequency` on `batch_idx + 1`, not on optimizer steps.
  static func lightningFrequency(_ ctx: LintContext) -> [Finding] {
    guard let loop = ctx.plan.loop, loop.framework == .lightning, loop.interval == .step, loop.frequency > 1 else {
      return []
    }
    let g = Lint.grouped
    let F = loop.frequency, K = loop.accumulation, B = loop.batchesPerEpoch
    // A frequency that is a multiple of K already counts batches: F / K optimizer steps.
    let inBatches = K > 1 && F % K == 0
    let every = inBatches ? F / K : F
    let actual = loop.schedulerSteps, intended = loop.optimizerSteps / every
    guard actual != intended else { return [] }
    let perEpoch = loop.lightningStepsPerEpoch
    var msg =
      "Lightning steps an 'interval': 'step' scheduler when (batch_idx + 1) % frequency == 0 (loops/training_epoch_loop.py:482-486): batch_idx counts batches"
      + (K > 1 ? " (\(K) per optimizer step with accumulation)" : "") + " and restarts every epoch, so frequency=\(F) steps it \(g(perEpoch)) time\(perEpoch == 1 ? "" : "s") per epoch of \(g(loop.optimizerStepsPerEpoch)) optimizer steps: \(g(actual)) scheduler steps in the run, not one every \(every) optimizer steps (\(g(intended)))"
    var fix: String
    if K > 1 && !inBatches {
      let better = TrainingLoop(
        framework: .lightning, batchesPerEpoch: B, epochs: loop.epochs, accumulation: K, interval: .step, frequency: F * K)
      fix = "frequency=\(F * K) (\(F) optimizer steps of \(K) batches; \(g(better.schedulerSteps)) scheduler steps)"
    } else {
      fix = "a frequency that divides the \(g(B)) batches of an epoch, or size the schedule for the \(g(actual)) steps it gets"
    }
    if actual == 0 { msg += "; the scheduler never steps" }
    return [Finding(K > 1 && !inBatches || actual == 0 ? .warning : .info, "lightning-frequency-batch-idx", msg, fix: fix)]
  }

  // MARK: - Warm-up ratio

  /// transformers: a fractional `num_warmup_steps` is a step count to `get_scheduler`
  /// and the `get_*_schedule*` functions; only `TrainingArguments.warmup_steps < 1` is a
  /// ratio (`ceil(max_steps * ratio)`, training_args.py:2154-2161).
  static func warmupRatio(_ ctx: LintContext) -> [Finding] {
    var out: [Finding] = []
    for s in ctx.specs {
      if case .hf(let args) = s.resolved.origin, let f = trainerWarmup(s, args) { out.append(f) }
    }
    for s in ctx.specs where s.className.hasPrefix("get_") {
      if case .hf = s.resolved.origin { continue }
      guard case .float(let w)? = s.args["num_warmup_steps"], w > 0, w < 1 else { continue }
      let total = s.int("num_training_steps")
      var msg = "num_warmup_steps=\(PyFormat.repr(w)) is a number of steps to \(s.className), not a ratio"
      if let st = ctx.stats?.stats(s.field), st.first == 0 { msg += ": the only warm-up step is step 0, which trains with \(s.field.rawValue) 0" }
      var fix = "num_warmup_steps=ceil(num_training_steps × \(PyFormat.repr(w)))"
      if let total {
        let r = TrainerWarmup.steps(warmupSteps: w, maxSteps: total)
        msg += " (as a ratio of num_training_steps=\(Lint.grouped(total)) it would be \(Lint.grouped(r.steps)) steps)"
        fix = "num_warmup_steps=\(r.steps), or TrainingArguments(warmup_steps=\(PyFormat.repr(w))) with the Trainer"
      }
      out.append(Finding(.warning, "warmup-ratio", msg, fix: fix, spec: s.index))
    }
    return out
  }
}

extension LoopLint {
  /// `TrainingArguments(warmup_steps=…)` as the Trainer turns it into warm-up steps: a
  /// float < 1 is a ratio of max_steps rounded up (in floating point), a float >= 1 is
  /// truncated.
  static func trainerWarmup(_ s: SpecSummary, _ args: String) -> Finding? {
    guard let hf = try? HFTrainingArguments.parse(args), case .float(let w)? = hf.value("warmup_steps"),
      let m = s.int("num_training_steps"), w > 0, w.isFinite
    else { return nil }
    let g = Lint.grouped
    let r = TrainerWarmup.steps(warmupSteps: w, maxSteps: m)
    let ws = PyFormat.repr(w)
    guard let p = r.product else {
      guard w != w.rounded(.down) else { return nil }
      return Finding(
        .info, "warmup-ratio", "warmup_steps=\(ws) is a count here (>= 1): the Trainer uses int(\(ws)) = \(g(r.steps)) warm-up steps",
        fix: "an integer warmup_steps", spec: s.index)
    }
    if let exact = r.exactSteps {
      return Finding(
        .warning, "warmup-ratio",
        "warmup_steps=\(ws) is a ratio of max_steps=\(g(m)): \(g(m)) × \(ws) is \(PyFormat.repr(p)) in floating point, so ceil gives \(g(r.steps)) warm-up steps, not \(g(exact))",
        fix: "warmup_steps=\(exact) (a count) for exactly \(g(exact))", spec: s.index)
    }
    guard p != p.rounded(.down) else { return nil }
    return Finding(
      .info, "warmup-ratio",
      "warmup_steps=\(ws) is a ratio of max_steps=\(g(m)), rounded up: ceil(\(PyFormat.repr(p))) = \(g(r.steps)) warm-up steps",
      fix: "warmup_steps=\(r.steps) (a count) to state it", spec: s.index)
  }
}

/// `TrainingArguments.get_warmup_steps` (transformers 5.25, `training_args.py:2154-2161`,
/// `HFTrainer.warmupSteps`): `int(warmup_steps)` when >= 1, else
/// `ceil(num_training_steps * warmup_steps)`, which rounds up, and in floating point
/// (`100 * 0.07 = 7.000000000000001` → 8); plus what an exact decimal product would give.
public enum TrainerWarmup {
  public struct Result: Sendable, Equatable {
    /// Warm-up steps the Trainer uses.
    public var steps: Int
    /// The product `max_steps * ratio` as floating point computes it (nil for counts >= 1).
    public var product: Double?
    /// The warm-up an exact decimal product gives, when floating point rounded it up past
    /// an integer (`ceil(7.000000000000001) = 8`, exactly 7).
    public var exactSteps: Int?
  }

  public static func steps(warmupSteps w: Double, maxSteps m: Int) -> Result {
    let up = (try? HFTrainer.warmupSteps(.float(w), numTrainingSteps: m)) ?? 0
    if w >= 1 { return Result(steps: up, product: nil, exactSteps: nil) }
    let p = Double(m) * w
    // The ratio as typed: its shortest repr, a decimal a / 10^d.
    var exact: Int?
    let text = PyFormat.repr(w)
    if let dot = text.firstIndex(of: "."), !text.contains("e") {
      let digits = text[text.index(after: dot)...]
      if digits.count <= 15, let a = Int(digits) {
        var scale = 1
        for _ in 0..<digits.count { scale *= 10 }
        let (num, overflow) = m.multipliedReportingOverflow(by: a)
        if !overflow && num % scale == 0 && num / scale != up { exact = num / scale }
      }
    }
    return Result(steps: up, product: p, exactSteps: exact)
  }
}
