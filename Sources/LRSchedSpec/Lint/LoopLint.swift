import LRSchedCore

/// `lrsched check` rules for framework loops (`RunPlan.loop`): a schedule sized in one
/// unit but stepped in another because of accelerate's W steps per call, gradient
/// accumulation, Lightning's `interval`/`frequency`, GradScaler-skipped steps, and the
/// Trainer's warm-up ratio. Under a loop these replace the plain-loop length rules
/// (`step-unit-mismatch`, `length-mismatch`, `cosine-rises-after-tmax`, `schedule-raises`).
public enum LoopLint {
  public static var rules: [any LintRule] {
    [
      ClosureRule("loop-length", length),
      ClosureRule("loop-raises", raises),
      ClosureRule("skipped-steps-shift", skippedSteps),
      ClosureRule("lightning-frequency-batch-idx", lightningFrequency),
      ClosureRule("warmup-ratio", warmupRatio),
    ]
  }

  /// The schedule length of a spec in scheduler steps: the generic horizon, or
  /// transformers' `num_training_steps`.
  static func horizon(_ s: SpecSummary, _ ctx: LintContext) -> LintHorizon? {
    if let h = Lint.horizon(s, ctx) { return h }
    if s.className.hasPrefix("get_"), let t = s.int("num_training_steps"), t > 0 {
      return LintHorizon(calls: t, setBy: "num_training_steps=\(t)") { "num_training_steps=\($0)" }
    }
    return nil
  }

  // MARK: - Length

  /// The schedule's horizon H against the S scheduler steps the loop really makes.
  static func length(_ ctx: LintContext) -> [Finding] {
    guard let loop = ctx.plan.loop else { return [] }
    var out: [Finding] = []
    for s in ctx.specs {
      guard let hz = horizon(s, ctx) else { continue }
      if let f = lengthFinding(s, hz, loop, ctx) { out.append(f) }
    }
    return out
  }

  static func lengthFinding(_ s: SpecSummary, _ hz: LintHorizon, _ loop: TrainingLoop, _ ctx: LintContext) -> Finding? {
    let H = hz.calls, S = loop.schedulerSteps
    guard H != S, S > 0 else { return nil }
    let N = loop.optimizerSteps, E = loop.epochs, B = loop.batchesPerEpoch, K = loop.accumulation, W = loop.worldSize
    let r = Double(S) / Double(H)
    func near(_ x: Double, _ y: Double) -> Bool { Swift.abs(x - y) <= 0.15 * y }
    let g = Lint.grouped
    let name = "\(s.className) (\(hz.setBy))"
    let consequence = S > H ? overrun(s, H, loop, ctx) : underrun(s, H, S, ctx)
    let resize = hz.resize(S)
    // accelerate: W steps per call on W processes.
    if loop.framework == .accelerate && loop.stepWithOptimizer && !loop.splitBatches && W > 1 && near(r, Double(W)) {
      let unit = loop.callSite == .epoch ? "\(g(E)) epochs" : "\(g(N)) optimizer steps per process"
      return Finding(
        .error, "accelerate-world-size",
        "\(name) is sized for the run's \(unit), but a prepared scheduler on \(W) processes steps \(W) times per "
          + (loop.callSite == .epoch ? "epoch" : "optimizer step") + " (accelerate/scheduler.py:72-82): \(g(S)) scheduler steps; \(consequence)",
        fix: "size it for \(W) × \(unit) (\(resize)), as accelerate's examples do (num_training_steps × accelerator.num_processes), or prepare with split_batches=True",
        spec: s.index)
    }
    // Sized from a single-process dataloader: W processes and K accumulation not divided out.
    if W > 1 && S < H && near(1 / r, Double(W * K)) && !(loop.framework == .accelerate && loop.stepWithOptimizer && !loop.splitBatches) {
      let perStep = K > 1 ? " with accumulation \(K)" : ""
      return Finding(
        .error, "sized-for-one-process",
        "\(name) looks sized for the batches of one process's full dataloader, but on \(W) processes\(perStep) each process runs \(g(B)) batches per epoch and \(g(N)) optimizer steps (\(g(S)) scheduler steps); \(consequence)",
        fix: "divide by the \(W) processes\(K > 1 ? " and the accumulation" : ""): \(resize)", spec: s.index)
    }
    // Accumulation: stepped per batch but sized in optimizer steps, or the reverse.
    // Batches per optimizer step, partial groups included (10 batches at K=3: 4 steps, 2.5).
    let kEff = Double(E * B) / Double(Swift.max(N, 1))
    if K > 1 && (near(r, Double(K)) || near(1 / r, Double(K)) || near(r, kEff) || near(1 / r, kEff)) {
      if S > H {
        return Finding(
          .error, "accumulation-not-divided",
          "\(name) is sized in optimizer steps (\(g(N))), but scheduler.step() runs after every batch: with accumulation \(K) it advances \(K) times per optimizer step (\(g(S)) scheduler steps); \(consequence)",
          fix: "call scheduler.step() only after optimizer.step() (--step-on optimizer-step), or size it in batches: \(resize)",
          spec: s.index)
      }
      let stepper = loop.framework == .accelerate ? "accelerate steps a prepared scheduler only at optimizer steps" : "it is stepped once per optimizer step"
      return Finding(
        .error, "accumulation-not-divided",
        "\(name) is sized in batches, but \(stepper): with accumulation \(K) the run has \(g(N)) optimizer steps (\(g(E)) × ceil(\(g(B)) / \(K))) and \(g(S)) scheduler steps; \(consequence)",
        fix: "divide the accumulation out: \(resize)", spec: s.index)
    }
    // Lightning's interval against the unit the schedule is sized in.
    if loop.framework == .lightning {
      if loop.interval == .step && S > H && nearest(H, [E, N, E * B]) == E {
        return Finding(
          .error, "lightning-interval-step",
          "\(name) looks sized in epochs (\(g(E))), but 'interval': 'step' steps it after optimizer steps: \(g(S)) scheduler steps; \(consequence)",
          fix: "'interval': 'epoch' in the lr_scheduler config, or size it in steps: \(resize)", spec: s.index)
      }
      if loop.interval == .epoch && S < H && nearest(H, [E, N, E * B]) != E {
        return Finding(
          .error, "lightning-interval-epoch",
          "\(name) is sized in steps, but 'interval': 'epoch' (Lightning's default) steps it once per epoch: \(g(S)) scheduler steps; \(consequence)",
          fix: "'interval': 'step' in the lr_scheduler config, or size it in epochs: \(resize)", spec: s.index)
      }
    }
    // Per batch against per epoch (plain PyTorch or accelerate loops).
    if loop.framework == .torch || loop.framework == .accelerate {
      let epochSized = nearest(H, [E, N, E * B]) == E
      if loop.callSite == .epoch && !epochSized && S < H {
        return Finding(
          .error, "step-unit-mismatch", "\(name) is sized in steps but stepped once per epoch: \(consequence)",
          fix: "size it in epochs (\(resize)) or step it per " + (K > 1 ? "optimizer step (--step-on optimizer-step)" : "batch (--step-on batch)"),
          spec: s.index)
      }
      if loop.callSite != .epoch && epochSized && S > H {
        return Finding(
          .error, "step-unit-mismatch", "\(name) is sized in epochs but stepped per optimizer step or batch: \(consequence)",
          fix: "size it for the \(g(S)) scheduler steps (\(resize)) or step it per epoch (--step-on epoch)", spec: s.index)
      }
    }
    // Anything else: a length mismatch in the same unit.
    if S < H {
      return Finding(
        .warning, "length-mismatch", "\(name) is sized for \(g(H)) scheduler steps but the loop (\(loop.stepping)) makes \(g(S)): \(consequence)",
        fix: resize, spec: s.index)
    }
    let raises = ctx.stats?.error != nil
    let severe = s.className == "CosineAnnealingLR"
    var fix = resize
    if loop.framework == .accelerate && W > 1 && !loop.splitBatches {
      fix += " (each process runs \(g(B)) batches per epoch after accelerator.prepare: size the schedule from the prepared dataloader, × \(W) processes)"
    }
    return Finding(
      raises ? .error : severe ? .warning : .info, "length-mismatch",
      "\(name) is sized for \(g(H)) scheduler steps but the loop (\(loop.stepping)) makes \(g(S)): \(consequence)", fix: fix,
      spec: s.index)
  }

  /// Of the candidates, the one closest to `h` by ratio.
  static func nearest(_ h: Int, _ candidates: [Int]) -> Int? {
    candidates.filter { $0 > 0 }.min { a, b in
      Swift.abs(LibM.log(Double(h) / Double(a))) < Swift.abs(LibM.log(Double(h) / Double(b)))
    }
  }

  /// What happens once the loop has made H scheduler steps before the run's end.
  static func overrun(_ s: SpecSummary, _ H: Int, _ loop: TrainingLoop, _ ctx: LintContext) -> String {
    let g = Lint.grouped, N = loop.optimizerSteps
    let f = s.field.rawValue
    let st = ctx.stats?.stats(s.field)
    var msg = ""
    if let X = LoopTrace.firstStep(reaching: H, loop: loop) {
      msg = "the schedule is over at optimizer step \(g(X)) of \(g(N))"
    } else {
      msg = "the schedule is over before the run ends"
    }
    if let (e, k) = ctx.stats?.error {
      msg += ", and it raises \(e.pythonType) ('\(e.message)') after optimizer step \(g(k)): the run stops there"
    } else if let st, let k = st.firstRiseAfterDecline, s.className != "OneCycleLR" {
      // Cosines (torch's, transformers' without a clamp) are periodic past their end.
      msg += ", then the \(f) rises again from step \(g(k))" + (s.className == "CosineAnnealingLR" ? " (the cosine is periodic)" : "")
        + (st.last > st.min ? " to \(Lint.sig(st.last)) at the last step" : "")
    } else if s.className == "OneCycleLR" && loop.framework == .accelerate && loop.stepWithOptimizer, let st {
      msg += "; accelerate's total_steps guard then holds \(f) at its final \(Lint.sig(st.last))"
    } else if let st {
      msg += "; the rest trains at its end value (\(f) \(Lint.sig(st.last)) at the last step)"
    }
    return msg
  }

  /// The schedule is cut short: how much of it the run uses and where it stops.
  static func underrun(_ s: SpecSummary, _ H: Int, _ S: Int, _ ctx: LintContext) -> String {
    var msg = "it uses \(Lint.grouped(S)) of \(Lint.grouped(H)) steps (\(Lint.percent(Double(S) / Double(H))))"
    if let st = ctx.stats?.stats(s.field) {
      msg += " and stops at \(s.field.rawValue) \(Lint.sig(st.last))"
    }
    return msg
  }

  // MARK: - Raises

  /// The run raises and no length finding explains it.
  static func raises(_ ctx: LintContext) -> [Finding] {
    guard let loop = ctx.plan.loop, let stats = ctx.stats, let (e, k) = stats.error else { return [] }
    let explained = length(ctx).contains { $0.message.contains("raises") }
    guard !explained else { return [] }
    let spec = ctx.specs.first
    var why = ""
    if loop.framework == .accelerate && loop.stepWithOptimizer && !loop.splitBatches && loop.worldSize > 1 {
      why = "; a prepared scheduler steps \(loop.worldSize) times per optimizer step on \(loop.worldSize) processes (accelerate/scheduler.py:72-82), and its total_steps guard covers only a top-level OneCycleLR"
    }
    return [
      Finding(
        .error, "schedule-raises",
        "\(spec?.className ?? "the schedule") raises \(e.pythonType)" + (e.message.isEmpty ? "" : " ('\(e.message)')")
          + " after optimizer step \(Lint.grouped(k)) of \(Lint.grouped(loop.optimizerSteps)) (\(loop.summary)): the run stops there" + why,
        fix: "size it for the \(Lint.grouped(loop.schedulerSteps)) scheduler steps the loop makes", spec: spec?.index)
    ]
  }
}

/// Replays a loop's scheduler calls without a schedule (a counter), for "the schedule is
/// over at optimizer step X" and skip-aware step counts.
enum LoopTrace {
  struct Counter: TorchScheduler {
    var lastEpoch = 0
    mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) { lastEpoch += 1 }
    mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) { lastEpoch = 0 }
    mutating func undoStep() { lastEpoch -= 1 }
  }

  /// The first optimizer step that trains with a value set after `calls` scheduler steps.
  static func firstStep(reaching calls: Int, loop: TrainingLoop) -> Int? {
    var groups: [ParamGroup] = []
    guard var s = try? LoopStepper(Counter(), loop: loop, groups: &groups) else { return nil }
    let at = LoopPosition(step: 0, epoch: 0, batch: 0, stepsPerEpoch: 1)
    for k in 0..<loop.optimizerSteps {
      if s.calls >= calls { return k }
      guard (try? s.afterOptimizerStep(&groups, at: at, metric: nil)) != nil else { return nil }
    }
    return nil
  }

  /// Scheduler steps the loop makes, skipped updates included.
  static func totalCalls(_ loop: TrainingLoop) -> Int {
    var groups: [ParamGroup] = []
    guard var s = try? LoopStepper(Counter(), loop: loop, groups: &groups) else { return 0 }
    let at = LoopPosition(step: 0, epoch: 0, batch: 0, stepsPerEpoch: 1)
    for _ in 0..<loop.optimizerSteps { try? s.afterOptimizerStep(&groups, at: at, metric: nil) }
    return s.calls
  }
}
