import LRSchedCore

/// Turns spec text into resolved specs, schedulers and runs.
public enum SpecBuilder {
  /// A constructor call bound to its class: the arguments by parameter name and the context
  /// with the field it drives.
  struct Binding {
    var cls: SchedulerClass
    var arguments: Arguments
    var context: BuildContext
  }

  /// Builds one constructor call on `groups` (performing its construction side effects).
  /// Nested schedulers (`SequentialLR(schedulers=[...])`) come through here.
  public static func buildCall(
    _ node: Node, groups: inout [ParamGroup], context: BuildContext, evaluator: Evaluator
  ) throws(SpecError) -> BuiltScheduler {
    if let expanded = try expandAlias(node, context: context, evaluator: evaluator) {
      let ev = Evaluator(source: expanded.source)
      return try buildCall(expanded.node, groups: &groups, context: context, evaluator: ev)
    }
    if let factory = try expandFactory(node, evaluator: evaluator) {
      return try buildCall(factory.node, groups: &groups, context: context, evaluator: Evaluator(source: factory.source))
    }
    let b = try bind(node, context: context, evaluator: evaluator)
    return try b.cls.build(&groups, b.arguments, b.context)
  }

  /// timm's `create_scheduler_v2(optimizer, sched=…, …)` resolved to the class call it makes
  /// (nil: not that call).
  static func expandFactory(_ node: Node, evaluator: Evaluator) throws(SpecError) -> (source: String, node: Node)? {
    guard try calledName(node, evaluator: evaluator).short == TimmFactoryCall.name else { return nil }
    let source = try TimmFactoryCall.resolve(node, evaluator: evaluator)
    return (source, try Parser.parse(source))
  }

  /// The class name a call names, without a module prefix.
  static func calledName(_ node: Node, evaluator: Evaluator) throws(SpecError) -> (name: String, short: String, f: Node) {
    guard case .call(let f, _, _) = node.expr else {
      throw SpecError(
        "expected a scheduler call like CosineAnnealingLR(T_max=10)", source: evaluator.source, column: node.offset)
    }
    guard let name = f.dottedName else {
      throw SpecError("expected a scheduler class name", source: evaluator.source, column: f.offset)
    }
    return (name, name.split(separator: ".").last.map(String.init) ?? name, f)
  }

  /// An alias call expanded to its constructor call (nil: not an alias).
  static func expandAlias(
    _ node: Node, context: BuildContext, evaluator: Evaluator
  ) throws(SpecError) -> (alias: Alias, source: String, node: Node)? {
    let (name, shortName, _) = try calledName(node, evaluator: evaluator)
    guard Registry.find(shortName) == nil, let alias = Aliases.find(name) else { return nil }
    let expanded = try alias.expand(node, context: context, evaluator: evaluator)
    return (alias, expanded, try Parser.parse(expanded))
  }

  /// Binds a constructor call to its class's parameters and checks what can be checked
  /// without building: unknown class or keyword, `last_epoch`, `field=`.
  static func bind(_ node: Node, context: BuildContext, evaluator: Evaluator) throws(SpecError) -> Binding {
    let (name, shortName, f) = try calledName(node, evaluator: evaluator)
    guard case .call(_, let args, let keywords) = node.expr, let cls = Registry.find(shortName) else {
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
      if ctx.legacyArguments, RemovedArguments.removedNote(cls, k.name) != nil, !positional.contains(k.name) {
        continue  // value-neutral and removed: ResolvedSpec.warnings says so
      }
      if let (new, note) = RemovedArguments.renamed(cls, k.name), !positional.contains(k.name) {
        throw SpecError(
          "\(cls.name)() got an unexpected keyword argument '\(k.name)'; \(note): write \(new)=",
          source: evaluator.source, column: k.offset)
      }
      // transformers' functions are plain Python functions: binding errors are their TypeErrors.
      let pyError = cls.library == .transformers ? "TypeError" : nil
      guard positional.contains(k.name) else {
        let hint = Suggest.closest(to: k.name, in: positional).map { "; did you mean '\($0)'?" } ?? ""
        let text = "\(cls.name)() got an unexpected keyword argument '\(k.name)'"
        throw SpecError(
          text + "\(hint) (parameters: \(positional.joined(separator: ", ")))",
          source: evaluator.source, column: k.offset, scheduleError: pyError.map { ScheduleError($0, text) })
      }
      if values[k.name] != nil {
        let text = "\(cls.name)() got multiple values for argument '\(k.name)'"
        throw SpecError(
          text, source: evaluator.source, column: k.offset, scheduleError: pyError.map { ScheduleError($0, text) })
      }
      values[k.name] = k.value
    }
    let bound = Arguments(className: cls.name, call: node, values: values, evaluator: evaluator)
    if ctx.strict { try StrictChecks.finiteArguments(bound) }
    // transformers' functions check last_epoch where LambdaLR does (TransformersClasses.swift).
    if cls.library != .transformers, let le = bound.values["last_epoch"] {
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
    return Binding(cls: cls, arguments: bound, context: ctx)
  }

  /// Resolves a top-level spec: parses it (a bare or hyphenated alias name is accepted),
  /// expands an alias, binds the call. Nothing is built.
  public static func resolve(_ input: SpecInput, index: Int = 0, context: BuildContext) throws(SpecError) -> ResolvedSpec {
    var trimmed = input.text.trimmingSpaces()
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
    var node = try Parser.parse(trimmed)
    let warnings = RemovedArguments.warnings(in: node)
    var evaluator = Evaluator(source: trimmed)
    var origin = input.origin ?? .classCall
    var name = try calledName(node, evaluator: evaluator).name
    if let expanded = try expandAlias(node, context: context, evaluator: evaluator) {
      node = expanded.node
      evaluator = Evaluator(source: expanded.source)
      name = expanded.alias.name
      if input.origin == nil { origin = .alias(expanded.alias.name) }
    }
    if let factory = try expandFactory(node, evaluator: evaluator) {
      node = factory.node
      evaluator = Evaluator(source: factory.source)
    }
    let b = try bind(node, context: context, evaluator: evaluator)
    return ResolvedSpec(
      index: index, text: input.text, call: evaluator.source, name: name, className: b.cls.name, library: b.cls.library,
      origin: origin, field: b.context.field, namedFields: namedFields(node),
      stepping: b.cls.library == .timm ? .timmTrainLoop : .every(context.stepOn),
      arguments: b.arguments, warnings: warnings, cls: b.cls, context: b.context)
  }

  /// Parses and builds a top-level spec into a stepper wired into its library's loop.
  public static func buildStepper(
    _ spec: String, groups: inout [ParamGroup], context: BuildContext
  ) throws(SpecError) -> any Stepper {
    try resolve(SpecInput(spec), context: context).build(&groups)
  }

  /// The fields `field=` / `param_group_field=` arguments name in a call and its nested calls.
  static func namedFields(_ node: Node) -> [Field] {
    var out: [Field] = []
    func visit(_ n: Node) {
      switch n.expr {
      case .call(let f, let args, let keywords):
        visit(f)
        args.forEach(visit)
        for k in keywords {
          if k.name == "field" || k.name == "param_group_field", case .string(let s) = k.value.expr,
            let field = Field(name: s), !out.contains(field)
          {
            out.append(field)
          }
          visit(k.value)
        }
      case .list(let items), .tuple(let items): items.forEach(visit)
      default: break
      }
    }
    visit(node)
    return out
  }
}

extension Field {
  /// momentum ↔ beta1: the momentum-like field the *other* optimizer family uses.
  public var opposite: Field {
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
