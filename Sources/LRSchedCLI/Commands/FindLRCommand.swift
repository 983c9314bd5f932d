import LRSchedBench
import LRSchedCharts
import LRSchedCore
import LRSchedSpec

/// `lrsched find-lr`: the LR range test on the benchmark network.
public enum FindLRCommand {
  public static let command = Command(
    name: "find-lr",
    summary: "Run the LR range test and suggest a max lr for OneCycleLR.",
    usage: [
      "[--data …] [--start 1e-5] [--end 10] [--steps 8000] [--runs 5] [--divisor 5] [--smooth 0.01] [--diverge 5] [-o FILE.png]"
    ],
    options: [
      BenchData.dataOption,
      OptionSpec("--start", value: "LR", help: "First lr.", default: "1e-5"),
      OptionSpec("--end", value: "LR", help: "Last lr.", default: "10"),
      OptionSpec("--steps", value: "N", help: "Batches per run (one lr each).", default: "8000"),
      OptionSpec("--runs", value: "N", help: "Range tests from seeds S, S+1, …; the curve is their median.", default: "5"),
      OptionSpec("--divisor", value: "D", help: "Recommend the median of the runs' minimum lrs / D.", default: "5"),
      OptionSpec("--mode", value: "MODE", help: "exp or linear sweep.", default: "exp", choices: ["exp", "linear"]),
      OptionSpec("--smooth", value: "F", help: "Loss smoothing factor f: L = f·loss + (1 − f)·L.", default: "0.01"),
      OptionSpec("--diverge", value: "X", help: "Stop when the smoothed loss exceeds X × its best.", default: "5"),
      OptionSpec("--batch-size", value: "N", help: "Batch size.", default: "128"),
      OptionSpec("--optimizer", value: "OPT", help: "SGD, Adam or AdamW spec (its lr is ignored).", default: ScheduleOptions.defaultOptimizer),
      BenchData.seedOption,
      BenchData.threadsOption,
      OptionSpec("--verify-seeds", value: "N", help: "Train every max lr of --verify with N seeds (S, S+1, …), report the median, and compare the recommendation with the sweep's best seed by seed (implies --verify).", default: "1"),
      OptionSpec("--verify-lrs", value: "LIST", help: "The max lrs of --verify's sweep, comma-separated, at most 64 (implies --verify).", default: "nine, 1e-4 to 1"),
      OptionSpec(
        "--verify", help: "Also train OneCycleLR for 5 epochs at nine max lrs (1e-4 to 1) and print the table beside the recommendation."),
      OptionSpec("--output", short: "-o", value: "FILE.png", help: "Plot loss against lr with the suggestions marked (.png or .svg); with --verify, the sweep too."),
    ],
    discussion: """
      Fresh weights; the lr rises every batch from --start to --end; the loss is smoothed and the
      test stops once it diverges (Smith 2015, as torch-lr-finder and fastai). --runs tests run
      from seeds S, S+1, …, each 8000 steps by default (about 20 epochs: OneCycleLR spends
      thousands of steps near its peak, and what a high lr does over that many steps, units of
      the 2-neuron network dying, a 100-step test cannot see). Recommended max lr for OneCycleLR:
      the median of the runs' own minimum lrs / --divisor. On eight datasets the best max lr lay
      1 to 11 times below that minimum, and the curve does not tell which; / 5 loses the least
      in the worst case (docs/bench.md), and --verify shows where your data lies. Also shown,
      on the runs' median curve without its first steps/10 and last 5 points: steepest descent
      against log lr, the minimum's lr / 10, and fastai's valley and slide.

      --verify then trains OneCycleLR for 5 epochs at nine max lrs, 1e-4 to 1 (--verify-lrs
      for others), and at each suggestion, and prints max lr, final training loss and test
      accuracy beside the recommendation (-o adds the sweep to the plot). With --verify-seeds N
      every point is the median of N seeds: on this 2-neuron network one seed can differ from
      the next by tens of points at the same lr. The recommendation is then also compared, seed
      by seed (both from the same weights and batches), with the sweep's best mean: the mean
      difference and its 95% interval. An interval that holds 0 means these seeds show no
      difference.

      EXAMPLES:
        lrsched find-lr
        lrsched find-lr --verify -o find-lr.png
        lrsched find-lr --optimizer "AdamW(lr=1e-3)" --end 1 --steps 2000 --runs 3
      """,
    maxPositionals: 0,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let output = try a.value("--output").map { o throws(CLIError) in
      try FigureOutput(path: o, format: nil, option: "-o", command: "find-lr")
    }
    var config = LRRangeTest.Config(
      start: try a.double("--start", default: 1e-5), end: try a.double("--end", default: 10),
      steps: try a.int("--steps", default: 8000, min: 2, max: 1_000_000),
      mode: LRRangeTest.Mode(rawValue: try a.choice("--mode", ["exp", "linear"], default: "exp"))!,
      smooth: try a.double("--smooth", default: 0.01), diverge: try a.double("--diverge", default: 5),
      batchSize: try a.int("--batch-size", default: 128, min: 1, max: 1_000_000), seed: try BenchData.seed(a),
      threads: try BenchData.threads(a), runs: try a.int("--runs", default: 5, min: 1, max: 100),
      divisor: try a.double("--divisor", default: 5))
    let optimizer: LRSchedCore.OptimizerConfig
    do {
      optimizer = try OptimizerSpec.parse(a.value("--optimizer") ?? ScheduleOptions.defaultOptimizer)
    } catch {
      throw CLIError(error, in: "--optimizer")
    }
    config.optimizer = try EngineSchedule.updateRule(optimizer)
    let g = optimizer.groups[0]
    config.hyper = StepHyperparameters(lr: 0, momentum: g.momentum, beta1: g.beta1, weightDecay: g.weightDecay)
    // Refuse bad settings before loading or generating any data.
    let seeds = try a.int("--verify-seeds", default: 1, min: 1, max: 100)
    let sweepLRs = try verifyLRs(a)
    let toValidate = config
    try BenchData.wrap { try toValidate.validate() }
    let dataset = try BenchData.load(a, io)
    let stop = StopFlag.installInterruptHandler()
    let cfg = config
    let rangeBar = ProgressBar(io: io, epochs: 1)
    let r = try BenchData.wrap {
      try LRRangeTest.run(dataset: dataset, config: cfg, stop: stop) { done, total in rangeBar.update(1, done, total) }
    }
    rangeBar.clear()
    let steps = (dataset.train.count + cfg.batchSize - 1) / cfg.batchSize
    for line in lines(r, cfg, stepsPerEpoch: steps) { io.out.line(line) }
    var figure = BenchCharts.rangeTest(r, cfg)
    // --verify-seeds and --verify-lrs say what the sweep is: either one asks for it.
    let verify = a.has("--verify") || a.has("--verify-seeds") || a.has("--verify-lrs")
    if verify && !stop.isRequested {
      io.out.flush()
      // The recommendation first, then the other suggestions, each trained like a sweep point.
      var named: [(String, Double)] = []
      let s = r.suggestions
      let suggestions = [
        ("recommended", s.suggested), ("steepest", s.steepestLR), ("minimum/10", s.minimumLR), ("valley", s.valleyLR),
        ("slide", s.slideLR),
      ]
      for (name, lr) in suggestions {
        if let lr, !named.contains(where: { $0.1 == lr }) { named.append((name, lr)) }
      }
      let lrs = sweepLRs + named.map(\.1)
      let bar = ProgressBar(io: io, epochs: lrs.count)
      let rows = try FindLRVerify.sweep(
        dataset, lrs: lrs, optimizer: optimizer, batchSize: cfg.batchSize, threads: cfg.threads, seed: cfg.seed,
        seeds: seeds, stop: stop
      ) { done in bar.update(done, done, lrs.count) }
      bar.clear()
      let grid = Array(rows.prefix(sweepLRs.count))
      let extra = zip(named, rows.dropFirst(grid.count)).map { ($0.0.0, $0.1) }
      for line in FindLRVerify.lines(grid, suggestions: extra, seeds: seeds) { io.out.line(line) }
      BenchCharts.addSweep(
        to: &figure, points: grid.map { ($0.maxLR, $0.testAccuracy) }, recommended: s.suggested,
        epochs: FindLRVerify.epochs)
    }
    if let output {
      try output.open(io).write(figure, metadata: [("Software", "lrsched \(CLI.version)")])
      io.out.line("wrote \(output.path)")
    }
    return stop.isRequested ? 130 : (r.suggestions.suggested == nil ? 1 : 0)
  }

  /// `--verify-lrs`: 1 to 64 positive finite max lrs, else the default nine.
  static func verifyLRs(_ a: ParsedArguments) throws(CLIError) -> [Double] {
    guard let text = a.value("--verify-lrs") else { return FindLRVerify.maxLRs }
    var lrs: [Double] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let t = String(item.filter { $0 != " " })
      guard let v = Double(t), v.isFinite, v > 0 else {
        throw .usage("--verify-lrs expects positive numbers separated by commas, got '\(t)'", command: a.command)
      }
      lrs.append(v)
    }
    guard lrs.count <= 64 else { throw .usage("--verify-lrs takes at most 64 max lrs, got \(lrs.count)", command: a.command) }
    return lrs
  }

  /// The report; the spec line is complete (torch's OneCycleLR needs epochs and steps_per_epoch
  /// or total_steps), for `bench`'s default 15 epochs at this batch size, followed by the
  /// `onecycle(max_lr=…)` alias form, which takes them from `--epochs` and the data.
  static func lines(_ r: LRRangeTest.Result, _ c: LRRangeTest.Config, stepsPerEpoch: Int) -> [String] {
    var out = [
      cFormat(
        "lr range test: %d steps, %.3g to %.3g (", c.steps, c.start, c.end) + c.mode.rawValue
        + cFormat("), smoothing %.3g, stop at %.3g x best loss", c.smooth, c.diverge)
        + (c.runs > 1 ? ", \(c.runs) runs (seeds \(c.seed)-\(c.seed &+ UInt64(c.runs - 1)))" : "")
    ]
    let s = r.suggestions
    for (run, m) in zip(r.runs, s.runMinima) {
      var line = "run seed \(run.seed): "
      line += m.map { cFormat("minimum at lr %.2e (step %d, smoothed loss %.4f)", run.lrs[$0], $0, run.smoothed[$0]) } ?? "too short"
      if run.diverged { line += ", stopped at step \(run.lrs.count - 1) of \(c.steps): the smoothed loss diverged" }
      out.append(line)
    }
    out.append((r.runs.count > 1 ? "median curve " : "") + "window: steps \(s.window.lowerBound)..<\(s.window.upperBound)")
    func row(_ name: String, _ lr: Double?, _ idx: Int?) {
      guard let lr, let idx else { return }
      out.append(name + cFormat("lr = %.2e  (smoothed loss %.4f at step %d)", lr, r.smoothed[idx], idx))
    }
    row("steepest:   ", s.steepestLR, s.steepest)
    row("minimum/10: ", s.minimumLR, s.minimum)
    row("valley:     ", s.valleyLR, s.valley)
    row("slide:      ", s.slideLR, s.slide)
    if let lr = s.suggested {
      let how =
        s.recommendedLR == nil
        ? "minimum/10" : (r.runs.count > 1 ? "median of the runs' minimum lrs" : "the minimum's lr") + cFormat(" / %g", s.divisor)
      out.append(cFormat("recommended max lr: %.2e (", lr) + how + ")")
      out.append(cFormat("OneCycleLR(max_lr=%.3g, epochs=15, steps_per_epoch=%d)", lr, stepsPerEpoch))
      out.append(cFormat("onecycle(max_lr=%.3g)", lr) + "   (any --epochs: lrsched bench --sched 'onecycle(max_lr=…)')")
    } else {
      out.append("no suggestion: the curve is too short")
    }
    return out
  }
}
