import LRSchedCore
import LRSchedSpec

/// `--hf ARGS` of `values`, `plot` and `check`: the schedule a transformers 5.25 `Trainer`
/// builds from its `TrainingArguments` for a training set of `--dataset-size` rows on
/// `--world-size` processes (`HFTrainerResolution`). The derived numbers go to stderr.
public enum HFOptions {
  public static let options: [OptionSpec] = [
    OptionSpec(
      "--hf", value: "ARGS",
      help: "transformers Trainer settings, a TrainingArguments(...) call or its flags ('--lr_scheduler_type cosine --warmup_steps 0.03 …'): the schedule Trainer 5.25 builds; needs --dataset-size."),
    OptionSpec("--dataset-size", value: "N", help: "Rows in the training set (--hf: len(train_dataset))."),
    OptionSpec("--world-size", value: "W", help: "Data-parallel processes (--hf: GPUs under torchrun/accelerate).", default: "1"),
  ]

  /// The options `--hf` derives itself: giving them too is a usage error.
  static let derivedOptions = ["--epochs", "--steps-per-epoch", "--step-on", "--optimizer", "--timm"]

  /// The resolution for `--hf`, or nil without it.
  public static func resolution(_ a: ParsedArguments) throws(CLIError) -> HFTrainerResolution? {
    // Without --hf, --dataset-size and --world-size size a framework loop (LoopOptions).
    guard let text = a.value("--hf") else { return nil }
    guard a.positionals.isEmpty else {
      throw .usage("--hf builds the scheduler from the TrainingArguments; give no SPEC with it", command: a.command)
    }
    for o in derivedOptions + LoopOptions.derivedByHF where a.has(o) {
      throw .usage("--hf derives the optimizer, the steps and the stepping from the TrainingArguments; drop \(o)", command: a.command)
    }
    guard a.has("--dataset-size") else {
      throw .usage("--hf needs --dataset-size N (rows in the training set) to size the Trainer's epochs", command: a.command)
    }
    let n = try a.int("--dataset-size", default: 1, min: 0, max: 1_000_000_000_000)
    let w = try a.int("--world-size", default: 1, min: 1, max: 1_000_000)
    do {
      return try HFTrainerResolution.resolve(try HFTrainingArguments.parse(text), datasetSize: n, worldSize: w)
    } catch {
      throw .input("--hf: " + error.message, detail: error.caretLines)
    }
  }

  /// The Trainer's loop for `--hf` with `--skipped-steps` (updates the GradScaler skipped:
  /// the Trainer does not step the scheduler after them but counts them toward
  /// `max_steps`); nil otherwise, where one step per optimizer step is the plain loop.
  static func trainerLoop(_ r: HFTrainerResolution, _ a: ParsedArguments) throws(CLIError) -> TrainingLoop? {
    if let l = a.value("--loop"), l != "trainer" {
      throw .usage("--hf runs the Trainer's loop; drop --loop \(l)", command: a.command)
    }
    guard let list = a.value("--skipped-steps") else { return nil }
    guard r.stepOn == .batch else {
      throw .usage("--skipped-steps: a metric-driven Trainer schedule is stepped after evaluations, not per optimizer step", command: a.command)
    }
    let d = r.derived
    var loop = TrainingLoop(
      framework: .trainer, worldSize: d.worldSize, batchesPerEpoch: d.lenDataloader, epochs: d.numTrainEpochs,
      accumulation: r.settings.gradientAccumulationSteps, maxSteps: d.maxSteps)
    loop.setSkippedSteps(try LoopOptions.parseSteps(list, below: loop.optimizerSteps, command: a.command))
    return loop
  }

  /// Writes the resolved call and the derived numbers to stderr.
  static func report(_ r: HFTrainerResolution, _ io: CommandIO) {
    for line in r.summary.split(separator: "\n") { io.err.line(String(line)) }
  }
}
