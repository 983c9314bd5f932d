import LRSchedBench
import LRSchedCharts
import LRSchedCore
import LRSchedSpec

/// `lrsched bench`: trains the 2-neuron network on CIFAR-10 with a schedule from the same engine
/// as `lrsched values`, and reports where each epoch's time goes.
public enum BenchCommand {
  /// lr 0.01: the range test on this network puts the steepest descent near 0.01–0.05, and
  /// OneCycleLR with max_lr = 0.1 diverges on it.
  public static let defaultOptimizer = "SGD(lr=0.01, momentum=0.9)"

  public static let command = Command(
    name: "bench",
    summary: "Train the 2-neuron CIFAR-10 benchmark with a schedule and time every phase.",
    usage: [
      "[--data cifar-cache|PATH] [--epochs 15] [--batch-size 128] [--sched SPEC] [--optimizer OPT] [--step-on batch|epoch] [--threads N|auto] [--seed S] [--json FILE] [--plot FILE.png]"
    ],
    options: [
      BenchData.dataOption,
      OptionSpec("--epochs", value: "N", help: "Epochs.", default: "15"),
      OptionSpec("--batch-size", value: "N", help: "Batch size (the last batch of an epoch may be short).", default: "128"),
      OptionSpec("--sched", value: "SPEC", help: "Scheduler spec, as for 'lrsched values'.", default: "onecycle"),
      OptionSpec("--optimizer", value: "OPT", help: "SGD, Adam or AdamW spec (its lr is max_lr for onecycle).", default: defaultOptimizer),
      OptionSpec(
        "--step-on", value: "WHEN", help: "When the scheduler is stepped: batch or epoch.", default: "batch",
        choices: ["batch", "epoch"]),
      OptionSpec(
        "--metrics", value: "LIST",
        help: "Metric per epoch for metric-driven schedules (ReduceLROnPlateau, …); default: each epoch's test loss."),
      BenchData.threadsOption,
      BenchData.seedOption,
      OptionSpec("--json", value: "FILE", help: "Write every figure as JSON (times in seconds)."),
      OptionSpec("--plot", value: "FILE.png", help: "Plot per-epoch phase times (stacked) beside loss and lr (.png or .svg)."),
    ],
    discussion: """
      Per epoch it prints the original benchmark's line, 'epoch: 0/15 t_ep: … t_load: … t_opt: …
      t_sch: …', then t_fwd, t_bwd, loss, train and test accuracy and the lr of the epoch's last step;
      then per-phase median/min/max and share of t_ep, and samples per second. The lr trained with
      at every step is exactly what 'lrsched values' prints for the same SPEC, OPT and steps.
      Metric-driven schedules (ReduceLROnPlateau, timm's PlateauLRScheduler, …) read each epoch's
      test loss, evaluated before the epoch's last scheduler call, unless --metrics gives them. Ctrl-C
      ends after the current batch with the summary of completed epochs (exit 130).

      EXAMPLES:
        lrsched bench --epochs 2
        lrsched bench --sched "CosineAnnealingLR(T_max=15)" --step-on epoch --json bench.json
        lrsched bench --optimizer "AdamW(lr=3e-3, weight_decay=0.01)" --sched onecycle
      """,
    maxPositionals: 0,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let plot = try a.value("--plot").map { p throws(CLIError) in
      try FigureOutput(path: p, format: nil, option: "--plot", command: "bench")
    }
    let epochs = try a.int("--epochs", default: 15, min: 1, max: 100_000)
    let batchSize = try a.int("--batch-size", default: 128, min: 1, max: 1_000_000)
    let threads = try BenchData.threads(a)
    let seed = try BenchData.seed(a)
    let stepOn = try a.choice("--step-on", ["batch", "epoch"], default: "batch")
    let sched = a.value("--sched") ?? "onecycle"
    let dataset = try BenchData.load(a, io)
    guard dataset.train.count > 0 else { throw .input("the dataset has no training images") }
    let steps = (dataset.train.count + batchSize - 1) / batchSize
    // The engine's run is stepped after every batch; it applies --step-on itself, as in `values`.
    var plan = try ScheduleOptions.plan(a, specs: [sched], stepOn: StepOn(rawValue: stepOn)!, loopOptions: false, io: io)
    if a.value("--optimizer") == nil {
      do {
        plan.optimizer = try OptimizerSpec.parse(defaultOptimizer)
      } catch {
        throw .failure("default optimizer: \(error.message)")
      }
    }
    plan.epochs = epochs
    plan.stepsPerEpoch = steps
    var schedule = EngineSchedule(
      run: try ScheduleOptions.makeRun(try ScheduleOptions.resolve(plan), metricsFromTraining: true))
    schedule.metricFromTraining = schedule.run.needsMetric && plan.metrics == nil
    // The pixel kernels (docs/bench.md): LRSCHED_KERNELS=baseline|avx2 for side-by-side timing.
    let kernelName = io.environment["LRSCHED_KERNELS"] ?? "auto"
    guard let kernels = KernelChoice(rawValue: kernelName) else {
      throw .usage("LRSCHED_KERNELS: expected auto, baseline or avx2, got '\(kernelName)'")
    }
    let config = TrainingConfig(
      epochs: epochs, batchSize: batchSize, optimizer: try EngineSchedule.updateRule(plan.optimizer), advanceEvery: .batch,
      threads: threads, seed: seed, kernels: kernels)
    let json = try a.value("--json").map { path throws(CLIError) in try AtomicFileWriter(path: path) }
    let stop = StopFlag.installInterruptHandler()
    let bar = ProgressBar(io: io, epochs: epochs)
    let run = try BenchData.wrap {
      let trainer = try Trainer(dataset: dataset, config: config)
      return try trainer.run(schedule: &schedule, stop: stop, progress: bar.update) { r in
        bar.clear()
        io.out.line(BenchReport.epochLine(r, epochs: epochs))
        io.out.flush()
      }
    }
    bar.clear()
    for line in BenchReport.summaryLines(run) { io.out.line(line) }
    if let note = BenchData.syntheticNote(dataset.origin) { io.out.line("  data: " + note) }
    if let json {
      json.write(BenchReport.json(run, stepOn: plan.stepOn.rawValue, extra: [("data", BenchData.describe(dataset.origin)), ("sched", sched)]))
      try json.commit()
    }
    if let plot, !run.epochs.isEmpty {
      let data = BenchData.syntheticNote(dataset.origin).map { _ in BenchData.describe(dataset.origin) }
      try plot.open(io).write(
        BenchCharts.bench(run, sched: sched, data: data), metadata: [("Software", "lrsched \(CLI.version)")])
      io.out.line("wrote \(plot.path)")
    }
    return run.interrupted ? 130 : 0
  }
}

/// The schedule engine's run seen through `LRSchedBench.TrainingSchedule` (the trainer reads it
/// ahead in chunks: `ScheduleLookahead`).
struct EngineSchedule: TrainingSchedule {
  var run: ScheduleRun
  /// A metric-driven schedule without `--metrics`: the trainer passes each epoch's test loss.
  var metricFromTraining = false
  var groupCount: Int { run.groups.count }
  var readsEpochMetric: Bool { metricFromTraining }

  mutating func setEpochMetric(_ value: Double, epoch: Int) {
    if run.metrics == nil { run.metrics = [] }
    if run.metrics!.count == epoch { run.metrics!.append(value) }
  }

  func hyperparameters(group: Int) -> StepHyperparameters {
    let g = run.groups[group]
    return StepHyperparameters(lr: g.lr, momentum: g.momentum, beta1: g.beta1, weightDecay: g.weightDecay)
  }

  mutating func advance() throws { try run.advance() }

  /// The read-ahead in one call of the run's many-steps loop (`ScheduleRun.advance(steps:recording:)`:
  /// the stepper's type is opened once per chunk, not per step, and a stepper with a loop of
  /// its own writes each step's values into the slots without a call per step).
  mutating func advance(
    upTo count: Int, second: Int, into values: inout [(StepHyperparameters, StepHyperparameters)]
  ) -> (any Error)? {
    // Into slots made up front (no capacity or uniqueness check per step); the slots an error
    // leaves unwritten are removed.
    let start = values.count
    let first = hyperparameters(group: 0)
    values.append(contentsOf: repeatElement((first, first), count: count))
    var written = 0
    precondition(Self.recordsInPlace, "a (StepHyperparameters, StepHyperparameters) slot is not 8 doubles")
    let error: (any Error)? = values.withUnsafeMutableBufferPointer { out in
      // A slot is the 8 doubles `StepRecorder` writes: lr, momentum, beta1, weight decay of
      // group 0, then of `second` (`recordsInPlace` checks the layout).
      (out.baseAddress! + start).withMemoryRebound(to: Double.self, capacity: 8 &* count) { slots in
        var recorder = StepRecorder(slots: slots, second: second)
        defer { written = recorder.written }
        do {
          try run.advance(steps: count, recording: &recorder)
        } catch {
          return error
        }
        return nil
      }
    }
    values.removeLast(count - written)
    return error
  }

  /// Whether a `(StepHyperparameters, StepHyperparameters)` slot is laid out as the 8 doubles
  /// `StepRecorder` writes (two structs of four stored doubles, in declaration order; tested).
  static let recordsInPlace: Bool = {
    typealias H = StepHyperparameters
    return MemoryLayout<(H, H)>.stride == 64 && MemoryLayout<H>.offset(of: \H.lr) == 0
      && MemoryLayout<H>.offset(of: \H.momentum) == 8 && MemoryLayout<H>.offset(of: \H.beta1) == 16
      && MemoryLayout<H>.offset(of: \H.weightDecay) == 24
  }()

  /// The bench's update rule for the optimizer a spec describes: SGD, Adam or AdamW (the
  /// other torch.optim optimizers drive schedules in values/plot/check but have no kernel).
  static func updateRule(_ o: OptimizerConfig) throws(CLIError) -> UpdateRule {
    let g = o.groups[0]
    switch o.kind {
    case .sgd: return .sgd(dampening: g.dampening, nesterov: g.nesterov)
    case .adam: return .adam(beta2: g.beta2, eps: g.eps)
    case .adamw: return .adamw(beta2: g.beta2, eps: g.eps)
    default:
      throw .input(
        "--optimizer: bench trains with SGD, Adam or AdamW, not \(o.kind.rawValue) (values, plot and check take any torch.optim optimizer)")
    }
  }
}

/// A one-line progress bar on stderr, only when stderr is a terminal (plain characters, so
/// NO_COLOR needs nothing more). Redrawn at most every 1/50 of an epoch.
final class ProgressBar: StatusLine {
  let epochs: Int

  init(io: CommandIO, epochs: Int) {
    self.epochs = epochs
    super.init(io: io)
  }

  func update(_ epoch: Int, _ done: Int, _ total: Int) {
    let width = 30
    draw(key: done * 50 / max(total, 1)) {
      let filled = done * width / max(total, 1)
      let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
      return "epoch \(epoch)/\(epochs) [\(bar)] \(done)/\(total)"
    }
  }
}
