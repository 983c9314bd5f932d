import LRSchedCore
import LRSchedSpec

/// `-f FILE`, `-D NAME=VALUE`, `--name VAR`: a schedule read from Python statements
/// (docs/python.md), and how its messages reach the user.
enum ScriptOptions {
  /// The statement file of `-f` (nil without it). `-f -` reads stdin.
  static func source(_ a: ParsedArguments, io: CommandIO?) throws(CLIError) -> ScriptSource? {
    guard let path = a.value("--file") else {
      if a.has("--name") && a.positionals.count != 1 {
        throw .usage("--name picks a variable of a statement file (-f FILE or one SPEC)", command: a.command)
      }
      return nil
    }
    let text: String
    if path == "-" {
      text = io?.readStdin() ?? ""
    } else {
      text = try FileIO.readText(path, limit: 4 << 20)
    }
    return ScriptSource(text: text, path: path == "-" ? "<stdin>" : path, defines: a.all("--define"), name: a.value("--name"))
  }

  /// Runs the file (once: the plan keeps the result): its optimizer replaces `--optimizer`, its line titles the run,
  /// a Lightning return sets the stepping; notes go to stderr.
  static func prepare(
    _ plan: inout RunPlan, _ a: ParsedArguments, stepOnGiven: Bool, loopGiven: Bool, io: CommandIO?
  ) throws(CLIError) {
    guard let script = plan.script else { return }
    let outcome: ScriptResult
    do {
      guard let r = try plan.interpretScript() else { return }
      outcome = r
    } catch {
      throw Self.error(error, script)
    }
    var notes = outcome.notes
    if outcome.optimizer != plan.optimizer, a.has("--optimizer") {
      notes.append("the file constructs its optimizer; --optimizer is not used")
    }
    plan.adoptScriptOptimizer()
    plan.inputs = [SpecInput(outcome.line, origin: outcome.resolved.origin)]
    if let l = outcome.lightning, !loopGiven, !stepOnGiven {
      // Lightning's loop, as the returned lr_scheduler config says (--loop lightning
      // --interval --frequency given by hand win).
      let loop = TrainingLoop(
        framework: .lightning, batchesPerEpoch: plan.stepsPerEpoch, epochs: plan.epochs,
        interval: LightningInterval(rawValue: l.interval) ?? .epoch, frequency: l.frequency)
      plan.setLoop(loop)
      notes.append("Lightning lr_scheduler config: --loop lightning --interval \(l.interval) --frequency \(l.frequency)")
    }
    for n in notes where io?.notesShown.insert(n).inserted == true { io?.err.line("note: " + n) }
  }

  /// A message with the file's name and line; exit 1 when the file itself raised.
  static func error(_ e: SpecError, _ script: ScriptSource) -> CLIError {
    let multiLine = script.text.contains("\n") && e.source == script.text
    let prefix = multiLine ? "\(script.path):\(e.line): " : (script.path == "SPEC" ? "" : "\(script.path): ")
    if e.raisedByFile { return CLIError(kind: .failure, message: prefix + e.message, detail: e.caretLines, command: nil) }
    return .input(prefix + e.message, detail: e.caretLines)
  }
}
