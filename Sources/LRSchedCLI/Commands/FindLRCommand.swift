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
      "[--data …] [--start 1e-7] [--end 10] [--steps 100] [--mode exp|linear] [--smooth 0.05] [--diverge 5] [-o FILE.png]"
    ],
    options: [
      BenchData.dataOption,
      OptionSpec("--start", value: "LR", help: "First lr.", default: "1e-7"),
      OptionSpec("--end", value: "LR", help: "Last lr.", default: "10"),
      OptionSpec("--steps", value: "N", help: "Batches (one lr each).", default: "100"),
      OptionSpec("--mode", value: "MODE", help: "exp or linear sweep.", default: "exp", choices: ["exp", "linear"]),
      OptionSpec("--smooth", value: "F", help: "Loss smoothing factor f: L = f·loss + (1 − f)·L.", default: "0.05"),
      OptionSpec("--diverge", value: "X", help: "Stop when the smoothed loss exceeds X × its best.", default: "5"),
      OptionSpec("--batch-size", value: "N", help: "Batch size.", default: "128"),
      OptionSpec("--optimizer", value: "OPT", help: "SGD, Adam or AdamW spec (its lr is ignored).", default: ScheduleOptions.defaultOptimizer),
      BenchData.seedOption,
      BenchData.threadsOption,
      OptionSpec("--output", short: "-o", value: "FILE.png", help: "Plot loss against lr with the suggestions marked (.png or .svg)."),
    ],
    discussion: """
      Fresh weights; the lr rises every batch from --start to --end; the loss is smoothed and the
      test stops once it diverges (Smith 2015, as torch-lr-finder and fastai). Suggestions, on the
      curve without its first steps/10 and last 5 points: steepest descent of the smoothed loss
      against log lr, the minimum's lr / 10, and fastai's valley (the one printed as max lr).

      EXAMPLES:
        lrsched find-lr
        lrsched find-lr --optimizer "AdamW(lr=1e-3)" --end 1 --steps 200
      """,
    maxPositionals: 0,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let output = try a.value("--output").map { o throws(CLIError) in
      try FigureOutput(path: o, format: nil, option: "-o", command: "find-lr")
    }
    var config = LRRangeTest.Config(
      start: try a.double("--start", default: 1e-7), end: try a.double("--end", default: 10),
      steps: try a.int("--steps", default: 100, min: 2, max: 1_000_000),
      mode: LRRangeTest.Mode(rawValue: try a.choice("--mode", ["exp", "linear"], default: "exp"))!,
      smooth: try a.double("--smooth", default: 0.05), diverge: try a.double("--diverge", default: 5),
      batchSize: try a.int("--batch-size", default: 128, min: 1, max: 1_000_000), seed: try BenchData.seed(a),
      threads: try BenchData.threads(a))
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
    let toValidate = config
    try BenchData.wrap { try toValidate.validate() }
    let dataset = try BenchData.load(a, io)
    let stop = StopFlag.installInterruptHandler()
    let cfg = config
    let r = try BenchData.wrap { try LRRangeTest.run(dataset: dataset, config: cfg, stop: stop) }
    let steps = (dataset.train.count + cfg.batchSize - 1) / cfg.batchSize
    for line in lines(r, cfg, stepsPerEpoch: steps) { io.out.line(line) }
    if let output {
      try output.open(io).write(BenchCharts.rangeTest(r, cfg), metadata: [("Software", "lrsched \(CLI.version)")])
      io.out.line("wrote \(output.path)")
    }
    return stop.isRequested ? 130 : (r.suggestions.suggested == nil ? 1 : 0)
  }

  /// The report; the spec line is complete (torch's OneCycleLR needs epochs and steps_per_epoch
  /// or total_steps), for `bench`'s default 15 epochs at this batch size, followed by the
  /// `onecycle(max_lr=…)` alias form, which takes them from `--epochs` and the data.
  static func lines(_ r: LRRangeTest.Result, _ c: LRRangeTest.Config, stepsPerEpoch: Int) -> [String] {
    var out = [
      cFormat(
        "lr range test: %d steps, %.3g to %.3g (", c.steps, c.start, c.end) + c.mode.rawValue
        + cFormat("), smoothing %.3g, stop at %.3g x best loss", c.smooth, c.diverge)
    ]
    if r.diverged { out.append("stopped at step \(r.lrs.count - 1) of \(c.steps): the smoothed loss diverged") }
    let s = r.suggestions
    out.append("window: steps \(s.window.lowerBound)..<\(s.window.upperBound)")
    func row(_ name: String, _ lr: Double?, _ idx: Int?) {
      guard let lr, let idx else { return }
      out.append(name + cFormat("lr = %.2e  (smoothed loss %.4f at step %d)", lr, r.smoothed[idx], idx))
    }
    row("steepest:   ", s.steepestLR, s.steepest)
    row("minimum/10: ", s.minimumLR, s.minimum)
    row("valley:     ", s.valleyLR, s.valley)
    if let lr = s.suggested {
      out.append(cFormat("suggested max lr: %.2e", lr))
      out.append(cFormat("OneCycleLR(max_lr=%.3g, epochs=15, steps_per_epoch=%d)", lr, stepsPerEpoch))
      out.append(cFormat("onecycle(max_lr=%.3g)", lr) + "   (any --epochs: lrsched bench --sched 'onecycle(max_lr=…)')")
    } else {
      out.append("no suggestion: the curve is too short")
    }
    return out
  }
}
