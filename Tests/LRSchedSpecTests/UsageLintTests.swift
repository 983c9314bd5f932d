import LRSchedCore
import LRSchedSpec
import Testing

/// The usage rules (UsageRules.swift): each on the mistake as users write it and on the
/// correct form, which must stay clean of that rule. Expected numbers are worked out by hand
/// from the class definitions (e.g. milestones 30, 60, 90 of 100 × 391 batches).
@Suite struct UsageLintTests {
  static func check(
    _ spec: String, _ opt: String = "SGD(lr=0.1, momentum=0.9)", epochs: Int = 100, spe: Int = 391,
    stepOn: StepOn = .batch, metrics: [Double]? = nil
  ) -> [Finding] {
    var plan = RunPlan(
      specs: [spec], optimizer: try! OptimizerSpec.parse(opt), epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn)
    plan.metrics = metrics
    return Lint.check(plan: plan)
  }

  static func rule(_ f: [Finding], _ id: String) -> Finding? { f.first { $0.rule == id } }

  @Test func multiStepSizedInEpochsSteppedPerBatch() throws {
    let f = Self.check("MultiStepLR(milestones=[30, 60, 90], gamma=0.1)")
    let m = try #require(Self.rule(f, "epoch-sized-per-batch"))
    #expect(m.severity == .error)
    #expect(m.message.contains("decays at batch 30, 60, 90 of 39,100"))
    // (39,100 − 90) / 39,100 = 99.77%; 0.1 · 0.1³.
    #expect(m.message.contains("99.8% of the run at lr 0.0001"))
    #expect(m.fix?.contains("--step-on epoch") == true)
    #expect(m.fix?.contains("milestones=[11730, 23460, 35190]") == true)
    // The same milestones stepped per epoch, or given in batches: clean.
    #expect(Self.rule(Self.check("MultiStepLR(milestones=[30, 60, 90], gamma=0.1)", stepOn: .epoch), "epoch-sized-per-batch") == nil)
    #expect(Self.rule(Self.check("MultiStepLR(milestones=[11730, 23460, 35190], gamma=0.1)"), "epoch-sized-per-batch") == nil)
  }

  @Test func stepLRSizedInEpochsSteppedPerBatch() throws {
    let m = try #require(Self.rule(Self.check("StepLR(step_size=30, gamma=0.1)"), "epoch-sized-per-batch"))
    #expect(m.message.contains("decays every 30 batches, at batch 30, 60, 90, … of 39,100 (1,303 decays)"))
    #expect(m.fix?.contains("step_size=11,730") == true)
    #expect(Self.rule(Self.check("StepLR(step_size=30, gamma=0.1)", stepOn: .epoch), "epoch-sized-per-batch") == nil)
    #expect(Self.rule(Self.check("StepLR(step_size=11730, gamma=0.1)"), "epoch-sized-per-batch") == nil)
  }

  @Test func otherEpochSizedClasses() throws {
    let e = try #require(Self.rule(Self.check("ExponentialLR(gamma=0.95)"), "epoch-sized-per-batch"))
    #expect(e.message.contains("at batch 99 of 39,100"))
    #expect(Self.rule(Self.check("ExponentialLR(gamma=0.95)", stepOn: .epoch), "epoch-sized-per-batch") == nil)
    #expect(Self.rule(Self.check("ExponentialLR(gamma=0.99999)"), "epoch-sized-per-batch") == nil)
    for spec in ["LinearLR(start_factor=0.1)", "ConstantLR(factor=0.5)", "PolynomialLR(power=2.0)"] {
      let m = try #require(Self.rule(Self.check(spec, epochs: 15), "epoch-sized-per-batch"), "\(spec)")
      #expect(m.message.contains("after batch 5 of 5,865"))
      #expect(Self.rule(Self.check(spec, epochs: 15, stepOn: .epoch), "epoch-sized-per-batch") == nil)
    }
    #expect(Self.rule(Self.check("LinearLR(start_factor=0.1, total_iters=5865)", epochs: 15), "epoch-sized-per-batch") == nil)
    let w = try #require(Self.rule(Self.check("CosineAnnealingWarmRestarts(T_0=10)", spe: 5), "epoch-sized-per-batch"))
    #expect(w.message.contains("first cycle ends at batch 10 of 500"))
    #expect(w.fix?.contains("T_0=50") == true)
    #expect(Self.rule(Self.check("CosineAnnealingWarmRestarts(T_0=10)", spe: 5, stepOn: .epoch), "epoch-sized-per-batch") == nil)
    #expect(Self.rule(Self.check("CosineAnnealingWarmRestarts(T_0=500)", spe: 5), "epoch-sized-per-batch") == nil)
  }

  @Test func negativeAndZeroLR() throws {
    // A warm-up lambda off by one: (0 − 1) / 999 · 0.001 at step 0.
    let f = Self.check("LambdaLR(lr_lambda=lambda epoch: min((epoch - 1) / (1000 - 1), 1.0))", "SGD(lr=0.001)", epochs: 15)
    let n = try #require(Self.rule(f, "negative-lr"))
    #expect(n.severity == .error)
    #expect(n.message.contains("step 0 trains with lr -1.001001001001001e-06"))
    let ok = Self.check("LambdaLR(lr_lambda=lambda epoch: min((epoch + 1) / 1000, 1.0))", "SGD(lr=0.001)", epochs: 15)
    #expect(Self.rule(ok, "negative-lr") == nil)
    #expect(Self.rule(ok, "zero-lr") == nil)
    // LinearLR to end_factor=0 within the run: the steps after it train with lr 0.
    let z = try #require(Self.rule(Self.check("LinearLR(start_factor=1.0, end_factor=0.0, total_iters=10)", epochs: 4, spe: 5), "zero-lr"))
    #expect(z.severity == .warning)
    #expect(z.message.contains("step 10 trains with lr 0"))
    #expect(Self.rule(Self.check("LinearLR(start_factor=1.0, end_factor=0.01, total_iters=10)", epochs: 4, spe: 5), "zero-lr") == nil)
  }

  @Test func plateauSteppedPerBatch() throws {
    let metrics = [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    let f = Self.check("ReduceLROnPlateau(mode='min', patience=3)", epochs: 8, spe: 10, metrics: metrics)
    let p = try #require(Self.rule(f, "plateau-per-batch"))
    #expect(p.fix?.contains("--step-on epoch") == true)
    // schedule-raises now points at the same fix, not at the schedule's length.
    #expect(Self.rule(f, "schedule-raises")?.fix?.contains("--step-on epoch") == true)
    let ok = Self.check("ReduceLROnPlateau(mode='min', patience=3)", epochs: 8, spe: 10, stepOn: .epoch, metrics: metrics)
    #expect(Self.rule(ok, "plateau-per-batch") == nil)
    #expect(Self.rule(ok, "schedule-raises") == nil)
  }

  @Test func warmupCosineRisesAfterItsEnd() throws {
    // Sized for 5 + 45 = 50 epochs, run for 80: the cosine is periodic and climbs from call 95
    // (T_max past the milestone) back towards the base lr.
    let spec = "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=45)], milestones=[5])"
    let m = try #require(Self.rule(Self.check(spec, epochs: 80, spe: 1, stepOn: .epoch), "rises-after-end"))
    #expect(m.message.contains("planned for 50 scheduler calls but makes 80"))
    #expect(m.message.contains("rises again from step 51"))
    #expect(Self.rule(Self.check(spec, epochs: 50, spe: 1, stepOn: .epoch), "rises-after-end") == nil)
    // Schedules that cannot rise, or restart on purpose, are left alone.
    #expect(Self.rule(Self.check("OneCycleLR(max_lr=0.1, total_steps=40)", epochs: 4, spe: 10), "rises-after-end") == nil)
    let g = Self.check("CosineLRScheduler(t_initial=10, cycle_limit=1)", epochs: 20, spe: 1, stepOn: .epoch)
    #expect(Self.rule(g, "rises-after-end") == nil)
  }
}
