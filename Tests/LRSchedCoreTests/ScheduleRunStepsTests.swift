import LRSchedCore
import LRSchedSpec
import Testing

/// `ScheduleRun.advance(steps:each:)` (the stepper opened once per call) against `advance()`
/// called once per step: the same values after every step, the same error at the same step,
/// and a copied run left untouched.
@Suite struct ScheduleRunStepsTests {
  static let cases: [(specs: [String], optimizer: String, stepOn: StepOn, metrics: [Double]?)] = [
    (["CosineAnnealingLR(T_max=7)"], "SGD([{'lr': 0.1}, {'lr': 0.02}], lr=0.1, momentum=0.9)", .batch, nil),
    (["OneCycleLR(max_lr=0.1, total_steps=60)"], "SGD(lr=0.1, momentum=0.9)", .batch, nil),
    (["CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=7)"], "SGD(lr=0.1, momentum=0.9)", .batch, nil),
    (["StepLR(step_size=2)", "CosineAnnealingLR(T_max=5, field='weight_decay')"],
     "SGD(lr=0.1, weight_decay=5e-4)", .epoch, nil),
    (["ReduceLROnPlateau(patience=0)"], "SGD(lr=0.1)", .epoch, [1, 0.9, 0.9, 0.95, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]),
    (["LambdaLR(lr_lambda=lambda e: 1 / (e - 23))"], "SGD(lr=0.1)", .batch, nil),
    // The three steppers' own stream loops (`advanceRun`): several groups, other fields and
    // modes, a stream that hits torch's errors, and the paths they leave to `update`.
    (["CosineAnnealingLR(T_max=4, eta_min=0.001)"], "SGD([{'lr': 0.1}, {'lr': 0.3}, {'lr': 0.02}], lr=0.1)", .batch, nil),
    (["CosineAnnealingLR(T_max=6.5)"], "SGD(lr=0.1)", .batch, nil),
    (["CosineAnnealingLR(T_max=3)"], "SGD(lr=0.1)", .epoch, nil),
    (["OneCycleLR(max_lr=[0.1, 0.2], total_steps=41, three_phase=True, anneal_strategy='linear')"],
     "Adam([{'lr': 0.1}, {'lr': 0.2}], lr=0.1)", .batch, nil),
    (["OneCycleLR(max_lr=0.1, total_steps=60, pct_start=0.5, cycle_momentum=False)"], "SGD(lr=0.1, momentum=0.9)", .batch, nil),
    (["CyclicLR(base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=4, step_size_down=3, mode='triangular2')"],
     "SGD([{'lr': 0.1}, {'lr': 0.2}], lr=0.1, momentum=0.9)", .batch, nil),
    (["CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=5, mode='exp_range', gamma=0.9)"],
     "Adam(lr=0.1)", .batch, nil),
  ]

  static func run(_ c: (specs: [String], optimizer: String, stepOn: StepOn, metrics: [Double]?)) throws -> ScheduleRun {
    try RunPlan(
      specs: c.specs, optimizer: try OptimizerSpec.parse(c.optimizer), epochs: 10, stepsPerEpoch: 6,
      stepOn: c.stepOn, metrics: c.metrics
    ).makeRun()
  }

  @Test(arguments: 0..<cases.count)
  func manyStepsEqualOneStepAtATime(_ index: Int) throws {
    let c = Self.cases[index]
    var one = try Self.run(c)
    var oneValues: [[ParamGroup]] = []
    var oneError: ScheduleError?
    while one.step < one.totalSteps {
      do { try one.advance() } catch {
        oneError = error
        break
      }
      oneValues.append(one.groups)
    }
    var many = try Self.run(c)
    let untouched = many
    var manyValues: [[ParamGroup]] = []
    var manyError: ScheduleError?
    // Uneven chunks, so chunk ends fall inside and at the ends of epochs.
    outer: for chunk in [1, 5, 7, 13, 2, 60] {
      do {
        try many.advance(steps: min(chunk, many.totalSteps - many.step)) { manyValues.append(Array($0)) }
      } catch {
        manyError = error
        break outer
      }
    }
    #expect(manyValues == oneValues)
    #expect(many.groups == one.groups)
    #expect(many.step == one.step)
    #expect(manyError?.pythonType == oneError?.pythonType)
    #expect(manyError?.message == oneError?.message)
    #expect(untouched.step == 0)
    var fresh = try Self.run(c)
    #expect(untouched.groups == fresh.groups)
    // The copy still runs as a fresh one does.
    var copy = untouched
    try? copy.advance(steps: 3)
    try? fresh.advance(steps: 3)
    #expect(copy.groups == fresh.groups)
  }

  /// `advance(steps:recording:)` (the steppers' loops with `StepRecorder` compiled in) records
  /// after every advance what `advance()` one step at a time leaves in groups 0 and 1 (or 0
  /// twice), stops at the same error, and leaves the run where `advance()` does.
  @Test(arguments: 0..<cases.count)
  func recordingEqualsOneStepAtATime(_ index: Int) throws {
    let c = Self.cases[index]
    var one = try Self.run(c)
    let second = one.groups.count > 1 ? 1 : 0
    var expected: [Double] = []
    var oneError: ScheduleError?
    while one.step < one.totalSteps {
      do { try one.advance() } catch {
        oneError = error
        break
      }
      for g in [one.groups[0], one.groups[second]] { expected += [g.lr, g.momentum, g.beta1, g.weightDecay] }
    }
    var many = try Self.run(c)
    var recorded: [Double] = []
    var manyError: ScheduleError?
    outer: for chunk in [1, 5, 7, 13, 2, 60] {
      let n = min(chunk, many.totalSteps - many.step)
      guard n > 0 else { break }
      var slots = [Double](repeating: .nan, count: 8 * n)
      var written = 0
      slots.withUnsafeMutableBufferPointer { p in
        var recorder = StepRecorder(slots: p.baseAddress!, second: second)
        defer { written = recorder.written }
        do throws(ScheduleError) { try many.advance(steps: n, recording: &recorder) } catch { manyError = error }
      }
      recorded += slots.prefix(8 * written)
      if manyError != nil { break outer }
    }
    #expect(recorded.map(\.bitPattern) == expected.map(\.bitPattern))
    #expect(many.groups == one.groups)
    #expect(many.step == one.step)
    #expect(manyError?.message == oneError?.message)
  }

  @Test func theLambdaCaseRaises() throws {
    var run = try Self.run(Self.cases[5])
    #expect(throws: ScheduleError.self) { try run.advance(steps: 60) }
    #expect(run.step == 23)
  }

  /// torch's `OneCycleLR.step()` raises once `last_epoch` exceeds `total_steps`: with 41, the
  /// scheduler call after optimizer step 41 (the 42nd) raises, in OneCycleLR's own stream loop.
  @Test func oneCycleRaisesPastTotalSteps() throws {
    var run = try Self.run(Self.cases[9])
    #expect(throws: ScheduleError.self) { try run.advance(steps: 60) }
    #expect(run.step == 42)
  }

  /// `forEachStep` (one stepper: opened once) against `next()` (one `advance()` per step).
  @Test(arguments: 0..<cases.count)
  func forEachStepEqualsNext(_ index: Int) throws {
    let c = Self.cases[index]
    var a = try Self.run(c)
    var viaNext: [[ParamGroup]] = []
    var nextError: ScheduleError?
    do {
      while let v = try a.next() { viaNext.append(v) }
    } catch {
      nextError = error
    }
    var b = try Self.run(c)
    var streamed: [[ParamGroup]] = []
    let raised = b.forEachStep(limit: 17) { _, g in streamed.append(g) }
    if raised == nil {
      _ = b.forEachStep { _, g in streamed.append(g) }
    }
    var c2 = try Self.run(c)
    var tail: [[ParamGroup]] = []
    let raised2 = c2.forEachStep { _, g in tail.append(g) }
    #expect(tail == viaNext)
    #expect(raised2?.error.message == nextError?.message)
    #expect(raised2.map { $0.afterStep + 1 } == (nextError == nil ? nil : viaNext.count))
    if raised == nil { #expect(streamed == viaNext) }
  }

  /// `streamSteps` (the batch entry point, values lent) against `forEachStep`: the same steps,
  /// values and (error, step), whole and in uneven pieces, and the run left in the same place.
  @Test(arguments: 0..<cases.count)
  func streamStepsEqualsForEachStep(_ index: Int) throws {
    let c = Self.cases[index]
    var a = try Self.run(c)
    var expected: [(Int, [ParamGroup])] = []
    let expectedRaised = a.forEachStep { k, g in expected.append((k, g)) }
    for pieces in [[Int.max], [1, 5, 7, 13, 2, 1, Int.max], [0, 2, 0, 100]] {
      var b = try Self.run(c)
      var got: [(Int, [ParamGroup])] = []
      var raised: ScheduleRun.Raised?
      for limit in pieces where raised == nil {
        raised = b.streamSteps(limit: limit) { k, g in got.append((k, Array(g))) }
      }
      #expect(got.map(\.0) == expected.map(\.0))
      #expect(got.map(\.1) == expected.map(\.1))
      #expect(raised?.afterStep == expectedRaised?.afterStep)
      #expect(raised?.error.message == expectedRaised?.error.message)
      #expect(raised?.error.pythonType == expectedRaised?.error.pythonType)
      if raised == nil {
        #expect(b.step == a.step)
        #expect(b.groups == a.groups)
      }
    }
  }
}
