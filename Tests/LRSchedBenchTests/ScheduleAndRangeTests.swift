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
      dataset: d, config: LRRangeTest.Config(start: 1e-5, end: 100, steps: 60, batchSize: 32, seed: 2))
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
