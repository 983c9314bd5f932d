import LRSchedCore
import LRSchedSpec

/// `lrsched values SPEC… [options]`: the value every optimizer step trains with.
public enum ValuesCommand {
  public static let command = Command(
    name: "values",
    summary: "Print the lr (and momentum/beta1, …) every optimizer step trains with.",
    usage: [
      "SPEC… [--optimizer OPT] [--epochs N] [--steps-per-epoch N] [--step-on batch|optimizer-step|epoch] [--format csv|tsv|json] [-o FILE]",
      "SPEC… --loop torch|trainer|accelerate|lightning [--accum K] [--world-size W] [--batches-per-epoch N | --dataset-size N --batch-size B [--drop-last]] [--skipped-steps LIST] …",
      "-f FILE.py [-D NAME=VALUE]… [--name VAR] [options]",
    ],
    positionals: [("SPEC…", "Scheduler specs; several specs drive different fields of one optimizer (field='weight_decay'). One SPEC may also be Python statements, as in -f.")],
    options: ScheduleOptions.options + [
      OptionSpec("--format", value: "FMT", help: "csv, tsv or json.", default: ValuesFormat.csv, choices: ValuesFormat.self),
      OptionSpec("--from-step", value: "K", help: "Print only steps K and later (the tail of the full run).", default: "0"),
      OptionSpec("--output", short: "-o", value: "FILE", help: "Write to FILE (atomically) instead of stdout."),
      OptionSpec("--stop-after", value: "K", help: "Stop after K optimizer steps (with --save-state: a checkpoint there)."),
      OptionSpec("--save-state", value: "FILE", help: "Save the run's state (JSON) where it stops."),
      OptionSpec("--resume", value: "FILE", help: "Continue a run saved with --save-state (its specs and options)."),
    ],
    discussion: """
      Row k holds the values in the optimizer immediately before optimizer step k, for every
      param group and every field the run records. Output streams: 10,000,000 steps are never
      held in memory.

      EXAMPLES:
        lrsched values onecycle --epochs 15 --format csv -o onecycle.csv
        lrsched values "CosineAnnealingLR(T_max=15)" --step-on epoch --steps-per-epoch 1
        lrsched values "StepLR(step_size=5)" "CosineAnnealingLR(T_max=15, field='weight_decay')" \\
          --optimizer "SGD(lr=0.1, weight_decay=5e-4)" --step-on epoch
        lrsched values -f train_sched.py -D args.epochs=90 --epochs 90 --step-on epoch
        lrsched values "CosineAnnealingLR(optimizer, T_max=len(train_loader) * 15)"
        lrsched values --hf "--lr_scheduler_type cosine --learning_rate 2e-5 --warmup_steps 0.03 \\
          --num_train_epochs 3 --per_device_train_batch_size 8 --gradient_accumulation_steps 4" \\
          --dataset-size 50000 --world-size 8

      --hf ARGS takes a TrainingArguments(...) call or the same settings as the flags of
      the HF example scripts, and --dataset-size N (rows) and --world-size W (processes).
      It prints on stderr the get_scheduler(...) call and the optimizer Trainer 5.25
      builds and the numbers it derives (batches per process, updates per epoch,
      max_steps, warm-up steps, steps run); then the run is that Trainer's: one
      scheduler.step() per optimizer step (after each evaluation for reduce_lr_on_plateau
      and greedy, one --metrics value per evaluation). Settings that do not shape the
      schedule are noted.
      """,
    minPositionals: 0, positionalChoices: CompletionsCommand.schedulerNames,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let format = try a.choice("--format", default: ValuesFormat.csv)
    var fromStep = try a.int("--from-step", default: 0, min: 0, max: Int.max)
    let plan: ResolvedPlan
    var run: ScheduleRun
    var optimizerSpec = a.value("--optimizer") ?? ScheduleOptions.defaultOptimizer
    if let resume = a.value("--resume") {
      guard a.positionals.isEmpty else { throw .usage("--resume takes its specs from the checkpoint; give no SPEC", command: "values") }
      do {
        let cp = try RunCheckpoint(json: try FileIO.readText(resume))
        plan = try cp.plan(fileReader: CLI.fileReader).resolve()
        run = try cp.restore(fileReader: CLI.fileReader)
        fromStep = max(fromStep, cp.step)
        optimizerSpec = cp.optimizer
      } catch {
        throw CLIError(any: error, in: resume)
      }
    } else {
      guard !a.positionals.isEmpty || a.has("--timm") || a.has("--hf") || a.has("--file") else {
        throw .usage("missing SPEC (e.g. onecycle)", command: "values")
      }
      plan = try ScheduleOptions.resolvedPlan(a, specs: a.positionals, io: io)
      if plan.plan.script != nil, a.has("--save-state") {
        throw .usage("--save-state is not supported for a schedule read from Python statements yet", command: "values")
      }
      if plan.plan.loop != nil && a.has("--save-state") {
        throw .usage("--save-state: checkpoints of a framework-loop run (--loop, --accum) are not supported; use --from-step", command: "values")
      }
      if let r = plan.plan.hf {
        HFOptions.report(r, io)
        optimizerSpec = r.optimizer
      }
      if let r = plan.plan.timm {
        for line in r.summary.split(separator: "\n") { io.err.line(line.hasPrefix("#") ? String(line) : "# timm factory: \(line)") }
        optimizerSpec = a.value("--optimizer") ?? r.optimizer
      }
      run = try ScheduleOptions.makeRun(plan)
      ScheduleOptions.warnLegacyArguments(plan, io)
    }
    let stopAfter = try a.int("--stop-after", default: Int.max, min: 0, max: Int.max)
    // Open the state file first, so an unwritable path fails before any output.
    let stateWriter = try a.value("--save-state").map { p throws(CLIError) in try AtomicFileWriter(path: p) }
    let fields = plan.fields
    let sink: TextSink
    var file: AtomicFileWriter?
    if let path = a.value("--output") {
      file = try AtomicFileWriter(path: path)
      sink = file!
    } else {
      sink = io.out
    }
    let writer = RowWriter(format: format, fields: fields, groups: plan.optimizer.groups.count, sink: sink, specs: plan.specs.map(\.text))
    writer.header()
    let spe = plan.stepsPerEpoch
    // Through the stepper's batch entry point (`streamSteps`): the values are lent per step.
    let raised = run.streamSteps(limit: stopAfter - run.step) { k, groups in
      if k >= fromStep { writer.row(step: k, epoch: k / spe, values: groups) }
    }
    writer.footer()
    if let (e, k) = raised {
      file?.discard()
      stateWriter?.discard()
      throw .failure(
        "the scheduler raised \(e.pythonType) after optimizer step \(k)" + (e.message.isEmpty ? "" : ": \(e.message)")
          + " (as the library would; see 'lrsched check')")
    }
    try file?.commit()
    if let w = stateWriter {
      w.write(RunCheckpoint(plan: plan, optimizerSpec: optimizerSpec, run: run).json)
      try w.commit()
    }
    return 0
  }
}
