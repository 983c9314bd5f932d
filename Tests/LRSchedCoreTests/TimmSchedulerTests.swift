import LRSchedCore
import LRSchedSpec
import Testing

/// timm's base-class behaviour and the classes' formulas (timm 1.0.31), on values derived
/// from the source and from the verified examples in docs/landscape.md §C.6–C.8.
@Suite struct TimmSchedulerTests {
  static func groups(_ lrs: Double...) -> [ParamGroup] { lrs.map { ParamGroup(lr: $0) } }

  /// The lrs of group 0 that steps 0..<n train with, in timm's loop.
  static func run(_ spec: String, epochs: Int, stepsPerEpoch: Int = 1, optimizer: String = "SGD(lr=1.0)",
                  metrics: [Double]? = nil) throws -> [[Double]] {
    let plan = RunPlan(
      specs: [spec], optimizer: try OptimizerSpec.parse(optimizer), epochs: epochs, stepsPerEpoch: stepsPerEpoch,
      stepOn: .epoch, metrics: metrics, strict: false)
    var run = try plan.makeRun()
    var out: [[Double]] = []
    while let v = try run.next() { out.append(v.map(\.lr)) }
    return out
  }

  static func close(_ a: [Double], _ b: [Double], _ tol: Double) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tol }
  }

  @Test func stepUpdateIsANoOpWithTInEpochsAndStepIsOneWithout() throws {
    // landscape §B #3: t_in_epochs=False: step(5) leaves lr at 1.0, step_update(5) gives 0.5.
    var g = Self.groups(1.0)
    var s = try TimmCosineLR(
      groups: &g, base: try TimmBase(groups: &g, tInEpochs: false), cycles: TimmCycles(tInitial: 10))
    try s.step(&g, epoch: 5, metric: nil)
    #expect(g[0].lr == 1.0)
    try s.stepUpdate(&g, numUpdates: 5, metric: nil)
    #expect(g[0].lr == 0.5 + 0.5 * cos(Double.pi / 2))
    // And the reverse with t_in_epochs=True.
    var h = Self.groups(1.0)
    var e = try TimmCosineLR(groups: &h, base: try TimmBase(groups: &h), cycles: TimmCycles(tInitial: 10))
    try e.stepUpdate(&h, numUpdates: 5, metric: nil)
    #expect(h[0].lr == 1.0)
    try e.step(&h, epoch: 5, metric: nil)
    #expect(h[0].lr == 0.5 + 0.5 * cos(Double.pi / 2))
  }

  @Test func theLoopCallsStepUpdateEveryUpdateAndStepEveryEpoch() throws {
    // Per epoch: 3 batches train with the epoch's value; per update: every batch moves.
    let perEpoch = try Self.run("CosineLRScheduler(t_initial=4)", epochs: 2, stepsPerEpoch: 3).map { $0[0] }
    #expect(perEpoch[0] == 1.0 && perEpoch[2] == 1.0 && perEpoch[3] == 0.5 + 0.5 * cos(Double.pi / 4))
    let perUpdate = try Self.run("CosineLRScheduler(t_initial=4, t_in_epochs=False)", epochs: 1, stepsPerEpoch: 3)
      .map { $0[0] }
    #expect(perUpdate == [1.0, 0.5 + 0.5 * cos(Double.pi / 4), 0.5 + 0.5 * cos(Double.pi * 2 / 4)])
  }

  @Test func warmupPrefixShiftsTheCurveOtherwiseTheWarmupOverlapsIt() throws {
    // warmup_t=2, warmup_lr_init=0: t=0,1 ramp 0, 0.5; then prefix restarts the cosine at 1.0,
    // no prefix jumps to the curve's value at t=2.
    let prefix = try Self.run("CosineLRScheduler(t_initial=10, warmup_t=2, warmup_prefix=True)", epochs: 4).map { $0[0] }
    #expect(prefix == [0.0, 0.5, 1.0, 0.5 * (1 + cos(Double.pi * 1 / 10))])
    let overlap = try Self.run("CosineLRScheduler(t_initial=10, warmup_t=2)", epochs: 3).map { $0[0] }
    #expect(overlap == [0.0, 0.5, 0.5 * (1 + cos(Double.pi * 2 / 10))])
    // Construction already sets the groups to warmup_lr_init.
    var g = Self.groups(1.0)
    _ = try TimmCosineLR(groups: &g, base: try TimmBase(groups: &g), cycles: TimmCycles(tInitial: 10), warmupT: 2,
                         warmupLRInit: 0.25)
    #expect(g[0].lr == 0.25 && g[0].initial.lr == 1.0)
  }

  @Test func stepClassesDefaultToAWarmupPrefix() throws {
    // StepLRScheduler(decay_t=2, decay_rate=0.5, warmup_t=2): t=2 is the start of the decay curve.
    let v = try Self.run("StepLRScheduler(decay_t=2, decay_rate=0.5, warmup_t=2)", epochs: 6).map { $0[0] }
    #expect(v == [0.0, 0.5, 1.0, 1.0, 0.5, 0.5])
    let noPrefix = try Self.run("StepLRScheduler(decay_t=2, decay_rate=0.5, warmup_t=2, warmup_prefix=False)", epochs: 4)
      .map { $0[0] }
    #expect(noPrefix == [0.0, 0.5, 0.5, 0.5])
  }

  @Test func multiStepAppliesMilestoneMAtMMinusOne() throws {
    let v = try Self.run("MultiStepLRScheduler(decay_t=[3, 5], decay_rate=0.5)", epochs: 6).map { $0[0] }
    #expect(v == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25])
  }

  @Test func cycleLengthCountsCyclesAndThePrefix() throws {
    var g = Self.groups(1.0)
    let base = try TimmBase(groups: &g)
    let single = try TimmCosineLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 10, warmupPrefix: true), warmupT: 2)
    #expect(try single.cycleLength() == 12)
    let noPrefix = try TimmCosineLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 10), warmupT: 2)
    #expect(try noPrefix.cycleLength() == 10)
    // cycle_mul=2, 3 cycles of 3, 6, 12: floor(-3 * (2**3 - 1) / (1 - 2)) = 21.
    let mul = try TimmCosineLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 3, cycleMul: 2, cycleLimit: 3))
    #expect(try mul.cycleLength() == 21)
    #expect(try mul.cycleLength(cycles: 2) == 9)
    // cycle_mul=1: t_initial * cycles; tanh and poly share the rule.
    let tanh = try TimmTanhLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 5, cycleLimit: 4, warmupPrefix: true),
                              warmupT: 1)
    #expect(try tanh.cycleLength() == 21)
    let wsd = try TimmWSDLR(groups: &g, base: base, tInitial: .int(10), decayT: .int(4), warmupT: .int(3))
    #expect(wsd.cycleLength() == 13)
  }

  @Test func cycleMulRestartsWithLongerCycles() throws {
    // t_initial=2, cycle_mul=2: cycles [0,2) [2,6) [6,14); restart values at t = 2 and 6.
    let v = try Self.run("CosineLRScheduler(t_initial=2, cycle_mul=2.0, cycle_limit=3, cycle_decay=0.5)", epochs: 8)
      .map { $0[0] }
    #expect(v[0] == 1.0 && v[2] == 0.5 && v[6] == 0.25)
    #expect(v[1] == 0.5 * (1 + cos(Double.pi * 1 / 2)))
  }

  @Test func verifiedExamplesFromTheLandscape() throws {
    // §C.6 k_decay=2, t_initial=10.
    let k = try Self.run("CosineLRScheduler(t_initial=10, k_decay=2.0)", epochs: 11).map { $0[0] }
    #expect(Self.close(Array(k.prefix(6)), [1.0, 0.9998, 0.9961, 0.9801, 0.9382, 0.8536], 5e-5))
    #expect(abs(k[9] - 0.0865) < 5e-5 && k[10] == 0.0)
    // §C.7 tanh, t_initial=10, warm-up 3 without prefix ramps to the curve's value at t=3.
    let t = try Self.run("TanhLRScheduler(t_initial=10, warmup_t=3)", epochs: 11).map { $0[0] }
    #expect(Self.close(t, [0.0, 0.3332, 0.6664, 0.9997, 0.9975, 0.982, 0.8808, 0.5, 0.1192, 0.018, 0.0], 5e-5))
    // §C.8 poly, default power 0.5.
    let p = try Self.run("PolyLRScheduler(t_initial=10)", epochs: 11).map { $0[0] }
    #expect(Self.close([p[0], p[1], p[2], p[9], p[10]], [1.0, 0.9487, 0.8944, 0.3162, 0.0], 5e-5))
  }

  @Test func noiseMatchesTheVerifiedExample() throws {
    // §C.6: noise_range_t=(2, 8), seed 42, t_initial=10.
    let v = try Self.run("CosineLRScheduler(t_initial=10, noise_range_t=(2, 8), noise_seed=42)", epochs: 10).map { $0[0] }
    let want = [1.0, 0.97553, 0.95782, 0.81864, 0.56823, 0.78784, 0.52465, 0.21812, 0.09549, 0.02447]
    #expect(Self.close(v, want, 5e-6))
    // Outside the range the curve is untouched.
    #expect(v[8] == 0.5 * (1 + cos(Double.pi * 8 / 10)))
  }

  @Test func noiseIsDrawnFromAGeneratorSeededWithSeedPlusT() throws {
    let noise = TimmNoise(range: .from(3), pct: 0.5, std: 2.0, seed: 40)
    #expect(try noise.isApplied(at: 2) == false)
    #expect(try noise.isApplied(at: 3))
    // Normal: redraw randn(1) * std until |noise| < pct (the second draw is the cached sine).
    var g = TorchGenerator(seed: 43)
    var expected = g.randn1() * 2.0
    while !(abs(expected) < 0.5) { expected = g.randn1() * 2.0 }
    #expect(try noise.sample(at: 3) == expected)
    #expect(try noise.add(to: [0.1], t: 3) == [0.1 + 0.1 * expected])
    // Seed 42 at t=0: randn = 0.33669036626815796 is inside 0.67, used as is.
    #expect(try TimmNoise(range: .from(0)).sample(at: 0) == 0.33669036626815796)
    // Uniform: 2 * (rand(1) - 0.5) * pct.
    let u = TimmNoise(range: .range([0, 5], isTuple: false), type: .uniform, pct: 0.2, seed: 42)
    #expect(try u.sample(at: 0) == 2 * (0.8822692632675171 - 0.5) * 0.2)
    #expect(try u.isApplied(at: 5) == false)
  }

  @Test func aShortNoiseRangeRaisesOnlyWhenPythonReachesIt() throws {
    let one = TimmNoise(range: .range([3], isTuple: false))
    #expect(try one.isApplied(at: 2) == false)  // 3 <= 2 is False: [1] is never read
    #expect(throws: ScheduleError("IndexError", "list index out of range")) { try one.isApplied(at: 3) }
  }

  @Test func lrScaleMultipliesEveryWrittenValue() throws {
    let v = try Self.run(
      "CosineLRScheduler(t_initial=4, warmup_t=1, warmup_lr_init=0.2)", epochs: 2,
      optimizer: "SGD([{'lr': 1.0}, {'lr': 1.0, 'lr_scale': 0.5}])")
    #expect(v[0] == [0.2, 0.1])
    #expect(v[1] == [0.5 * (1 + cos(Double.pi / 4)), 0.5 * (1 + cos(Double.pi / 4)) * 0.5])
  }

  @Test func paramGroupFieldDrivesAnotherField() throws {
    let plan = RunPlan(
      specs: ["StepLRScheduler(decay_t=1, decay_rate=0.5, param_group_field='weight_decay')"],
      optimizer: try OptimizerSpec.parse("SGD(lr=0.1, weight_decay=0.01)"), epochs: 3, stepsPerEpoch: 1, stepOn: .epoch)
    var run = try plan.makeRun()
    var wd: [Double] = []
    var lr: [Double] = []
    while let v = try run.next() {
      wd.append(v[0].weightDecay)
      lr.append(v[0].lr)
    }
    #expect(wd == [0.01, 0.005, 0.0025])
    #expect(lr == [0.1, 0.1, 0.1])
  }

  @Test func initializeFalseNeedsInitialValues() throws {
    var g = Self.groups(0.1)
    #expect(throws: ScheduleError("KeyError", "'initial_lr missing from param_groups[0]'")) {
      try TimmBase(groups: &g, initialize: false)
    }
    g[0].initial.lr = 0.5
    let b = try TimmBase(groups: &g, initialize: false)
    #expect(b.baseValues == [0.5] && g[0].lr == 0.5)
  }

  @Test func plateauIgnoresMetricsDuringWarmupAndRestoresNoise() throws {
    // warm-up 2 epochs: the bad metrics of epochs 0..1 do not count.
    let v = try Self.run(
      "PlateauLRScheduler(decay_rate=0.5, patience_t=0, warmup_t=2, warmup_lr_init=0.0, mode='min')", epochs: 5,
      metrics: [5, 6, 1, 2, 3]).map { $0[0] }
    #expect(v == [0.0, 0.5, 1.0, 1.0, 0.5])
  }

  @Test func wsdValidatesLikeTimm() throws {
    var g = Self.groups(1.0)
    let base = try TimmBase(groups: &g)
    #expect(throws: ScheduleError.value("Invalid decay_t (11), must be in (0, t_initial] w/ t_initial=10.")) {
      try TimmWSDLR(groups: &g, base: base, tInitial: .int(10), decayT: .int(11))
    }
    #expect(throws: ScheduleError.value("Invalid t_initial (0.0), must be > 0.")) {
      try TimmWSDLR(groups: &g, base: base, tInitial: .float(0), decayT: .int(1))
    }
    // The decay's first value is still the stable one; lr_min only at warmup_t + t_initial.
    let v = try Self.run("WSDLRScheduler(t_initial=4, decay_t=2, decay_fn='linear', lr_min=0.1)", epochs: 6).map { $0[0] }
    #expect(v == [1.0, 1.0, 1.0, 0.1 + 0.9 * 0.5, 0.1, 0.1])
  }

  @Test func assertionsOfTheCycleClasses() throws {
    var g = Self.groups(1.0)
    let base = try TimmBase(groups: &g)
    #expect(throws: ScheduleError("AssertionError", "")) {
      try TimmCosineLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 0))
    }
    #expect(throws: ScheduleError("AssertionError", "")) {
      try TimmTanhLR(groups: &g, base: base, cycles: TimmCycles(tInitial: 5), lb: 3, ub: 3)
    }
    // cycle_mul < 1 shrinks the cycles until log's argument is no longer positive.
    var h = Self.groups(1.0)
    let c = try TimmCosineLR(groups: &h, base: try TimmBase(groups: &h), cycles: TimmCycles(tInitial: 4, cycleMul: 0.5, cycleLimit: 100))
    #expect(throws: ScheduleError("ValueError", "math domain error")) { try c.values(at: 8) }
  }
}

#if canImport(Glibc)
  import Glibc
#endif
