import LRSchedCore
import LRSchedSpec

/// The options every schedule command shares (`values`, `plot`, `check`), and how they
/// become a `RunPlan`. Defaults reproduce the original setup: SGD(lr=0.1, momentum=0.9),
/// 15 epochs of 391 batches, stepped per batch.
public enum ScheduleOptions {
  public static let defaultOptimizer = "SGD(lr=0.1, momentum=0.9)"

  public static let options: [OptionSpec] = [
    OptionSpec("--optimizer", value: "OPT", help: "Optimizer spec, e.g. 'Adam(lr=1e-3)'.", default: defaultOptimizer),
    OptionSpec("--epochs", value: "N", help: "Epochs of the training loop.", default: "15"),
    OptionSpec(
      "--steps-per-epoch", value: "N", help: "Optimizer steps per epoch (per process; = batches without --accum).", default: "391"),
    OptionSpec(
      "--step-on", value: "WHEN",
      help: "Where the loop calls scheduler.step(): batch (after every dataloader batch), optimizer-step (after each optimizer step: differs from batch with --accum) or epoch.",
      default: "batch", choices: ["batch", "optimizer-step", "epoch"]),
    OptionSpec("--metrics", value: "LIST", help: "Comma-separated metric per epoch (ReduceLROnPlateau, PlateauLRScheduler)."),
    OptionSpec("--metrics-file", value: "FILE", help: "Metrics, one number per line or comma-separated."),
    OptionSpec(
      "--timm", value: "ARGS",
      help: "timm train.py arguments ('--sched cosine --epochs 300 …'): the scheduler timm's factory builds."),
    OptionSpec("--file", short: "-f", value: "FILE", help: "Python file with the scheduler block, as written (docs/python.md); - reads stdin."),
    OptionSpec("--define", short: "-D", value: "NAME=VALUE", help: "Give a name the file uses (-D args.lr=3e-4); VALUE is a Python literal.", repeatable: true),
    OptionSpec("--name", value: "VAR", help: "The file's variable holding the schedule (default: the last scheduler no other consumes)."),
  ] + HFOptions.options.filter { o in !LoopOptions.options.contains { $0.name == o.name } } + LoopOptions.options

  /// `--timm ARGS`: resolves timm's train-script arguments to a spec, its optimizer, epochs
  /// and stepping. Explicit lrsched options still win. Returns nil without `--timm`.
  public static func timmResolution(_ a: ParsedArguments) throws(CLIError) -> TimmFactory.Resolution? {
    guard let args = a.value("--timm") else { return nil }
    guard a.positionals.isEmpty else {
      throw .usage("--timm builds the scheduler from timm's arguments; give no SPEC with it", command: a.command)
    }
    let spe = try a.int("--steps-per-epoch", default: 391, min: 1, max: 100_000_000)
    do {
      return try TimmFactory.resolution(args: args, updatesPerEpoch: spe)
    } catch {
      throw CLIError(error, in: "--timm")
    }
  }

  /// The plan from the options and the given specs (or `--timm`), resolved; spec errors
  /// become input errors with the caret display.
  public static func resolvedPlan(
    _ a: ParsedArguments, specs given: [String], stepOn override: StepOn? = nil, io: CommandIO? = nil
  ) throws(CLIError) -> ResolvedPlan {
    try resolve(try plan(a, specs: given, stepOn: override, io: io))
  }

  /// The plan from the options and the given specs (or `--timm`, `--hf`, `-f FILE`), not yet
  /// resolved. `loopOptions: false` for commands whose own options share names with the
  /// loop's (bench). A statement file is run once here: its notes go to `io`'s stderr.
  public static func plan(
    _ a: ParsedArguments, specs given: [String], stepOn override: StepOn? = nil, loopOptions: Bool = true,
    io: CommandIO? = nil
  ) throws(CLIError) -> RunPlan {
    var inputs = given.map { SpecInput($0) }
    var timm: TimmFactory.Resolution?
    if let r = try HFOptions.resolution(a) {
      var plan = RunPlan(
        specs: [], optimizer: try optimizer(r.optimizer), epochs: r.epochs, stepsPerEpoch: r.stepsPerEpoch,
        stepOn: r.stepOn, metrics: try metrics(a))
      plan.inputs = [SpecInput(r.scheduler, origin: .hf(args: a.value("--hf") ?? ""))]
      plan.fileReader = CLI.fileReader
      if let loop = try HFOptions.trainerLoop(r, a) { plan.setLoop(loop) }
      return plan
    }
    if let r = try timmResolution(a) {
      timm = r
      inputs = [SpecInput(r.scheduler, origin: .timm(args: a.value("--timm") ?? ""))]
    }
    let file = try ScriptOptions.source(a, io: io)
    if let file {
      guard inputs.isEmpty else { throw .usage("-f reads the schedule from the file; give no SPEC with it", command: a.command) }
      inputs = [SpecInput(file.path)]
    }
    guard !inputs.isEmpty else { throw .usage("missing SPEC (e.g. onecycle or 'CosineAnnealingLR(T_max=10)')", command: a.command) }
    let optimizer = try optimizer(a.value("--optimizer") ?? timm?.optimizer ?? defaultOptimizer)
    let epochs = try a.int("--epochs", default: timm?.numEpochs ?? 15, min: 1, max: 10_000_000)
    let spe = try a.int("--steps-per-epoch", default: 391, min: 1, max: 100_000_000)
    guard epochs.multipliedReportingOverflow(by: spe).overflow == false, epochs * spe <= 2_000_000_000 else {
      throw .usage("--epochs × --steps-per-epoch is too large (limit 2,000,000,000 steps)", command: a.command)
    }
    let stepOn: StepOn
    var site = SchedulerCallSite.batch
    if let override {
      stepOn = override
      site = override == .epoch ? .epoch : .batch
    } else {
      let text = try a.choice("--step-on", ["batch", "optimizer-step", "optimizer_step", "epoch"], default: timm?.stepOn.rawValue ?? "batch")
      site = SchedulerCallSite(rawValue: text == "optimizer-step" ? "optimizer_step" : text)!
      stepOn = site == .epoch ? .epoch : .batch
    }
    let loop = loopOptions ? try LoopOptions.loop(a, epochs: epochs, site: site) : nil
    if loop != nil && timm != nil {
      throw .usage("--timm runs timm's own training loop; the framework loop options (--loop, --accum, …) don't apply", command: a.command)
    }
    let metrics = try metrics(a)
    var plan = RunPlan(
      specs: [], optimizer: optimizer, epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn, metrics: metrics)
    plan.inputs = inputs
    plan.fileReader = CLI.fileReader
    if let loop { plan.setLoop(loop) }
    plan.script = file ?? ScriptOptions.positionalScript(a, plan)
    if plan.script != nil {
      try ScriptOptions.prepare(&plan, a, stepOnGiven: override != nil || a.has("--step-on"), loopGiven: loop != nil, io: io)
    }
    return plan
  }

  static func optimizer(_ text: String) throws(CLIError) -> OptimizerConfig {
    do {
      return try OptimizerSpec.parse(text)
    } catch {
      throw CLIError(error, in: "--optimizer")
    }
  }

  /// `--metrics` or `--metrics-file`.
  static func metrics(_ a: ParsedArguments) throws(CLIError) -> [Double]? {
    var metrics: [Double]?
    if let m = a.value("--metrics") {
      metrics = try parseNumbers(m, what: "--metrics")
    }
    if let f = a.value("--metrics-file") {
      guard metrics == nil else { throw .usage("give --metrics or --metrics-file, not both", command: a.command) }
      metrics = try parseNumbers(try FileIO.readText(f), what: f)
    }
    return metrics
  }

  static func parseNumbers(_ text: String, what: String) throws(CLIError) -> [Double] {
    var out: [Double] = []
    var lineNo = 1
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      for item in line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }) {
        guard let v = Double(item), v.isFinite else {
          throw .input("\(what): line \(lineNo): '\(item)' is not a finite number")
        }
        out.append(v)
      }
      lineNo += 1
    }
    return out
  }

  /// One stderr line per argument the pinned library removed and lrsched ignores (`verbose=`).
  public static func warnLegacyArguments(_ plan: ResolvedPlan, _ io: CommandIO) {
    for w in plan.warnings { io.err.line("warning: " + w) }
  }

  /// Resolves the plan, mapping spec errors to input errors.
  public static func resolve(_ plan: RunPlan) throws(CLIError) -> ResolvedPlan {
    do {
      return try plan.resolve()
    } catch {
      if let script = plan.script { throw ScriptOptions.error(error, script) }
      throw CLIError(error)
    }
  }

  /// Builds the run, mapping spec errors to input errors. `metricsFromTraining`: a metric-driven
  /// schedule without `--metrics` gets its metrics later, one per epoch (`bench`).
  public static func makeRun(_ plan: ResolvedPlan, metricsFromTraining: Bool = false) throws(CLIError) -> ScheduleRun {
    var run: ScheduleRun
    do {
      run = try plan.makeRun()
    } catch {
      if let script = plan.plan.script { throw ScriptOptions.error(error, script) }
      throw CLIError(error)
    }
    if run.needsMetric && plan.metrics == nil && metricsFromTraining {
      run.metrics = []
    } else if run.needsMetric {
      guard let m = plan.metrics else {
        throw .input("this schedule reads a metric each epoch: give --metrics or --metrics-file")
      }
      guard m.count >= plan.epochs else {
        throw .input("--metrics has \(m.count) values, the run has \(plan.epochs) epochs")
      }
    }
    return run
  }

  /// Column names: `lr` (one group) or `lr[0]`, `lr[1]`, … per group and field.
  public static func columns(fields: [Field], groups: Int) -> [String] {
    var cols: [String] = []
    for f in fields {
      if groups == 1 {
        cols.append(f.rawValue)
      } else {
        for g in 0..<groups { cols.append("\(f.rawValue)[\(g)]") }
      }
    }
    return cols
  }
}
