import LRSchedCore
import LRSchedSpec

/// `lrsched check SPEC… [options]`: what the run will really do, before any training.
/// `lrsched check --format`.
enum CheckFormat: String, OptionValue { case text, json }

public enum CheckCommand {
  public static let command = Command(
    name: "check",
    summary: "Lint a schedule: truncation, over-stepping, wasted warm-up, library quirks.",
    usage: [
      "SPEC… [--optimizer OPT] [--epochs N] [--steps-per-epoch N] [--step-on batch|optimizer-step|epoch] [--format text|json]",
      "SPEC… --loop torch|trainer|accelerate|lightning [--accum K] [--world-size W] [--batches-per-epoch N | --dataset-size N --batch-size B [--drop-last]] [--skipped-steps LIST] …",
      "-f FILE.py [-D NAME=VALUE]… [--name VAR] [options]",
    ],
    positionals: [("SPEC…", "Scheduler specs, as for 'lrsched values'.")],
    options: ScheduleOptions.options + [
      OptionSpec("--format", value: "FMT", help: "text or json.", default: CheckFormat.text, choices: CheckFormat.self)
    ],
    discussion: """
      Each finding has a severity (error, warning, info), one line, and a suggested fix.
      Exit 0 when no error-level finding, 1 otherwise (2 for bad usage or a malformed spec).

      EXAMPLES:
        lrsched check "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)" --step-on epoch
        lrsched check "OneCycleLR(max_lr=0.1, total_steps=20)" --epochs 3 --steps-per-epoch 10 --format json
        lrsched check --hf "TrainingArguments(lr_scheduler_type='cosine', warmup_steps=0.1, num_train_epochs=3)" \\
          --dataset-size 20000 --world-size 8
        lrsched check "CosineAnnealingLR(T_max=20)" --loop accelerate --world-size 2 --batches-per-epoch 10 --epochs 2
      """,
    minPositionals: 0, positionalChoices: CompletionsCommand.schedulerNames,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let format = try a.choice("--format", default: CheckFormat.text)
    guard !a.positionals.isEmpty || a.has("--timm") || a.has("--hf") || a.has("--file") else {
      throw .usage("missing SPEC (e.g. onecycle)", command: "check")
    }
    var plan = try ScheduleOptions.plan(a, specs: a.positionals, io: io)
    if let r = plan.hf { HFOptions.report(r, io) }
    plan.strict = false
    // A malformed spec is bad input (exit 2), not a finding.
    let resolved = try ScheduleOptions.resolve(plan)
    do {
      _ = try resolved.makeRun()
    } catch {
      if error.scheduleError == nil {
        if let script = plan.script { throw ScriptOptions.error(error, script) }
        throw CLIError(error)
      }
    }
    ScheduleOptions.warnLegacyArguments(resolved, io)
    let findings = Lint.check(plan: resolved.plan)
    if format == .json {
      io.out.line(Lint.json(findings))
    } else {
      // A file's schedule: the findings are about the user's own line.
      if let script = plan.script, let outcome = resolved.script {
        io.out.line("\(script.path):\(outcome.lineNumber): \(outcome.line)")
      }
      io.out.write(Lint.text(findings))
    }
    return Lint.hasErrors(findings) ? 1 : 0
  }
}
