import LRSchedCore

/// A statement file as a run request reads it: its text, where it came from, the names
/// given from outside (`-D NAME=VALUE`) and the variable that holds the schedule (`--name`).
public struct ScriptSource: Sendable, Equatable {
  public var text: String
  /// For messages: the file's path, `<stdin>`, or `SPEC`.
  public var path: String
  /// `-D` definitions in order, each `NAME=VALUE` with VALUE a Python literal.
  public var defines: [String]
  public var name: String?

  public init(text: String, path: String, defines: [String] = [], name: String? = nil) {
    self.text = text
    self.path = path
    self.defines = defines
    self.name = name
  }
}

/// What a construction reads besides the file: the run's shape and `--optimizer`.
public struct ScriptSettings: Sendable {
  public var optimizer: OptimizerConfig
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  public var strict: Bool
  public var fileReader: SpecIO.FileReader?
  /// Operations the interpreter may spend (statements, expressions, loop iterations).
  public var maxWork = 5_000_000
  /// The framework loop that steps the schedule (nil: the plain loop of `stepOn`).
  public var loop: TrainingLoop?

  public init(optimizer: OptimizerConfig, epochs: Int, stepsPerEpoch: Int, stepOn: StepOn, strict: Bool = true) {
    self.optimizer = optimizer
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.stepOn = stepOn
    self.strict = strict
  }
}

/// How Lightning steps the scheduler `configure_optimizers` returned.
public struct LightningStepping: Sendable, Equatable {
  /// `'step'` (every optimizer step) or `'epoch'`.
  public var interval: String
  public var frequency: Int
}

/// The result of interpreting a statement file.
public struct ScriptOutcome {
  /// The optimizer the schedule drives, as constructed (before any scheduler).
  public var optimizer: OptimizerConfig
  /// It as an optimizer spec (`AdamW([{'lr': 0.0003}, {}], lr=0.001)`) when the file
  /// constructs it; nil when it is `--optimizer`'s.
  public var optimizerText: String?
  /// Its groups after every construction in the file.
  public var groups: [ParamGroup]
  /// The schedule, wired into its library's loop.
  public var stepper: any Stepper
  /// The schedule as a resolved spec (origin `.file`), for every command that reads one.
  public var resolved: ResolvedSpec
  /// The user's own line (or lines) that construct the schedule.
  public var line: String
  /// Its 1-based line number in the file.
  public var lineNumber: Int
  /// Lines for stderr: names supplied by lrsched, old code mapped to new.
  public var notes: [String]
  public var lightning: LightningStepping?
  /// The fields the run records.
  public var fields: [Field]
}

/// Interprets statement files (docs/python.md): parses, runs the subset, picks the
/// schedule — the last scheduler constructed that no other consumes, Lightning's
/// `configure_optimizers` return, or `--name VAR`.
public enum ScriptProgram {
  public static func run(_ source: ScriptSource, settings: ScriptSettings) throws(SpecError) -> ScriptOutcome {
    let statements = try ScriptParser.parse(source.text)
    let defines = try parseDefines(source.defines)
    let interp = ScriptInterpreter(source: source.text, defines: defines, settings: settings)
    defer {
      // From here on only the schedule calls the file's functions; the construction records
      // (which hold those functions) would keep the interpreter alive in a cycle.
      interp.recording = false
      interp.built.schedulers = []
      interp.schedulers = []
    }
    do throws(ScriptFailure) {
      try interp.run(statements)
      try interp.callConfigureOptimizers()
      let name = try interp.callEntryFunction(name: source.name)
      let (index, lightning) = try interp.chosenScheduler(name: name)
      let record = interp.schedulers[index]
      let opt = interp.optimizers[record.optimizer]
      let stepOn = lightning.map { $0.interval == "epoch" ? StepOn.epoch : .batch } ?? settings.stepOn
      let b = record.binding
      let line = ScriptText.statement(at: record.offset, in: source.text)
      var groups = interp.optimizers[record.optimizer].groups
      let stepper: any Stepper
      do throws(SpecError) {
        switch interp.built.schedulers[index] {
        case .torch(let s):
          if let loop = settings.loop {
            stepper = try SpecBuilder.loopStepper(s, loop: loop, groups: &groups, source: line)
          } else {
            stepper = torchLoopStepper(s, stepOn: stepOn)
          }
        case .stepper(let s):
          if settings.loop != nil { throw SpecBuilder.loopRefusal(b.cls.name, library: b.cls.library, source: line) }
          stepper = s
        case nil: throw interp.unsupported("this scheduler is part of another one", record.offset).specError
        }
      } catch {
        throw .spec(error)
      }
      let lineNumber = ScriptText.line(of: record.offset, in: source.text)
      let resolved = ResolvedSpec(
        index: 0, text: line, call: line, name: b.cls.name, className: b.cls.name, library: b.cls.library,
        origin: .file(path: source.path, line: lineNumber), field: b.context.field,
        namedFields: record.field == .lr ? [] : [record.field],
        stepping: b.cls.library == .timm ? .timmTrainLoop : .every(stepOn), arguments: b.arguments, cls: b.cls,
        context: b.context)
      var fields = opt.config.recordedFields
      if !fields.contains(record.field) { fields.append(record.field) }

      return ScriptOutcome(
        optimizer: opt.config, optimizerText: opt.text, groups: groups, stepper: stepper, resolved: resolved,
        line: line, lineNumber: lineNumber, notes: interp.notes, lightning: lightning, fields: fields)
    } catch {
      switch error {
      case .spec(let e): throw e
      case .loop(let offset):
        throw SpecError("a function lrsched calls steps the scheduler or optimizer; lrsched runs the loop itself", source: source.text, column: offset)
      case .raised(let type, let message, let offset):
        var e = SpecError("\(type): \(message)", source: source.text, column: offset, scheduleError: ScheduleError(type, message))
        e.raisedByFile = true
        throw e
      }
    }
  }

  /// `-D NAME=VALUE`: NAME a dotted name, VALUE a Python literal.
  static func parseDefines(_ defines: [String]) throws(SpecError) -> [String: SValue] {
    var out: [String: SValue] = [:]
    for d in defines {
      guard let eq = d.firstIndex(of: "=") else {
        throw SpecError("-D expects NAME=VALUE, got '\(d)'", source: d, column: 0)
      }
      let name = String(d[..<eq]).trimmingSpaces()
      let valueText = String(d[d.index(after: eq)...])
      let parts = name.split(separator: ".", omittingEmptySubsequences: false)
      guard !parts.isEmpty, parts.allSatisfy({ p in
        p.first.map { $0.isLetter || $0 == "_" } == true && p.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
      }) else {
        throw SpecError("-D: '\(name)' is not a name (a dotted name like args.lr is)", source: d, column: 0)
      }
      let statements: [Statement]
      do {
        statements = try ScriptParser.parse(valueText)
      } catch {
        throw SpecError("-D \(name)=…: " + error.message, source: error.source, column: error.column)
      }
      guard statements.count == 1, case .expr(let node) = statements[0].stmt, isLiteral(node) else {
        throw SpecError(
          "-D \(name)=…: the value must be a Python literal (a number, string, True/False/None, list, tuple or dict)",
          source: valueText, column: 0)
      }
      let interp = ScriptInterpreter(source: valueText, defines: [:], settings: ScriptSettings(optimizer: .defaultSGD, epochs: 1, stepsPerEpoch: 1, stepOn: .batch))
      do {
        out[name] = try interp.eval(node, interp.globals)
      } catch {
        throw SpecError("-D \(name)=…: not a literal value", source: valueText, column: 0)
      }
    }
    return out
  }

  static func isLiteral(_ n: Node) -> Bool {
    switch n.expr {
    case .int, .float, .string, .bool, .none: return true
    case .unary(_, let a): return isLiteral(a)
    case .list(let items), .tuple(let items): return items.allSatisfy(isLiteral)
    case .dict(let items): return items.allSatisfy { isLiteral($0.0) && isLiteral($0.1) }
    default: return false
    }
  }
}

extension ScriptInterpreter {
  /// Lightning: a `configure_optimizers` the file defines but never calls is called (with
  /// `self` from outside) and its return value read.
  func callConfigureOptimizers() throws(ScriptFailure) {
    guard case .function(let f)? = globals.vars["configure_optimizers"] else { return }
    let args: [SValue] = f.params.first.map { _ in [.opaque("self")] } ?? []
    lightningReturn = try call(f, args, [], at: f.offset)
  }

  /// A file that only defines functions (`def get_scheduler(optimizer, args): …`): the
  /// last one (or `--name FUNC`) is called. Each parameter without a default gets its
  /// `-D` value or a value from outside named by the parameter (`args.lr` then reads
  /// `-D args.lr=…`; an `optimizer` is the optimizer). Returns the `--name` left to
  /// resolve as a variable.
  func callEntryFunction(name: String?) throws(ScriptFailure) -> String? {
    var fname: String?
    if let name, case .function? = globals.vars[name] {
      fname = name
    } else if name == nil, schedulers.isEmpty, lightningReturn == nil {
      fname = topLevelDefs.last
    }
    guard let fname, case .function(let f)? = globals.vars[fname] else { return name }
    var args: [SValue] = []
    for p in f.params where p.defaultValue == nil && p.star == 0 {
      args.append(defines[p.name] ?? .opaque(p.name))
    }
    let before = schedulers.count
    let result = try call(f, args, [], at: f.offset)
    if case .function = result, name == nil {
      throw unsupported("\(fname)() returns a function; give the scheduler's variable with --name", f.offset)
    }
    guard schedulers.count > before else {
      throw unsupported("the file constructs no scheduler (its function \(fname)() constructs none either; --name FUNC calls another)", f.offset)
    }
    note("called \(fname)(" + f.params.filter { $0.defaultValue == nil && $0.star == 0 }.map(\.name).joined(separator: ", ") + "): the file's scheduler is constructed there")
    if let r = try lightningScheduler(result) { lightningReturn = nil; entryChoice = r.0 }
    return nil
  }

  /// The schedule's scheduler and, for a Lightning return, its stepping.
  func chosenScheduler(name: String?) throws(ScriptFailure) -> (Int, LightningStepping?) {
    if let name {
      guard let v = globals.vars[name] else {
        throw unsupported("--name \(name): the file defines no variable '\(name)'", 0)
      }
      if case .scheduler(let i) = v { return (i, nil) }
      if let (i, l) = try lightningScheduler(v) { return (i, l) }
      throw unsupported("--name \(name): '\(name)' is a \(v.typeName), not a scheduler", 0)
    }
    if let r = lightningReturn, let (i, l) = try lightningScheduler(r) { return (i, l) }
    if let i = entryChoice, !schedulers[i].consumed { return (i, nil) }
    guard let i = schedulers.indices.last(where: { !schedulers[$0].consumed }) else {
      let classes = fileClasses.isEmpty ? "" : " (the methods of class \(fileClasses.joined(separator: ", ")) other than configure_optimizers are not run)"
      throw unsupported("the file constructs no scheduler\(classes)", max(0, source.count - 1))
    }
    return (i, nil)
  }

  /// `{'optimizer': o, 'lr_scheduler': s or {'scheduler': s, 'interval': …, 'frequency': n}}`,
  /// `([o], [s])`, or a bare scheduler dict.
  func lightningScheduler(_ v: SValue) throws(ScriptFailure) -> (Int, LightningStepping?)? {
    switch v {
    case .scheduler(let i): return (i, LightningStepping(interval: "epoch", frequency: 1))
    case .dict(let d):
      if let s = d["lr_scheduler"] { return try lightningScheduler(s) }
      guard case .scheduler(let i)? = d["scheduler"] else { return nil }
      var interval = "epoch"
      if let iv = d["interval"] {
        guard case .str(let s) = iv, s == "step" || s == "epoch" else {
          throw unsupported("Lightning's 'interval' must be 'step' or 'epoch', got \(iv.repr)", 0)
        }
        interval = s
      }
      var frequency = 1
      if let fv = d["frequency"] {
        guard case .int(let n) = fv, n >= 1 else { throw unsupported("Lightning's 'frequency' must be a positive int, got \(fv.repr)", 0) }
        frequency = n
      }
      return (i, LightningStepping(interval: interval, frequency: frequency))
    case .tuple(let items): return try lightningPair(items)
    case .list(let l): return try lightningPair(l.items)
    default: return nil
    }
  }

  /// `([optimizer], [scheduler])`.
  func lightningPair(_ items: [SValue]) throws(ScriptFailure) -> (Int, LightningStepping?)? {
    guard items.count == 2 else { return nil }
    let scheds = (try? iterate(items[1], at: 0, loop: false)) ?? []
    guard let first = scheds.first else { return nil }
    return try lightningScheduler(first)
  }
}

extension ScriptFailure {
  /// The spec error of a `.spec` failure (others don't occur where this is used).
  var specError: SpecError {
    switch self {
    case .spec(let e): return e
    case .raised(let type, let message, _): return SpecError("\(type): \(message)", source: "", column: 0)
    case .loop: return SpecError("the file's own loop", source: "", column: 0)
    }
  }
}
