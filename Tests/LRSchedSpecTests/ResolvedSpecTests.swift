import LRSchedCore
import LRSchedSpec
import Testing

/// `RunPlan.resolve()`: each spec is resolved once into what it is (call, class, library,
/// fields, stepping, origin), and the run is built from that value.
@Suite struct ResolvedSpecTests {
  @Test func anAliasResolvesToItsExpandedCall() throws {
    // 15 epochs × 391 batches stepped per batch = 5865 scheduler steps; max_lr = the optimizer's lr.
    let r = try RunPlan(specs: ["onecycle"], epochs: 15, stepsPerEpoch: 391, stepOn: .batch).resolve()
    let s = try #require(r.specs.first)
    #expect(s.origin == .alias("onecycle"))
    #expect(s.call == "OneCycleLR(max_lr=0.1, total_steps=5865)")
    #expect(s.className == "OneCycleLR")
    #expect(s.library == .torch)
    #expect(s.name == "onecycle")
    #expect(s.text == "onecycle")
    #expect(s.stepping == .every(.batch))
    #expect(s.given == ["max_lr", "total_steps"])
  }

  @Test func aHyphenatedAliasWithArgumentsKeepsItsName() throws {
    let r = try RunPlan(specs: ["cosine-restarts(T_mult=1)"], epochs: 7, stepsPerEpoch: 1, stepOn: .epoch).resolve()
    let s = try #require(r.specs.first)
    #expect(s.origin == .alias("cosine-restarts"))
    #expect(s.name == "cosine-restarts")
    // T_0 = max(1, 7 // 7) = 1; the keyword overrides T_mult=2.
    #expect(s.call == "CosineAnnealingWarmRestarts(T_0=1, T_mult=1)")
    #expect(s.stepping == .every(.epoch))
  }

  @Test func aClassCallKeepsItsTextAndModulePrefix() throws {
    let r = try RunPlan(specs: ["  torch.optim.lr_scheduler.StepLR(step_size=3)  "]).resolve()
    let s = try #require(r.specs.first)
    #expect(s.origin == .classCall)
    #expect(s.className == "StepLR")
    #expect(s.name == "torch.optim.lr_scheduler.StepLR")
    #expect(s.call == "torch.optim.lr_scheduler.StepLR(step_size=3)")
    guard case .int(3)? = s.constantArguments()["step_size"] else {
      Issue.record("step_size is not the constant 3")
      return
    }
  }

  @Test func fieldsComeFromTheArgumentsNotTheText() throws {
    let opt = try OptimizerSpec.parse("SGD(lr=0.1, weight_decay=5e-4)")
    var plan = RunPlan(
      specs: ["StepLR(step_size=5)", "CosineAnnealingLR(T_max=15, field = 'weight_decay')"], optimizer: opt,
      epochs: 15, stepsPerEpoch: 1, stepOn: .epoch)
    var r = try plan.resolve()
    #expect(r.specs.map(\.field) == [.lr, .weightDecay])
    #expect(r.fields == [.lr, .weightDecay])
    #expect(r.namesFields)
    // A lambda whose text mentions field='momentum' names no field.
    plan.specs = ["LambdaLR(lr_lambda=lambda e: len(\"field='momentum'\"))"]
    r = try plan.resolve()
    #expect(r.fields == [.lr])
    #expect(!r.namesFields)
    // A nested scheduler's field counts.
    plan.specs = ["SequentialLR(schedulers=[ConstantLR(field='weight_decay'), ConstantLR(field='weight_decay')], milestones=[3])"]
    r = try plan.resolve()
    #expect(r.fields == [.lr, .weightDecay])
  }

  @Test func timmSchedulersStepInTrainPyLoop() throws {
    let r = try RunPlan(specs: ["CosineLRScheduler(t_initial=10, param_group_field='momentum')"], stepOn: .epoch).resolve()
    let s = try #require(r.specs.first)
    #expect(s.library == .timm)
    #expect(s.stepping == .timmTrainLoop)
    #expect(s.field == .momentum)
    #expect(s.given == ["t_initial"])
  }

  @Test func aCallerSaysWhereTheTextCameFrom() throws {
    var plan = RunPlan(specs: [], epochs: 10, stepsPerEpoch: 1, stepOn: .epoch)
    plan.inputs = [SpecInput("CosineLRScheduler(t_initial=10)", origin: .timm(args: "--sched cosine --epochs 10"))]
    let s = try #require(try plan.resolve().specs.first)
    #expect(s.origin == .timm(args: "--sched cosine --epochs 10"))
    #expect(plan.specs == ["CosineLRScheduler(t_initial=10)"])
  }

  @Test func resolvingReportsTheFirstBadSpecWithItsCaret() {
    let plan = RunPlan(specs: ["cosine", "StepLR(step_sise=3)"])
    #expect {
      _ = try plan.resolve()
    } throws: { e in
      guard let e = e as? SpecError else { return false }
      return e.message.contains("unexpected keyword argument 'step_sise'") && e.source == "StepLR(step_sise=3)"
    }
  }

  @Test func eachRunOfAResolvedPlanStartsAtStepZero() throws {
    let r = try RunPlan(specs: ["StepLR(step_size=1, gamma=0.5)"], epochs: 3, stepsPerEpoch: 1, stepOn: .epoch).resolve()
    for _ in 0..<2 {
      var run = try r.makeRun()
      var lrs: [Double] = []
      while let v = try run.next() { lrs.append(v[0].lr) }
      #expect(lrs == [0.1, 0.05, 0.025])
    }
  }
  /// torch 2.7 removed `verbose=`: each call that passes it (nested ones too) earns one
  /// warning on the resolved spec, outer call first; other arguments earn none.
  @Test func removedArgumentsBecomeWarningsOfTheResolvedSpec() throws {
    let r = try RunPlan(
      specs: [
        "SequentialLR(schedulers=[StepLR(step_size=2, verbose=True), ExponentialLR(gamma=0.9)], milestones=[3], verbose=False)",
        "cosine",
      ], epochs: 6, stepsPerEpoch: 1, stepOn: .epoch
    ).resolve()
    #expect(r.specs[0].warnings.count == 2)
    #expect(r.specs[0].warnings.first?.hasPrefix("SequentialLR(verbose=…) ignored: torch 2.7 removed") == true)
    #expect(r.specs[0].warnings.last?.hasPrefix("StepLR(verbose=…) ignored: torch 2.7 removed") == true)
    #expect(r.specs[1].warnings.isEmpty)
    #expect(r.warnings == r.specs[0].warnings)
  }
}
