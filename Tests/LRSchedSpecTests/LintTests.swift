import LRSchedCore
import LRSchedSpec
import Testing

/// Each `lrsched check` rule on a case that triggers it and one that must not.
@Suite struct LintTests {
  static func plan(
    _ specs: [String], _ opt: String = "SGD(lr=0.1, momentum=0.9)", epochs: Int = 15, spe: Int = 391,
    stepOn: StepOn = .batch
  ) -> RunPlan {
    RunPlan(
      specs: specs, optimizer: try! OptimizerSpec.parse(opt), epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn)
  }

  static func check(
    _ specs: [String], _ opt: String = "SGD(lr=0.1, momentum=0.9)", epochs: Int = 15, spe: Int = 391,
    stepOn: StepOn = .batch
  ) -> [Finding] {
    Lint.check(plan: plan(specs, opt, epochs: epochs, spe: spe, stepOn: stepOn))
  }

  static func find(_ f: [Finding], _ rule: String) -> Finding? { f.first { $0.rule == rule } }

  @Test func batchSizedScheduleSteppedPerEpoch() throws {
    let f = Self.check(["OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)"], stepOn: .epoch)
    let m = try #require(Self.find(f, "step-unit-mismatch"))
    #expect(m.severity == .error)
    #expect(m.message.contains("15 of 5,865 steps"))
    #expect(m.message.contains("0.26%"))
    #expect(m.message.contains("never reaches its peak lr 0.1"))
    #expect(m.fix?.contains("total_steps=15") == true)
    #expect(m.fix?.contains("--step-on batch") == true)
    #expect(Lint.hasErrors(f))
    // Sized in epochs and stepped per epoch: clean.
    #expect(Self.check(["OneCycleLR(max_lr=0.1, total_steps=15)"], stepOn: .epoch).isEmpty)
    // Sized in batches and stepped per batch: clean.
    #expect(Self.check(["OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)"]).isEmpty)
  }

  @Test func epochSizedScheduleSteppedPerBatch() throws {
    let f = Self.check(["CosineAnnealingLR(T_max=15)"])
    let m = try #require(Self.find(f, "step-unit-mismatch"))
    #expect(m.message.contains("15 of 5,865 steps"))
    #expect(m.fix?.contains("T_max=5865") == true)
    #expect(Self.find(Self.check(["CosineAnnealingLR(T_max=15)"], stepOn: .epoch), "step-unit-mismatch") == nil)
  }

  @Test func acceleratedSteppedPerEpoch() throws {
    let f = Self.check(
      ["CosineLrScheduler(total_num_epochs=10, num_update_steps_per_epoch=100)"], epochs: 10, spe: 100, stepOn: .epoch)
    #expect(Self.find(f, "step-unit-mismatch")?.fix?.contains("--step-on batch") == true)
  }

  @Test func scheduleThatRaises() throws {
    let f = Self.check(["OneCycleLR(max_lr=0.1, total_steps=20)"], epochs: 5, spe: 5)
    let m = try #require(Self.find(f, "schedule-raises"))
    #expect(m.severity == .error)
    #expect(m.message.contains("after step 20 of 25"))
    #expect(m.message.contains("Tried to step 21 times"))
    #expect(m.message.contains("exactly total_steps=20"))
    #expect(m.fix == "size it for the run: total_steps=25")
    #expect(Self.find(Self.check(["OneCycleLR(max_lr=0.1, total_steps=25)"], epochs: 5, spe: 5), "schedule-raises") == nil)
    // lr-momentum-scheduler lists end with an IndexError.
    let l = Self.check(["ListScheduler(lrs=[0.1, 0.05, 0.01], momentums=[0.9, 0.9, 0.9])"], epochs: 6, spe: 1, stepOn: .epoch)
    #expect(Self.find(l, "schedule-raises")?.message.contains("IndexError") == true)
  }

  @Test func constructorThatRaises() throws {
    let f = Self.check(["LambdaScheduler(lr_lambda=lambda e: 0.9 ** e)"], "Adam(lr=0.001)", epochs: 4, spe: 10)
    let m = try #require(Self.find(f, "constructor-raises"))
    #expect(m.message.contains("KeyError: 'momentum'"))
    #expect(m.fix?.contains("SGD") == true)
  }

  @Test func lengthMismatch() throws {
    let f = Self.check(["CosineLrScheduler(total_num_epochs=20, num_update_steps_per_epoch=10)"], epochs: 10, spe: 10)
    #expect(Self.find(f, "length-mismatch")?.severity == .warning)
    #expect(Self.find(f, "length-mismatch")?.message.contains("50%") == true)
    let g = Self.check(["CosineLrScheduler(total_num_epochs=3, num_update_steps_per_epoch=5)"], epochs: 5, spe: 5)
    #expect(Self.find(g, "length-mismatch")?.severity == .info)
    #expect(Self.find(Self.check(["CosineLrScheduler(total_num_epochs=5, num_update_steps_per_epoch=5)"], epochs: 5, spe: 5), "length-mismatch") == nil)
  }

  @Test func warmupFromZero() throws {
    let f = Self.check(
      ["CosineLrScheduler(total_num_epochs=10, num_update_steps_per_epoch=10, num_warmup_epochs=1, warmup_starting_lr=0.0)"],
      epochs: 10, spe: 10)
    let m = try #require(Self.find(f, "warmup-from-zero"))
    #expect(m.message.contains("steps 0–1 train with lr 0"))
    #expect(Self.find(Self.check(["LambdaLR(lr_lambda=lambda e: e / 100)"], epochs: 2, spe: 100), "warmup-from-zero") != nil)
    #expect(Self.find(Self.check(["LambdaLR(lr_lambda=lambda e: (e + 1) / 100)"], epochs: 2, spe: 100), "warmup-from-zero") == nil)
  }

  @Test func cosineRisingAfterTMax() throws {
    let f = Self.check(["CosineAnnealingLR(T_max=10)"], epochs: 30, spe: 1, stepOn: .epoch)
    let m = try #require(Self.find(f, "cosine-rises-after-tmax"))
    #expect(m.message.contains("rises from step 11"))
    #expect(m.fix?.hasPrefix("T_max=30") == true)
    #expect(Self.check(["CosineAnnealingLR(T_max=30)"], epochs: 30, spe: 1, stepOn: .epoch).isEmpty)
  }

  @Test func restartsTooOften() throws {
    let f = Self.check(["CosineAnnealingWarmRestarts(T_0=10)"])
    let m = try #require(Self.find(f, "restarts-too-frequent"))
    #expect(m.message.contains("restarts 586 times"))
    #expect(m.fix?.contains("T_0=3910") == true)
    #expect(Self.find(Self.check(["CosineAnnealingWarmRestarts(T_0=10)"], stepOn: .epoch), "restarts-too-frequent") == nil)
    #expect(Self.find(Self.check(["CosineAnnealingWarmRestarts(T_0=3910)"]), "restarts-too-frequent") == nil)
  }

  @Test func floatCounts() throws {
    // torch: StepLR's recursive step decays when last_epoch % 2.5 == 0, i.e. at 5, 10, 15.
    let step = try #require(Self.find(Self.check(["StepLR(step_size=2.5)"], epochs: 20, spe: 1, stepOn: .epoch), "float-count"))
    #expect(step.message.contains("only at scheduler calls 5, 10, 15"))
    let multi = try #require(Self.find(Self.check(["MultiStepLR(milestones=[2.5, 4])"], epochs: 10, spe: 1, stepOn: .epoch), "float-count"))
    #expect(multi.message.contains("milestone 2.5 is never reached"))
    #expect(Self.find(Self.check(["LinearLR(total_iters=2.5)"], epochs: 10, spe: 1, stepOn: .epoch), "float-count")?.severity == .info)
    let seq = try #require(
      Self.find(
        Self.check(
          ["SequentialLR(schedulers=[ConstantLR(factor=0.5, total_iters=10), ExponentialLR(gamma=0.9)], milestones=[2.5])"],
          epochs: 8, spe: 1, stepOn: .epoch), "float-count"))
    #expect(seq.message.contains("without the restart"))
    for ok in ["StepLR(step_size=3)", "StepLR(step_size=3.0)", "MultiStepLR(milestones=[2, 4.0])", "LinearLR(total_iters=4)"] {
      #expect(Self.find(Self.check([ok], epochs: 10, spe: 1, stepOn: .epoch), "float-count") == nil, "\(ok)")
    }
  }

  @Test func lrmomIdentityMomentum() throws {
    let f = Self.check(["RangeFinder(epochs=10)"], epochs: 10, spe: 1, stepOn: .epoch)
    let m = try #require(Self.find(f, "lrmom-identity-default"))
    #expect(m.severity == .error)
    #expect(m.message.contains("0, 0.9, 1.8"))
    // Momentum 0 stays 0: nothing to say.
    #expect(Self.check(["RangeFinder(epochs=10)"], "SGD(lr=0.1, momentum=0.0)", epochs: 10, spe: 1, stepOn: .epoch).isEmpty)
    // An explicit momentum schedule: clean.
    #expect(
      Self.check(
        ["LambdaScheduler(lr_lambda=lambda e: 0.9 ** e, momentum_lambda=lambda e: 1.0)"], epochs: 10, spe: 1,
        stepOn: .epoch
      ).isEmpty)
    let g = Self.check(["OneCyclePolicy(lr=0.1, epochs=12, momentum_rng=None)"], epochs: 12, spe: 1, stepOn: .epoch)
    #expect(Self.find(g, "lrmom-identity-default") != nil)
    #expect(Self.find(Self.check(["OneCyclePolicy(lr=0.1, epochs=12)"], epochs: 12, spe: 1, stepOn: .epoch), "lrmom-identity-default") == nil)
  }

  @Test func acceleratedQuirks() throws {
    let f = Self.check(
      ["CosineLrScheduler(total_num_epochs=6, num_update_steps_per_epoch=5, num_warmup_epochs=2, warmup_starting_lr_ratio=0.5)"],
      epochs: 6, spe: 5)
    let cut = try #require(Self.find(f, "accelerated-warmup-cuts-cosine"))
    #expect(cut.message.contains("covers 10 updates instead of 20"))
    let slope = try #require(Self.find(f, "accelerated-warmup-ratio-slope"))
    #expect(slope.message.contains("ends at 0.14 instead of the base 0.1"))
    let plain = Self.check(["CosineLrScheduler(total_num_epochs=6, num_update_steps_per_epoch=5)"], epochs: 6, spe: 5)
    #expect(plain.map(\.rule) == ["accelerated-first-value-repeated"])
    #expect(plain[0].severity == .info)
    #expect(!Lint.hasErrors(plain))
    let wsd = Self.check(["WSDLrScheduler(total_steps=40, num_warmup_steps=5)"], epochs: 4, spe: 10)
    #expect(Self.find(wsd, "accelerated-wsd-base-before-warmup") != nil)
    let torch = Self.check(["CosineAnnealingLR(T_max=30)"], epochs: 6, spe: 5)
    #expect(torch.isEmpty)
  }

  @Test func jsonOutput() {
    let f = Self.check(["OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)"], stepOn: .epoch)
    let j = Lint.json(f)
    #expect(j.hasPrefix("{\"findings\": [{\"severity\": \"error\", \"rule\": \"step-unit-mismatch\", \"spec\": 0"))
    #expect(j.hasSuffix("\"errors\": 1, \"warnings\": 0}"))
    #expect(Lint.json([]) == "{\"findings\": [], \"errors\": 0, \"warnings\": 0}")
    #expect(Lint.text([]) == "no problems found\n")
  }

  @Test func timmHookIsAppended() {
    struct Always: LintRule {
      let id = "always"
      func check(_ ctx: LintContext) -> [Finding] { [Finding(.info, "always", "x")] }
    }
    let f = Lint.check(plan: Self.plan(["CosineAnnealingLR(T_max=30)"], epochs: 6, spe: 5), rules: Lint.defaultRules + [Always()])
    #expect(f.map(\.rule) == ["always"])
  }
}
