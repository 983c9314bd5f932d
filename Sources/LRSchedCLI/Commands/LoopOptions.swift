import LRSchedCore

extension LoopFramework: OptionValue {}

/// The training-loop options of `values`, `plot` and `check`: which framework steps the
/// scheduler, and the counts it runs (each option named after what it counts). They
/// become a `TrainingLoop`; without any of them the plain loop of `--step-on` runs.
public enum LoopOptions {
  public static let options: [OptionSpec] = [
    OptionSpec(
      "--loop", value: "FRAMEWORK",
      help: "What steps the scheduler: torch (a hand-written loop), trainer (transformers 5.25 Trainer), accelerate (1.16, a prepared scheduler), lightning (2.6).",
      default: LoopFramework.torch, choices: LoopFramework.self),
    OptionSpec("--accum", value: "K", help: "Gradient accumulation: dataloader batches per optimizer step.", default: "1"),
    OptionSpec(
      "--world-size", value: "W",
      help: "Data-parallel processes (GPUs), each running the loop on its shard; accelerate steps a prepared scheduler W times per optimizer step (--hf: GPUs under torchrun/accelerate).",
      default: "1"),
    OptionSpec(
      "--batches-per-epoch", value: "N",
      help: "Dataloader batches per epoch per process (len(dataloader) each process iterates); with --accum K an epoch has ceil(N/K) optimizer steps."),
    OptionSpec(
      "--dataset-size", value: "N",
      help: "Rows in the training set: with --batch-size, the batches per epoch per process as the framework shards them (--hf: len(train_dataset))."),
    OptionSpec("--batch-size", value: "B", help: "DataLoader batch size (the Trainer's per_device_train_batch_size; accelerate with --split-batches: the batch that is split)."),
    OptionSpec("--drop-last", help: "DataLoader(drop_last=True): the last partial batch is dropped."),
    OptionSpec("--split-batches", help: "accelerate: DataLoaderConfiguration(split_batches=True) (one scheduler step per optimizer step)."),
    OptionSpec(
      "--no-step-with-optimizer",
      help: "accelerate: Accelerator(step_scheduler_with_optimizer=False) (every call steps the scheduler once)."),
    OptionSpec(
      "--interval", value: "UNIT", help: "lightning: the lr_scheduler config's interval, step or epoch.", default: "step",
      choices: ["step", "epoch"]),
    OptionSpec(
      "--frequency", value: "F",
      help: "lightning: step the scheduler when (batch_idx + 1) (interval step) or (epoch + 1) (interval epoch) is a multiple of F.",
      default: "1"),
    OptionSpec("--max-steps", value: "N", help: "trainer: stop after N optimizer steps (TrainingArguments.max_steps)."),
    OptionSpec(
      "--skipped-steps", value: "LIST",
      help: "Optimizer steps (0-based, e.g. 0,4,7-9) whose update the GradScaler skipped (inf/NaN gradients)."),
  ]

  /// Loop options `--hf` derives from the TrainingArguments (giving them is a usage error).
  static let derivedByHF = [
    "--accum", "--batches-per-epoch", "--batch-size", "--drop-last", "--split-batches", "--no-step-with-optimizer",
    "--interval", "--frequency", "--max-steps",
  ]

  /// Whether any loop option (or a `--step-on` value only loops have) is given.
  static func given(_ a: ParsedArguments) -> Bool {
    options.contains { a.has($0.name) } || a.value("--step-on") == "optimizer-step" || a.value("--step-on") == "optimizer_step"
  }

  /// The loop the options describe, or nil when none is given. `epochs` and
  /// `stepsPerEpoch` are the already parsed `--epochs` and `--steps-per-epoch` (optimizer
  /// steps; only meaningful without accumulation); `site` the `--step-on` value.
  static func loop(_ a: ParsedArguments, epochs: Int, site: SchedulerCallSite) throws(CLIError) -> TrainingLoop? {
    guard given(a) else { return nil }
    let cmd = a.command
    let fw = try a.choice("--loop", default: LoopFramework.torch)
    let K = try a.int("--accum", default: 1, min: 1, max: 1_000_000)
    let W = try a.int("--world-size", default: 1, min: 1, max: 1_000_000)
    func only(_ names: [String], _ frameworks: [LoopFramework], _ what: String) throws(CLIError) {
      for n in names where a.has(n) && !frameworks.contains(fw) {
        throw .usage("\(n) is \(what) (give --loop \(frameworks.map(\.rawValue).joined(separator: "|")))", command: cmd)
      }
    }
    try only(["--split-batches", "--no-step-with-optimizer"], [.accelerate], "an accelerate setting")
    try only(["--interval", "--frequency"], [.lightning], "a Lightning lr_scheduler setting")
    try only(["--max-steps"], [.trainer], "a Trainer setting")
    if a.has("--step-on") && (fw == .trainer || fw == .lightning) {
      throw .usage(
        fw == .trainer
          ? "the Trainer steps the scheduler after every optimizer step; --step-on is for --loop torch|accelerate"
          : "Lightning steps the scheduler by its lr_scheduler config: use --interval step|epoch and --frequency F, not --step-on",
        command: cmd)
    }
    let split = a.has("--split-batches")
    let B = try batchesPerEpoch(a, framework: fw, accumulation: K, worldSize: W, split: split)
    let interval = LightningInterval(rawValue: try a.choice("--interval", ["step", "epoch"], default: "step"))!
    let F = try a.int("--frequency", default: 1, min: 1, max: 1_000_000_000)
    let maxSteps = a.value("--max-steps") == nil ? nil : try a.int("--max-steps", default: 1, min: 1, max: 2_000_000_000)
    var loop = TrainingLoop(
      framework: fw, worldSize: W, batchesPerEpoch: B, epochs: epochs, accumulation: K, callSite: site,
      splitBatches: split, stepWithOptimizer: !a.has("--no-step-with-optimizer"), interval: interval, frequency: F,
      maxSteps: maxSteps)
    guard epochs.multipliedReportingOverflow(by: B).overflow == false, epochs * B <= 2_000_000_000 else {
      throw .usage("--epochs × batches per epoch is too large (limit 2,000,000,000 batches)", command: cmd)
    }
    guard loop.schedulerSteps <= 2_000_000_000 else {
      throw .usage(
        "the \(loop.summary) makes \(loop.schedulerSteps) scheduler steps (limit 2,000,000,000): fewer epochs, batches or processes",
        command: cmd)
    }
    if let list = a.value("--skipped-steps") {
      loop.setSkippedSteps(try parseSteps(list, below: loop.optimizerSteps, command: cmd))
    }
    return loop
  }

  /// B from `--batches-per-epoch`, or `--dataset-size` and `--batch-size`, or (without
  /// accumulation) `--steps-per-epoch`; default 391.
  static func batchesPerEpoch(
    _ a: ParsedArguments, framework: LoopFramework, accumulation K: Int, worldSize W: Int, split: Bool
  ) throws(CLIError) -> Int {
    let cmd = a.command
    let sources = ["--batches-per-epoch", "--dataset-size", "--steps-per-epoch"].filter { a.has($0) }
    guard sources.count <= 1 else {
      throw .usage("give the epoch's length once: \(sources.joined(separator: " or ")) (see --help)", command: cmd)
    }
    if a.has("--batch-size") && !a.has("--dataset-size") || a.has("--drop-last") && !a.has("--dataset-size") {
      throw .usage("--batch-size and --drop-last size the epoch with --dataset-size N", command: cmd)
    }
    if a.has("--dataset-size") {
      guard a.has("--batch-size") else { throw .usage("--dataset-size needs --batch-size B", command: cmd) }
      let n = try a.int("--dataset-size", default: 1, min: 1, max: 1_000_000_000_000)
      let bs = try a.int("--batch-size", default: 1, min: 1, max: 100_000_000)
      let sharded: BatchSharding
      do {
        sharded = try BatchSharding.shard(
          framework: framework, datasetSize: n, batchSize: bs, dropLast: a.has("--drop-last"), worldSize: W,
          splitBatches: split)
      } catch {
        throw .input("--split-batches: \(error.description)")
      }
      guard sharded.perProcess >= 1 else {
        throw .input("--dataset-size \(n) with --batch-size \(bs)\(a.has("--drop-last") ? " and --drop-last" : "") gives no batch per process")
      }
      guard sharded.perProcess <= 100_000_000 else { throw .usage("batches per epoch must be at most 100,000,000", command: cmd) }
      return sharded.perProcess
    }
    if a.has("--steps-per-epoch") && K > 1 {
      throw .usage(
        "--steps-per-epoch counts optimizer steps; with --accum \(K) give the batches an epoch has: --batches-per-epoch N or --dataset-size N --batch-size B",
        command: cmd)
    }
    if a.has("--steps-per-epoch") { return try a.int("--steps-per-epoch", default: 391, min: 1, max: 100_000_000) }
    return try a.int("--batches-per-epoch", default: 391, min: 1, max: 100_000_000)
  }

  /// `0,4,7-9`: optimizer step indices, each below the run's `limit` optimizer steps.
  static func parseSteps(_ text: String, below limit: Int, command: String) throws(CLIError) -> [Int] {
    var out: [Int] = []
    for item in text.split(separator: ",", omittingEmptySubsequences: false) {
      let t = String(item).trimmingCharacters()
      let parts = t.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
      guard (1...2).contains(parts.count), let lo = Int(parts[0]), let hi = Int(parts.last!), lo >= 0, lo <= hi else {
        throw .usage("--skipped-steps expects optimizer steps like 0,4,7-9, got '\(t)'", command: command)
      }
      guard hi < limit else {
        throw .usage("--skipped-steps: step \(hi) is past the run's last optimizer step \(limit - 1)", command: command)
      }
      guard hi - lo < 10_000_000, out.count < 10_000_000 else {
        throw .usage("--skipped-steps lists too many steps (limit 10,000,000)", command: command)
      }
      out += Array(lo...hi)
    }
    return out
  }
}
