import LRSchedCore

/// What one interpretation of a statement file gives the commands (titles, the quoted
/// line, notes, Lightning's stepping), kept in the plan so the file runs once per settings.
public struct ScriptResult: Sendable {
  /// The optimizer the schedule drives (the file's, or `--optimizer`'s).
  public var optimizer: OptimizerConfig
  /// The file's optimizer as an optimizer spec; nil when it is `--optimizer`'s.
  public var optimizerText: String?
  /// The schedule as a resolved spec (origin `.file`).
  public var resolved: ResolvedSpec
  /// The user's own line that constructs the schedule, and its 1-based number.
  public var line: String
  public var lineNumber: Int
  /// Lines for stderr (see `ScriptOutcome.notes`).
  public var notes: [String]
  public var lightning: LightningStepping?
  /// The settings the file was interpreted with.
  var key: ScriptKey

  init(_ o: ScriptOutcome, key: ScriptKey) {
    optimizer = o.optimizer
    optimizerText = o.optimizerText
    resolved = o.resolved
    line = o.line
    lineNumber = o.lineNumber
    // A removed argument (`verbose=`) is a warning, as in a spec: ResolvedPlan.warnings.
    notes = o.notes.filter { !RemovedArguments.isRemovedNote($0) }
    resolved.warnings += o.notes.filter(RemovedArguments.isRemovedNote)
    lightning = o.lightning
    self.key = key
  }
}

/// The settings a statement file's interpretation depends on.
struct ScriptKey: Equatable, Sendable {
  var optimizer: OptimizerConfig
  var epochs: Int
  var stepsPerEpoch: Int
  var stepOn: StepOn
  var strict: Bool
  var loop: TrainingLoop?
  var legacyArguments: Bool
}

extension RunPlan {
  var scriptKey: ScriptKey {
    ScriptKey(optimizer: optimizer, epochs: epochs, stepsPerEpoch: stepsPerEpoch, stepOn: stepOn, strict: strict, loop: loop,
      legacyArguments: legacyArguments)
  }

  /// The statement file interpreted with this plan's settings: the kept result when the
  /// settings are the same, else a new run.
  func interpret(_ script: ScriptSource) throws(SpecError) -> ScriptResult {
    if let r = scriptResult, r.key == scriptKey { return r }
    return ScriptResult(try ScriptProgram.run(script, settings: scriptSettings), key: scriptKey)
  }

  /// Interprets `script` (once for these settings) and keeps the result.
  public mutating func interpretScript() throws(SpecError) -> ScriptResult? {
    guard let script else { return nil }
    let r = try interpret(script)
    scriptResult = r
    return r
  }

  /// Makes the kept result's optimizer the run's (the file's own when it constructs one).
  /// The result stays the one for the new settings: `--optimizer` reaches only the
  /// `optimizer` lrsched supplies, which such a file's schedule does not drive.
  public mutating func adoptScriptOptimizer() {
    guard var r = scriptResult, r.key == scriptKey else { return }
    optimizer = r.optimizer
    r.key.optimizer = r.optimizer
    scriptResult = r
  }

  /// Whether one positional SPEC is written as statements (`scheduler = CosineAnnealingLR(
  /// optimizer, T_max=100)`): yes with `-D`/`--name` (`forced`), or when the spec language
  /// can't read it but the statement interpreter can. When it is, `script` is set (and the
  /// file's result kept); otherwise the plan is unchanged (the spec language, with its own
  /// messages).
  public mutating func adoptStatementSpec(defines: [String], name: String?, forced: Bool) {
    guard script == nil, inputs.count == 1 else { return }
    let spec = inputs[0].text
    let source = ScriptSource(text: spec, path: "SPEC", defines: defines, name: name)
    if forced {
      script = source
      return
    }
    // Not one expression but statements Python's grammar reads: a statement SPEC (its own
    // errors, with the line and caret, are the ones to show).
    if (try? Parser.parse(spec)) == nil {
      if let statements = try? ScriptParser.parse(spec), !statements.isEmpty { script = source }
      return
    }
    do {
      _ = try makeRun()
      return
    } catch {
      if error.scheduleError != nil { return }
    }
    guard let r = try? interpret(source) else { return }
    script = source
    scriptResult = r
  }
}
