import LRSchedCore
import LRSchedSpec
import Testing

/// Each loop rule of `lrsched check` on the mistake and on the correct form (no finding).
/// Expected numbers follow from the recorded rules (README-frameworks.md), worked out by
/// hand in the comments.
@Suite struct LoopLintTests {
  static func check(_ spec: String, _ loop: TrainingLoop, opt: String = "SGD(lr=0.1)") -> [Finding] {
    var plan = RunPlan(specs: [spec], optimizer: try! OptimizerSpec.parse(opt), stepOn: .batch)
    plan.setLoop(loop)
    return Lint.check(plan: plan)
  }

  static func loop(
    _ fw: LoopFramework, W: Int = 1, B: Int, E: Int, K: Int = 1, site: SchedulerCallSite = .batch, split: Bool = false,
    interval: LightningInterval = .step, F: Int = 1, maxSteps: Int? = nil, skipped: [Int] = []
  ) -> TrainingLoop {
    TrainingLoop(
      framework: fw, worldSize: W, batchesPerEpoch: B, epochs: E, accumulation: K, callSite: site, splitBatches: split,
      interval: interval, frequency: F, maxSteps: maxSteps, skippedSteps: skipped)
  }

  static func rule(_ f: [Finding], _ id: String) -> Finding? { f.first { $0.rule == id } }

  @Test func accelerateStepsWTimesPerCall() throws {
    // 2 processes × 10 batches × 2 epochs: 20 optimizer steps, 40 scheduler steps; T_max=20 is over at step 10.
    let f = Self.check("CosineAnnealingLR(T_max=20)", Self.loop(.accelerate, W: 2, B: 10, E: 2))
    let m = try #require(Self.rule(f, "accelerate-world-size"))
    #expect(m.severity == .error)
    #expect(m.message.contains("optimizer step 10 of 20"))
    #expect(m.message.contains("rises again"))
    #expect(m.fix?.contains("T_max=40") == true)
    #expect(m.fix?.contains("split_batches=True") == true)
    // Sized for W × steps, or split batches: clean.
    #expect(Self.check("CosineAnnealingLR(T_max=40)", Self.loop(.accelerate, W: 2, B: 10, E: 2)).isEmpty)
    #expect(Self.check("CosineAnnealingLR(T_max=20)", Self.loop(.accelerate, W: 2, B: 10, E: 2, split: true)).isEmpty)
  }

  @Test func accelerateOneCycleFrozenByTheGuard() throws {
    // OneCycleLR(total_steps=10) on 2 processes, 10 optimizer steps: over at step 5; the guard holds it (no raise).
    let f = Self.check("OneCycleLR(max_lr=0.1, total_steps=10)", Self.loop(.accelerate, W: 2, B: 5, E: 2))
    let m = try #require(Self.rule(f, "accelerate-world-size"))
    #expect(m.message.contains("optimizer step 5 of 10"))
    #expect(m.message.contains("guard"))
    #expect(Self.rule(f, "schedule-raises") == nil)
  }

  @Test func accumulationNotDividedOut() throws {
    // scheduler.step() every batch with K=2: 9 batches × 2 epochs = 18 calls for a 10-step OneCycleLR;
    // it raises on call 11, after optimizer step 5 (recorded: loops-torch-ga2-everybatch-onecycle-raises-21).
    let f = Self.check("OneCycleLR(max_lr=0.1, total_steps=10)", Self.loop(.torch, B: 9, E: 2, K: 2))
    let m = try #require(Self.rule(f, "accumulation-not-divided"))
    #expect(m.severity == .error)
    #expect(m.message.contains("Tried to step 11 times"))
    #expect(m.message.contains("after optimizer step 5"))
    #expect(m.fix?.contains("--step-on optimizer-step") == true)
    #expect(Self.rule(f, "schedule-raises") == nil)
    #expect(Self.check("OneCycleLR(max_lr=0.1, total_steps=10)", Self.loop(.torch, B: 9, E: 2, K: 2, site: .optimizerStep)).isEmpty)
    // Sized in batches (E × B = 40) but stepped per optimizer step (2 × ceil(20 / 4) = 10): a quarter used.
    let g = Self.check("CosineAnnealingLR(T_max=40)", Self.loop(.trainer, B: 20, E: 2, K: 4))
    let u = try #require(Self.rule(g, "accumulation-not-divided"))
    #expect(u.message.contains("10 of 40 steps (25%)"))
    #expect(u.fix?.contains("T_max=10") == true)
    #expect(Self.check("CosineAnnealingLR(T_max=10)", Self.loop(.trainer, B: 20, E: 2, K: 4)).isEmpty)
  }

  @Test func perEpochScheduleUnderIntervalStep() throws {
    let f = Self.check("CosineAnnealingLR(T_max=10)", Self.loop(.lightning, B: 100, E: 10))
    let m = try #require(Self.rule(f, "lightning-interval-step"))
    #expect(m.message.contains("optimizer step 10 of 1,000"))
    #expect(m.fix?.contains("'interval': 'epoch'") == true)
    #expect(Self.check("CosineAnnealingLR(T_max=10)", Self.loop(.lightning, B: 100, E: 10, interval: .epoch)).isEmpty)
    // The reverse: sized in steps, Lightning's default interval 'epoch'.
    let g = Self.check("CosineAnnealingLR(T_max=1000)", Self.loop(.lightning, B: 100, E: 10, interval: .epoch))
    #expect(Self.rule(g, "lightning-interval-epoch")?.message.contains("10 of 1,000 steps") == true)
    #expect(Self.check("CosineAnnealingLR(T_max=1000)", Self.loop(.lightning, B: 100, E: 10)).isEmpty)
  }

  @Test func lightningFrequencyCountsBatches() throws {
    // B=11, K=2, F=3: optimizer steps end at b = 1,3,5,7,9,10; only b=5 has (b+1) % 3 == 0: 1 per epoch.
    let f = Self.check("StepLR(step_size=1, gamma=0.9)", Self.loop(.lightning, B: 11, E: 2, K: 2, F: 3))
    let m = try #require(Self.rule(f, "lightning-frequency-batch-idx"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("1 time per epoch of 6 optimizer steps"))
    #expect(m.message.contains("2 scheduler steps in the run, not one every 3 optimizer steps (4)"))
    #expect(m.fix?.contains("frequency=6") == true)
    // frequency = 3 optimizer steps × 2 batches, on 12 batches: every 3rd optimizer step.
    #expect(Self.check("StepLR(step_size=1, gamma=0.9)", Self.loop(.lightning, B: 12, E: 2, K: 2, F: 6)).isEmpty)
  }

  @Test func skippedStepsMoveTheEnd() throws {
    // Trainer, 30 steps, LinearLR to 0.1 × 0.1 over 30: 3 skips leave 27 scheduler steps:
    // the last step trains with 0.1 × (1 − 0.9 × 26/30) = 0.022 instead of 0.1 × (1 − 0.9 × 29/30) = 0.013.
    let spec = "LinearLR(start_factor=1.0, end_factor=0.1, total_iters=30)"
    let f = Self.check(spec, Self.loop(.trainer, B: 10, E: 3, skipped: [0, 1, 2]))
    let m = try #require(Self.rule(f, "skipped-steps-shift"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("3 scheduler steps behind"))
    #expect(m.message.contains("lr 0.022 instead of its end value 0.013"))
    #expect(Self.check(spec, Self.loop(.trainer, B: 10, E: 3)).isEmpty)
    // accelerate on 2 processes: each skip costs 2 scheduler steps.
    let a = Self.check("LinearLR(start_factor=1.0, end_factor=0.1, total_iters=60)", Self.loop(.accelerate, W: 2, B: 10, E: 3, skipped: [4]))
    #expect(Self.rule(a, "skipped-steps-shift")?.message.contains("2 scheduler steps behind") == true)
    // A cosine to ~0 ends 3 steps late at 1e-6 instead of ~3e-7: under 1% of the peak, an info.
    let tiny = Self.check("CosineAnnealingLR(T_max=300)", Self.loop(.trainer, B: 100, E: 3, skipped: [0, 1, 2]))
    #expect(Self.rule(tiny, "skipped-steps-shift")?.severity == .info)
    // Lightning steps anyway: an info, not a warning.
    let l = Self.check(spec, Self.loop(.lightning, B: 10, E: 3, skipped: [0, 1, 2]))
    #expect(Self.rule(l, "skipped-steps-shift")?.severity == .info)
    #expect(!Lint.hasErrors(l) && !l.contains { $0.severity == .warning })
  }

  @Test func plainLoopRulesStandAsideUnderALoop() throws {
    // Stepped per batch with K=3 and sized for the 20 batch calls: correct, and no plain-loop finding.
    let f = Self.check("CosineAnnealingLR(T_max=20)", Self.loop(.torch, B: 10, E: 2, K: 3))
    #expect(f.isEmpty, "\(f)")
  }

  @Test func sizedForOneProcess() throws {
    // 50,000 rows, batch 16 on 8 processes: 391 batches each, K=4: 98 optimizer steps per epoch, 294 in 3 epochs;
    // sized for one process's 3,125 batches × 3 epochs = 9,375.
    let loop = Self.loop(.trainer, W: 8, B: 391, E: 3, K: 4)
    let f = Self.check("CosineAnnealingLR(T_max=9375)", loop)
    let m = try #require(Self.rule(f, "sized-for-one-process"))
    #expect(m.message.contains("294 of 9,375 steps (3.1%)"))
    #expect(m.fix?.contains("T_max=294") == true)
    #expect(Self.check("CosineAnnealingLR(T_max=294)", loop).isEmpty)
  }

  @Test func stepUnitMismatchUnderAccumulation() throws {
    let f = Self.check("CosineAnnealingLR(T_max=100)", Self.loop(.torch, B: 20, E: 10, K: 2, site: .epoch))
    let m = try #require(Self.rule(f, "step-unit-mismatch"))
    #expect(m.message.contains("10 of 100 steps (10%)"))
    #expect(m.fix?.contains("--step-on optimizer-step") == true)
    #expect(Self.check("CosineAnnealingLR(T_max=100)", Self.loop(.torch, B: 20, E: 10, K: 2, site: .optimizerStep)).isEmpty)
    #expect(Self.check("CosineAnnealingLR(T_max=10)", Self.loop(.torch, B: 20, E: 10, K: 2, site: .epoch)).isEmpty)
  }

  @Test func fractionalWarmupIsNotARatioInGetScheduler() throws {
    let loop = Self.loop(.trainer, B: 100, E: 1)
    let f = Self.check("get_scheduler('linear', num_warmup_steps=0.05, num_training_steps=100)", loop)
    let m = try #require(Self.rule(f, "warmup-ratio"))
    #expect(m.message.contains("not a ratio"))
    #expect(m.fix?.contains("num_warmup_steps=5") == true)
    #expect(Self.rule(Self.check("get_scheduler('linear', num_warmup_steps=5, num_training_steps=100)", loop), "warmup-ratio") == nil)
  }

  /// loops-torch-ga3-everybatch-cosine-20 against loops-torch-ga3-optstep-cosine-19: 10 batches
  /// at K=3 are 4 optimizer steps (2.5 batches per step, not 3): still the accumulation mistake.
  @Test func accumulationWithPartialGroups() throws {
    let f = Self.check("CosineAnnealingLR(T_max=8)", Self.loop(.torch, B: 10, E: 2, K: 3))
    let m = try #require(Self.rule(f, "accumulation-not-divided"))
    #expect(m.message.contains("(20 scheduler steps)"))
    #expect(m.message.contains("optimizer step 2 of 8"))
    #expect(Self.check("CosineAnnealingLR(T_max=8)", Self.loop(.torch, B: 10, E: 2, K: 3, site: .optimizerStep)).isEmpty)
  }

  /// accelerate's guard reads `total_steps` on the prepared scheduler itself: a OneCycleLR
  /// inside SequentialLR is not guarded and raises (20 scheduler steps for 2 + 10).
  @Test func accelerateRaisesWhenTheGuardDoesNotApply() throws {
    let spec = "SequentialLR(schedulers=[LinearLR(start_factor=0.5, total_iters=2), OneCycleLR(max_lr=0.1, total_steps=10)], milestones=[2])"
    let f = Self.check(spec, Self.loop(.accelerate, W: 2, B: 5, E: 2))
    let m = try #require(Self.rule(f, "schedule-raises"))
    #expect(m.severity == .error)
    #expect(m.message.contains("Tried to step"))
    #expect(m.message.contains("guard covers only a top-level OneCycleLR"))
    #expect(Self.rule(Self.check(spec, Self.loop(.accelerate, W: 2, B: 5, E: 2, split: true)), "schedule-raises") == nil)
  }
}
