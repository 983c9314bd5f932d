/// Median, minimum and maximum of one phase over the completed epochs, and its share of `t_ep`.
public struct PhaseSummary: Equatable, Sendable {
  public var name: String
  public var median: Double
  public var min: Double
  public var max: Double
  /// Σ phase / Σ t_ep.
  public var share: Double
}

/// The closing figures of a run.
public struct BenchSummary: Equatable, Sendable {
  public static let phaseNames = ["t_ep", "t_load", "t_fwd", "t_bwd", "t_opt", "t_sch"]
  public var epochs: Int
  public var phases: [PhaseSummary]
  /// Training samples per second of `t_ep`.
  public var samplesPerSecond: Double
  /// Mean `t_opt` and `t_sch` per optimizer step, in seconds.
  public var optPerStep: Double
  public var schPerStep: Double

  public init(_ run: BenchRun) {
    epochs = run.epochs.count
    let columns: [[Double]] = [
      run.epochs.map(\.tEp), run.epochs.map(\.tLoad), run.epochs.map(\.tFwd), run.epochs.map(\.tBwd),
      run.epochs.map(\.tOpt), run.epochs.map(\.tSch),
    ]
    let total = columns[0].reduce(0, +)
    phases = zip(Self.phaseNames, columns).map { name, xs in
      let sorted = xs.sorted()
      let median: Double
      if sorted.isEmpty {
        median = 0
      } else if sorted.count % 2 == 1 {
        median = sorted[sorted.count / 2]
      } else {
        median = (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
      }
      return PhaseSummary(
        name: name, median: median, min: sorted.first ?? 0, max: sorted.last ?? 0,
        share: total > 0 ? xs.reduce(0, +) / total : 0)
    }
    samplesPerSecond = total > 0 ? Double(run.trainCount * run.epochs.count) / total : 0
    let steps = Double(run.epochs.reduce(0) { $0 + $1.steps })
    optPerStep = steps > 0 ? run.epochs.reduce(0) { $0 + $1.tOpt } / steps : 0
    schPerStep = steps > 0 ? run.epochs.reduce(0) { $0 + $1.tSch } / steps : 0
  }
}

/// Text and JSON output of a benchmark run.
public enum BenchReport {
  /// The per-epoch line, starting exactly like the original benchmark's
  /// `epoch: 0/15 t_ep: 0.041 t_load: 0.000 t_opt: 0.000 t_sch: 0.000`.
  public static func epochLine(_ r: EpochRecord, epochs: Int) -> String {
    var s = cFormat(
      "epoch: %d/%d t_ep: %.3f t_load: %.3f t_opt: %.3f t_sch: %.3f t_fwd: %.3f t_bwd: %.3f loss: %.4f train_acc: %.4f",
      r.epoch, epochs, r.tEp, r.tLoad, r.tOpt, r.tSch, r.tFwd, r.tBwd, r.trainLoss, r.trainAccuracy)
    if let a = r.testAccuracy { s += cFormat(" test_acc: %.4f", a) }
    s += cFormat(" lr: %.6g", r.lr)
    return s
  }

  /// The closing summary: one line per phase (median/min/max in ms and share of `t_ep`), then
  /// throughput and per-step optimizer and schedule costs.
  public static func summaryLines(_ run: BenchRun) -> [String] {
    let s = run.summary
    var lines = ["summary over \(s.epochs) epoch\(s.epochs == 1 ? "" : "s") (\(run.trainCount) samples each):"]
    lines.append("  phase     median ms    min ms    max ms   share")
    for p in s.phases {
      lines.append(
        "  " + p.name.padding(7) + cFormat(" %11.3f %9.3f %9.3f %6.1f%%", p.median * 1e3, p.min * 1e3, p.max * 1e3, p.share * 100))
    }
    lines.append(
      cFormat(
        "  samples/s: %.0f  t_opt/step: %.2f us  t_sch/step: %.0f ns", s.samplesPerSecond, s.optPerStep * 1e6,
        s.schPerStep * 1e9) + "  threads: \(run.config.threads)  kernels: " + run.kernels)
    if run.interrupted { lines.append("  interrupted: summary of completed epochs only") }
    return lines
  }

  /// Every figure as JSON: config, per-epoch records (times in seconds under `t_ep`, `t_load`,
  /// `t_fwd`, `t_bwd`, `t_opt`, `t_sch`, `t_eval`), per-step lr, and the summary.
  /// `stepOn` is the scheduler's stepping as asked (`--step-on`); default: when the trainer
  /// advanced the schedule.
  public static func json(_ run: BenchRun, stepOn: String? = nil, extra: [(String, String)] = []) -> String {
    var w = JSONWriter()
    w.open(nil, "{")
    w.string("tool", "lrsched bench")
    for (k, v) in extra { w.string(k, v) }
    w.open("config", "{")
    w.number("epochs", Double(run.config.epochs))
    w.number("batch_size", Double(run.config.batchSize))
    w.string("optimizer", run.config.optimizer.kind.rawValue)
    w.string("step_on", stepOn ?? run.config.advanceEvery.rawValue)
    w.number("threads", Double(run.config.threads))
    w.string("kernels", run.kernels)
    w.raw("seed", String(run.config.seed))
    w.number("train_count", Double(run.trainCount))
    w.number("test_count", Double(run.testCount))
    w.close("}")
    w.raw("interrupted", run.interrupted ? "true" : "false")
    w.open("epochs", "[")
    for r in run.epochs {
      w.open(nil, "{")
      w.number("epoch", Double(r.epoch))
      w.number("t_ep", r.tEp)
      w.number("t_load", r.tLoad)
      w.number("t_fwd", r.tFwd)
      w.number("t_bwd", r.tBwd)
      w.number("t_opt", r.tOpt)
      w.number("t_sch", r.tSch)
      w.number("t_eval", r.tEval)
      w.number("steps", Double(r.steps))
      w.number("train_loss", r.trainLoss)
      w.number("train_acc", r.trainAccuracy)
      w.number("test_loss", r.testLoss)
      w.number("test_acc", r.testAccuracy)
      w.number("lr", r.lr)
      w.close("}")
    }
    w.close("]")
    let s = run.summary
    w.open("summary", "{")
    for p in s.phases {
      w.open(p.name, "{")
      w.number("median", p.median)
      w.number("min", p.min)
      w.number("max", p.max)
      w.number("share", p.share)
      w.close("}")
    }
    w.number("samples_per_s", s.samplesPerSecond)
    w.number("t_opt_per_step", s.optPerStep)
    w.number("t_sch_per_step", s.schPerStep)
    w.close("}")
    w.numbers("lr_per_step", run.lrs)
    w.close("}")
    return w.out + "\n"
  }
}
