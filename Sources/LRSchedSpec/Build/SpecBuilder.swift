import LRSchedCore

/// Turns spec text into schedulers and runs.
public enum SpecBuilder {
  /// Builds one constructor call on `groups` (performing its construction side effects).
  public static func buildCall(
    _ node: Node, groups: inout [ParamGroup], context: BuildContext, evaluator: Evaluator
  ) throws(SpecError) -> BuiltScheduler {
    guard case .call(let f, let args, let keywords) = node.expr else {
      throw SpecError(
        "expected a scheduler call like CosineAnnealingLR(T_max=10)", source: evaluator.source, column: node.offset)
    }
    guard let name = f.dottedName else {
      throw SpecError("expected a scheduler class name", source: evaluator.source, column: f.offset)
    }
    let shortName = name.split(separator: ".").last.map(String.init) ?? name
    guard let cls = Registry.find(shortName) else {
      if let alias = Aliases.find(name) {
        let expanded = try alias.expand(node, context: context, evaluator: evaluator)
        let ev = Evaluator(source: expanded)
        return try buildCall(try Parser.parse(expanded), groups: &groups, context: context, evaluator: ev)
      }
      let names = Registry.all.map(\.name) + Aliases.all.map(\.name)
      let hint = Suggest.closest(to: shortName, in: names).map { "; did you mean '\($0)'?" } ?? ""
      throw SpecError(
        "unknown scheduler '\(name)'\(hint) (see 'lrsched list')", source: evaluator.source, column: f.offset)
    }
    var ctx = context
    var values: [String: Node] = [:]
    let positional = cls.params.map(\.name)
    guard args.count <= positional.count else {
      throw SpecError(
        "\(cls.name)() takes at most \(positional.count) positional arguments (\(positional.joined(separator: ", "))), got \(args.count)",
        source: evaluator.source, column: args[positional.count].offset)
    }
    for (i, a) in args.enumerated() { values[positional[i]] = a }
    for k in keywords {
      if k.name == "field" || k.name == "param_group_field" && !positional.contains("param_group_field") {
        let v = try evaluator.constant(k.value)
        guard case .string(let s) = v, let field = Field(name: s) else {
          throw SpecError(
            "field must be one of 'lr', 'momentum', 'beta1', 'weight_decay', got \(v.repr)",
            source: evaluator.source, column: k.value.offset)
        }
        ctx.field = field
        continue
      }
      guard positional.contains(k.name) else {
        let hint = Suggest.closest(to: k.name, in: positional).map { "; did you mean '\($0)'?" } ?? ""
        throw SpecError(
          "\(cls.name)() got an unexpected keyword argument '\(k.name)'\(hint) (parameters: \(positional.joined(separator: ", ")))",
          source: evaluator.source, column: k.offset)
      }
      if values[k.name] != nil {
        throw SpecError(
          "\(cls.name)() got multiple values for argument '\(k.name)'", source: evaluator.source, column: k.offset)
      }
      values[k.name] = k.value
    }
    let bound = Arguments(className: cls.name, call: node, values: values, evaluator: evaluator)
    if let le = bound.values["last_epoch"] {
      let v = try bound.int("last_epoch", -1)
      if v != -1 {
        throw SpecError(
          "last_epoch=\(v): resuming through last_epoch is not supported; use 'lrsched values --from-step'",
          source: evaluator.source, column: le.offset)
      }
    }
    if ctx.field != .lr && ctx.field == ctx.optimizer.momentumField.opposite {
      throw SpecError(
        "field '\(ctx.field.rawValue)' does not exist in \(ctx.optimizer.kind.rawValue) (use '\(ctx.optimizer.momentumField.rawValue)')",
        source: evaluator.source, column: node.offset)
    }
    return try cls.build(&groups, bound, ctx)
  }

  /// Parses and builds a top-level spec into a stepper wired into its library's loop.
  public static func buildStepper(
    _ spec: String, groups: inout [ParamGroup], context: BuildContext
  ) throws(SpecError) -> any Stepper {
    var trimmed = spec.trimmingSpaces()
    // Hyphenated aliases (`cosine-restarts`) are spelled with underscores for the parser.
    for alias in Aliases.all where alias.name.contains("-") && trimmed.hasPrefix(alias.name) {
      let rest = trimmed.dropFirst(alias.name.count)
      if rest.isEmpty || rest.first == "(" {
        trimmed = alias.name.replacingHyphens() + rest
      }
    }
    if !trimmed.contains("("), Aliases.find(trimmed) != nil || Registry.find(trimmed) != nil {
      trimmed += "()"
    }
    let node = try Parser.parse(trimmed)
    switch try buildCall(node, groups: &groups, context: context, evaluator: Evaluator(source: trimmed)) {
    case .torch(let s): return torchLoopStepper(s, stepOn: context.stepOn)
    case .stepper(let s): return s
    }
  }

  /// The fields a set of specs makes a run record: the optimizer's (lr, momentum or beta1)
  /// plus any `field=` a spec drives.
  public static func recordedFields(specs: [String], optimizer: OptimizerConfig) -> [Field] {
    var fields = optimizer.recordedFields
    for s in specs {
      for f in Field.allCases where !fields.contains(f) {
        if s.contains("field='\(f.rawValue)'") || s.contains("field=\"\(f.rawValue)\"") { fields.append(f) }
      }
    }
    return fields
  }
}

/// A full run request: what `lrsched values`, `plot` and `verify` build.
public struct RunPlan: Sendable {
  public var specs: [String]
  public var optimizer: OptimizerConfig
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  public var metrics: [Double]?
  public var strict: Bool
  /// What `file('path')` in the specs reads through (nil: `file()` is unavailable).
  public var fileReader: SpecIO.FileReader?
  /// A statement file (docs/python.md): when set, the schedule comes from it and `specs`
  /// holds the user's line that constructs it (for titles and findings).
  public var script: ScriptSource?

  public init(
    specs: [String], optimizer: OptimizerConfig = .defaultSGD, epochs: Int = 15, stepsPerEpoch: Int = 391,
    stepOn: StepOn = .batch, metrics: [Double]? = nil, strict: Bool = true
  ) {
    self.specs = specs
    self.optimizer = optimizer
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.stepOn = stepOn
    self.metrics = metrics
    self.strict = strict
  }

  /// Builds every spec on one optimizer, in order, and returns the streaming run.
  /// Throws a `SpecError` (with `scheduleError` set when a constructor raised).
  public func makeRun() throws(SpecError) -> ScheduleRun {
    if let script {
      let outcome = try ScriptProgram.run(script, settings: scriptSettings)
      return ScheduleRun(
        groups: outcome.groups, steppers: [outcome.stepper], epochs: epochs, stepsPerEpoch: stepsPerEpoch,
        metrics: metrics)
    }
    var groups = optimizer.groups
    var steppers: [any Stepper] = []
    var ctx = BuildContext(
      optimizer: optimizer, epochs: epochs, stepsPerEpoch: stepsPerEpoch, stepOn: stepOn, strict: strict)
    ctx.fileReader = fileReader
    for spec in specs {
      steppers.append(try SpecBuilder.buildStepper(spec, groups: &groups, context: ctx))
    }
    return ScheduleRun(
      groups: groups, steppers: steppers, epochs: epochs, stepsPerEpoch: stepsPerEpoch, metrics: metrics)
  }

  /// The fields the run records.
  public var fields: [Field] {
    if script != nil, let outcome = try? ScriptProgram.run(script!, settings: scriptSettings) { return outcome.fields }
    return SpecBuilder.recordedFields(specs: specs, optimizer: optimizer)
  }

  /// What a statement file's constructions read: this plan's optimizer and run shape.
  public var scriptSettings: ScriptSettings {
    var s = ScriptSettings(optimizer: optimizer, epochs: epochs, stepsPerEpoch: stepsPerEpoch, stepOn: stepOn, strict: strict)
    s.fileReader = fileReader
    return s
  }
}

extension Field {
  /// momentum ↔ beta1: the momentum-like field the *other* optimizer family uses.
  var opposite: Field {
    switch self {
    case .momentum: return .beta1
    case .beta1: return .momentum
    default: return self
    }
  }
}

extension String {
  func replacingHyphens() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
