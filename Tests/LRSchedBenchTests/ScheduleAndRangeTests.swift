#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LRSchedBench

@Suite struct ScheduleTests {
  @Test func lrUsedEachStepIsTheScheduleValue() throws {
    let d = SyntheticCIFAR.generate(train: 100, test: 0, seed: 1)
    let f: (Int) -> StepHyperparameters = { StepHyperparameters(lr: 0.001 * Double($0 + 1), momentum: 0.9) }
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 3, batchSize: 32, seed: 1))  // 4 batches
    var s = FunctionSchedule(f)
    let run = try t.run(schedule: &s)
    #expect(run.lrs == (0..<12).map { f($0).lr })
    #expect(run.epochs.map(\.lr) == [f(3).lr, f(7).lr, f(11).lr])
    #expect(s.step == 12)

    let t2 = try Trainer(dataset: d, config: TrainingConfig(epochs: 3, batchSize: 32, advanceEvery: .epoch, seed: 1))
    var s2 = FunctionSchedule(f)
    let run2 = try t2.run(schedule: &s2)
    #expect(run2.lrs == [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2].map { f($0).lr })
    #expect(s2.step == 3)
  }

  @Test func stopFlagEndsAfterTheCurrentBatch() throws {
    let d = SyntheticCIFAR.generate(train: 100, test: 10, seed: 1)
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 5, batchSize: 10, seed: 1))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01))
    let stop = StopFlag()
    var batches = 0
    let run = try t.run(schedule: &s, stop: stop, progress: { epoch, b, _ in
      batches += 1
      if epoch == 1 && b == 3 { stop.request() }
    })
    #expect(run.interrupted)
    #expect(run.epochs.count == 1)  // the unfinished epoch is dropped
    #expect(batches == 13)
    #expect(BenchReport.summaryLines(run).last == "  interrupted: summary of completed epochs only")
  }
}

@Suite struct RangeTestTests {
  /// A synthetic curve: flat, then falling fastest around lr = 1e-3 (log-linear sigmoid), then
  /// a minimum near 3e-2 and a blow-up.
  func curve() -> (lrs: [Double], losses: [Double]) {
    let cfg = LRRangeTest.Config(start: 1e-6, end: 1, steps: 121)
    let lrs = (0..<121).map(cfg.lr(at:))
    let losses = lrs.map { lr -> Double in
      let x = log10(lr)
      let fall = 2 - 1.5 / (1 + exp(-(x + 3) * 4))  // steepest at x = −3
      let rise = x > -1.5 ? 10 * (x + 1.5) * (x + 1.5) : 0
      return fall + rise
    }
    return (lrs, losses)
  }

  @Test func suggestionsOnAKnownCurve() {
    let (lrs, losses) = curve()
    let s = LRRangeTest.suggest(lrs: lrs, losses: losses, skipStart: 12, skipEnd: 5)
    #expect(s.window == 12..<116)
    // Steepest descent at 1e-3 (within one grid step of 0.05 decades).
    #expect(abs(log10(s.steepestLR!) + 3) <= 0.051)
    // Minimum of the curve at the kink x = −1.5, suggestion a tenth of it.
    #expect(abs(log10(s.minimumLR! * 10) + 1.5) <= 0.051)
    // Valley: about halfway down the longest descending run (which spans the window start to the minimum).
    let v = log10(s.valleyLR!)
    #expect(v > -4 && v < -2.5)
    #expect(s.suggested == s.minimumLR)
  }

  @Test func fastaiValleyIndexArithmetic() {
    // A strictly decreasing run from index 0 to 9 then rising: the run is [0, 9] with
    // max_start = max_end − lds = 9 − 10 = −1, sections = 10/3, idx = −1 + 3 + 1 = 3.
    let losses: [Double] = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 5, 9]
    let lrs = (0..<12).map { pow(10, Double($0) - 6) }
    let s = LRRangeTest.suggest(lrs: lrs, losses: losses, skipStart: 0, skipEnd: 0)
    #expect(s.valley == 3)
    #expect(s.minimum == 9)
    #expect(s.steepest == 0 || losses[s.steepest! + 1] - losses[s.steepest!] <= -1)
  }

  /// fastai's `slide`, expected values from its own code (fastai/callback/schedule.py, run on the
  /// same arrays with numpy): on the known curve's window it walks back to index 25
  /// (lr 10^-4.75); a constant slope stops it at once (index n − 16); a slope that changes
  /// everywhere walks it to the first point.
  @Test func fastaiSlide() {
    let (lrs, losses) = curve()
    let s = LRRangeTest.suggest(lrs: lrs, losses: losses, skipStart: 12, skipEnd: 5)
    #expect(s.slide == 25)
    #expect(abs(log10(s.slideLR!) + 4.75) < 1e-9)
    #expect(LRRangeTest.slide((0..<40).map { 1.0 - 0.001 * Double($0) }) == 24)
    #expect(LRRangeTest.slide((0..<30).map { 0.02 * Double($0 * $0) }) == 0)
    #expect(LRRangeTest.slide([3, 2, 1]) == nil)
  }

  /// Curves shaped like `curve()` whose rise starts at `10^kink` (their minimum, a grid point).
  func curve(kink: Double) -> [Double] {
    (0..<121).map { i -> Double in
      let x = -6 + Double(i) * 0.05
      let fall = 2 - 1.5 / (1 + exp(-(x + 3) * 4))
      let d = x - kink
      return fall + (d > 1e-9 ? 10 * d * d : 0)
    }
  }

  @Test func combineIsThePointwiseMedianAndStopsAtInfinity() {
    // Index 3: a run has ended (counts as +inf), median of [4, inf, 6] = 6; index 4: two ended.
    #expect(LRRangeTest.combine([[1, 2, 3, 4], [2, 3, 4], [3, 1, 5, 6, 7]]) == [2, 2, 4, 6])
    // Even count: the mean of the middle two; an ended run makes it infinite.
    #expect(LRRangeTest.combine([[1, 3], [2]]) == [1.5])
    #expect(LRRangeTest.combine([[1, .nan, 3]]) == [1])
    #expect(LRRangeTest.combine([]) == [])
  }

  @Test func logMedian() {
    #expect(abs(LRRangeTest.logMedian([1e-3, 1e-1, 1e-2])! / 1e-2 - 1) < 1e-12)
    #expect(abs(LRRangeTest.logMedian([1e-3, 1e-1])! / 1e-2 - 1) < 1e-12)
    #expect(LRRangeTest.logMedian([]) == nil)
  }

  @Test func recommendationIsTheRunsMedianMinimumOverTheDivisor() {
    let cfg = LRRangeTest.Config(start: 1e-6, end: 1, steps: 121)
    let lrs = (0..<121).map(cfg.lr(at:))
    // Minima at 10^-2, 10^-1.5, 10^-1: the median is 10^-1.5.
    let three = [curve(kink: -2), curve(kink: -1.5), curve(kink: -1)]
    let s = LRRangeTest.suggest(lrs: lrs, runs: three, skipStart: 12, skipEnd: 5, divisor: 7)
    #expect(s.runMinima == [80, 90, 100])
    #expect(abs(s.recommendedLR! / (pow(10, -1.5) / 7) - 1) < 1e-9)
    #expect(s.suggested == s.recommendedLR)
    // The median curve is the middle run's here (each point's median is the middle kink's value).
    #expect(s.minimum == 90)
    // A fourth run stopped just after its minimum at 10^-1.2 (index 96): an even count, so the
    // geometric mean of the middle two minima, 10^-1.5 and 10^-1.2.
    let four = three + [Array(curve(kink: -1.2).prefix(99))]
    let t = LRRangeTest.suggest(lrs: lrs, runs: four, skipStart: 12, skipEnd: 0, divisor: 10)
    #expect(t.runMinima == [80, 90, 100, 96])
    #expect(abs(t.recommendedLR! / (pow(10, -1.35) / 10) - 1) < 1e-9)
    // One run: its minimum over the divisor.
    let one = LRRangeTest.suggest(lrs: lrs, runs: [curve(kink: -2)], skipStart: 12, skipEnd: 5, divisor: 7)
    #expect(abs(one.recommendedLR! / (1e-2 / 7) - 1) < 1e-9)
    // Too short to have a minimum: no recommendation from the runs.
    #expect(LRRangeTest.suggest(lrs: lrs, runs: [[1]], skipStart: 12, skipEnd: 5).recommendedLR == nil)
  }

  @Test func severalRunsAreSeededRunsAndTheirMedian() throws {
    let d = SyntheticCIFAR.generate(train: 320, test: 0, seed: 4)
    var cfg = LRRangeTest.Config(start: 1e-4, end: 1, steps: 30, batchSize: 32, seed: 7, runs: 3)
    let r = try LRRangeTest.run(dataset: d, config: cfg)
    #expect(r.runs.map(\.seed) == [7, 8, 9])
    cfg.runs = 1
    cfg.seed = 8
    let single = try LRRangeTest.run(dataset: d, config: cfg)
    #expect(single.runs[0].losses == r.runs[1].losses)
    #expect(r.smoothed == LRRangeTest.combine(r.runs.map(\.smoothed)))
    #expect(r.suggestions.runMinima.count == 3)
  }

  @Test func sweepFormulas() {
    let e = LRRangeTest.Config(start: 1e-7, end: 10, steps: 100, mode: .exp)
    #expect(e.lr(at: 0) == 1e-7)
    #expect(abs(e.lr(at: 99) - 10) < 1e-12)
    #expect(abs(e.lr(at: 33) / (1e-7 * pow(1e8, 33.0 / 99)) - 1) < 1e-12)
    let l = LRRangeTest.Config(start: 0.1, end: 1.1, steps: 11, mode: .linear)
    #expect(abs(l.lr(at: 5) - 0.6) < 1e-12)
  }

  @Test func runSmoothsAndStopsOnDivergence() throws {
    let d = SyntheticCIFAR.generate(train: 640, test: 0, seed: 3)
    let r = try LRRangeTest.run(
      dataset: d, config: LRRangeTest.Config(start: 1e-5, end: 100, steps: 60, smooth: 0.05, batchSize: 32, seed: 2, runs: 1))
    #expect(r.runs.count == 1)
    #expect(r.diverged)
    #expect(r.lrs.count < 60)
    #expect(r.smoothed[0] == r.losses[0])
    for i in 1..<r.losses.count where r.smoothed[i].isFinite {
      #expect(abs(r.smoothed[i] - (0.05 * r.losses[i] + 0.95 * r.smoothed[i - 1])) <= 1e-9 * abs(r.smoothed[i]))
    }
    #expect(r.suggestions.suggested != nil)
  }
}

@Suite struct ReportTests {
  @Test func epochLineStartsLikeTheOriginal() {
    let r = EpochRecord(
      epoch: 0, tEp: 0.0412, tLoad: 0.0001, tFwd: 0.02, tBwd: 0.015, tOpt: 0.0004, tSch: 0.00001, tEval: 0.01,
      steps: 391, trainLoss: 2.1, trainAccuracy: 0.25, testLoss: 2, testAccuracy: 0.3, lr: 0.004)
    let line = BenchReport.epochLine(r, epochs: 15)
    #expect(line.hasPrefix("epoch: 0/15 t_ep: 0.041 t_load: 0.000 t_opt: 0.000 t_sch: 0.000 t_fwd: 0.020 t_bwd: 0.015"))
    #expect(line.hasSuffix("loss: 2.1000 train_acc: 0.2500 test_acc: 0.3000 lr: 0.004"))
  }

  @Test func jsonHasEveryFigure() throws {
    let d = SyntheticCIFAR.generate(train: 64, test: 16, seed: 1)
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 3, batchSize: 16, seed: 1))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01))
    let run = try t.run(schedule: &s)
    let json = BenchReport.json(run)
    for key in ["t_ep", "t_load", "t_fwd", "t_bwd", "t_opt", "t_sch", "train_loss", "test_acc", "samples_per_s", "lr_per_step", "median"] {
      #expect(json.contains("\"\(key)\""), "missing \(key)")
    }
    #expect(run.summary.phases.map(\.name) == BenchSummary.phaseNames)
    #expect(abs(run.summary.phases[0].share - 1) < 1e-12)
    #expect(BenchReport.summaryLines(run).count == 2 + 6 + 1)
  }
}
