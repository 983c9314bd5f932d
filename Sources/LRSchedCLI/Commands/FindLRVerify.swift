import LRSchedBench
import LRSchedCore
import LRSchedSpec

/// `find-lr --verify`: the short sweep that checks a recommendation — OneCycleLR at nine max
/// lrs, 1e-4 to 1 in half-decades, 5 epochs each from the same fresh weights, with the same
/// optimizer, batch size and seed as the range test — and its table and plot.
enum FindLRVerify {
  /// `numpy.logspace(-4, 0, 9)`.
  static let maxLRs: [Double] = [
    1e-4, 0.00031622776601683794, 0.001, 0.0031622776601683794, 0.01, 0.03162277660168379, 0.1, 0.31622776601683794, 1.0,
  ]
  static let epochs = 5

  struct Row {
    var maxLR: Double
    /// The last epoch's mean training loss (NaN when training diverged); the median over seeds.
    var finalLoss: Double
    /// Each seed's test accuracy, seeds S, S+1, … in order (NaN for a diverged run).
    var accuracies: [Double]

    /// The median over seeds (NaN when a run diverged).
    var testAccuracy: Double { SeedStatistics.median(accuracies) }
    /// Lowest and highest test accuracy over the seeds that did not diverge.
    var range: (Double, Double) {
      let finite = accuracies.filter { !$0.isNaN }
      return (finite.min() ?? .nan, finite.max() ?? .nan)
    }
    /// The mean over seeds (NaN when a run diverged): steadier than the median when the seeds
    /// split between two accuracy levels, as they do on this network.
    var mean: Double { accuracies.reduce(0, +) / Double(accuracies.count) }
  }

  /// Trains one OneCycleLR run per max lr in `lrs` (the engine's `onecycle` alias, per batch).
  static func sweep(
    _ dataset: CIFAR10Dataset, lrs: [Double], optimizer: OptimizerConfig, batchSize: Int, threads: Int,
    seed: UInt64, seeds: Int = 1, stop: StopFlag, progress: (Int) -> Void
  ) throws(CLIError) -> [Row] {
    var rows: [Row] = []
    for (i, lr) in lrs.enumerated() {
      var losses: [Double] = []
      var accuracies: [Double] = []
      for k in 0..<seeds {
        guard let (loss, acc) = try train(
          dataset, lr: lr, optimizer: optimizer, batchSize: batchSize, threads: threads, seed: seed &+ UInt64(k), stop: stop)
        else { return rows }
        losses.append(loss)
        accuracies.append(acc)
      }
      rows.append(Row(maxLR: lr, finalLoss: SeedStatistics.median(losses), accuracies: accuracies))
      progress(i + 1)
    }
    return rows
  }

  /// One 5-epoch OneCycleLR run: the last epoch's training loss and test accuracy (NaN, NaN when
  /// it diverged), nil when interrupted.
  static func train(
    _ dataset: CIFAR10Dataset, lr: Double, optimizer: OptimizerConfig, batchSize: Int, threads: Int,
    seed: UInt64, stop: StopFlag
  ) throws(CLIError) -> (Double, Double)? {
    let steps = (dataset.train.count + batchSize - 1) / batchSize
    if stop.isRequested { return nil }
      var plan = RunPlan(
        specs: [cFormat("onecycle(max_lr=%.17g)", lr)], optimizer: optimizer, epochs: epochs, stepsPerEpoch: steps,
        stepOn: .batch)
      plan.fileReader = CLI.fileReader
      var schedule = EngineSchedule(run: try ScheduleOptions.makeRun(try ScheduleOptions.resolve(plan)))
      let config = TrainingConfig(
        epochs: epochs, batchSize: batchSize, optimizer: try EngineSchedule.updateRule(optimizer), advanceEvery: .batch,
        threads: threads, seed: seed)
      let run = try BenchData.wrap {
        try Trainer(dataset: dataset, config: config).run(schedule: &schedule, stop: stop)
      }
      guard let last = run.epochs.last, run.epochs.count == epochs else { return nil }
      let loss = last.trainLoss.isFinite ? last.trainLoss : .nan
      return (loss, loss.isNaN ? .nan : last.testAccuracy ?? .nan)
  }

  /// The table: the sweep, then the range test's suggestions trained the same way, the
  /// recommendation compared with the sweep's best.
  static func lines(_ grid: [Row], suggestions: [(String, Row)], seeds: Int) -> [String] {
    var out = [
      "verify: OneCycleLR, \(epochs) epochs per max lr, same data, optimizer and batch size as the range test"
        + (seeds > 1 ? ", median of \(seeds) seeds (min-max, mean)" : "")
    ]
    out.append("    max lr   final loss   test acc")
    let best = grid.filter { !$0.testAccuracy.isNaN }.max { $0.testAccuracy < $1.testAccuracy }
    func line(_ r: Row, _ tag: String) -> String {
      let loss = r.finalLoss.isNaN ? "   diverged" : cFormat("%11.4f", r.finalLoss)
      var acc = r.testAccuracy.isNaN ? "          -" : cFormat("%10.2f%%", r.testAccuracy * 100)
      if seeds > 1 && !r.range.0.isNaN {
        acc += cFormat(" (%.1f-%.1f, ", r.range.0 * 100, r.range.1 * 100)
          + (r.mean.isNaN ? "-)" : cFormat("%.2f%%)", r.mean * 100))
      }
      return cFormat("  %8.2e", r.maxLR) + "  " + loss + acc + tag
    }
    for r in grid { out.append(line(r, r.maxLR == best?.maxLR ? "   <- best of the sweep" : "")) }
    for (name, r) in suggestions { out.append(line(r, "   <- " + name)) }
    if let (_, r) = suggestions.first, let best, !r.testAccuracy.isNaN {
      let gap = (best.testAccuracy - r.testAccuracy) * 100
      out.append(
        cFormat("recommended max lr %.2e: %.2f%% test accuracy, ", r.maxLR, r.testAccuracy * 100)
          + (gap <= 0
            ? cFormat("%.2f points above the sweep's best (%.2e)", -gap, best.maxLR)
            : cFormat("%.2f points below the sweep's best (%.2e)", gap, best.maxLR)))
      // The mean does not jump between the two accuracy levels the seeds split into, as the
      // median can: compared with the sweep's best mean, seed by seed.
      if let bestMean = grid.filter({ !$0.mean.isNaN }).max(by: { $0.mean < $1.mean }),
        let d = SeedStatistics.paired(r.accuracies, bestMean.accuracies)
      {
        out.append(
          cFormat(
            "on average over %d seeds: recommended - the sweep's best mean (%.2e) = %+.2f points, 95%% interval %+.2f to %+.2f (paired: the same weights and batches at both lrs)",
            d.count, bestMean.maxLR, d.mean * 100, d.low * 100, d.high * 100))
      }
    }
    return out
  }
}
