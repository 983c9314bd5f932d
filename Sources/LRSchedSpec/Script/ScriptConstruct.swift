import LRSchedCore

/// An optimizer the file constructed (or `--optimizer`'s), with its groups as the
/// constructions so far left them.
struct ScriptOptimizer {
  var config: OptimizerConfig
  var groups: [ParamGroup]
  /// Where the file constructs it (nil: `--optimizer`).
  var offset: Int?
  /// As an optimizer spec (`AdamW(lr=0.001)`), for titles; nil for `--optimizer`'s.
  var text: String? = nil
}

/// A scheduler the file constructed: what lint and titles read, and the scheduler.
struct ScriptScheduler {
  var className: String
  var offset: Int
  var optimizer: Int
  var args: [String: PyValue]
  var field: Field
  var consumed = false
  /// The call as the spec builder bound it (class, arguments, context).
  var binding: SpecBuilder.Binding
  /// The call with the file's values (literals, functions, earlier schedulers).
  var call: Node
}

/// Calls: functions, builtins, methods, and the constructions of optimizers and
/// schedulers, which go through `OptimizerSpec` and `SpecBuilder` with the values the
/// file computed.
extension ScriptInterpreter {
  func callExpression(_ f: Node, _ argNodes: [Node], _ kwNodes: [Keyword], _ scope: Scope, at offset: Int) throws(ScriptFailure) -> SValue {
    if f.dottedName == "print" { return .none }
    let callee = try eval(f, scope)
    switch callee {
    case .opaque(let name): return .opaque(name + "()")
    case .module(let m):
      if m == "math" || m == "numpy" { throw raise("TypeError", "'module' object is not callable", offset) }
      // `torch.optim.lr_scheduler.NoSuchLR(…)`: a class of a scheduler module lrsched doesn't model.
      let last = String(m.split(separator: ".").last ?? "")
      if ScriptNames.schedulerModules.contains(where: { m.hasPrefix($0 + ".") }), last.first?.isUppercase == true {
        let names = Registry.all.map(\.name) + ScriptNames.optimizerNames.sorted()
        let hint = Suggest.closest(to: last, in: names).map { "; did you mean '\($0)'?" } ?? ""
        throw unsupported("'\(last)' is not a scheduler lrsched models\(hint) (see 'lrsched list')", offset)
      }
      return .opaque(m + "()")
    case .cls(let name) where ScriptNames.optimizerNames.contains(name):
      return try constructOptimizer(name, argNodes, kwNodes, scope, at: offset)
    default: break
    }
    var args: [SValue] = []
    var offsets: [Int] = []
    for a in argNodes {
      if case .starred(let inner) = a.expr {
        for v in try iterate(try eval(inner, scope), at: a.offset, loop: false) {
          args.append(v)
          offsets.append(a.offset)
        }
      } else {
        args.append(try eval(a, scope))
        offsets.append(a.offset)
      }
    }
    var kws: [(String, SValue)] = []
    for k in kwNodes { kws.append((k.name, try eval(k.value, scope))) }
    if case .cls(let name) = callee {
      return try constructScheduler(name, args, offsets, kws, kwNodes.map(\.value.offset), at: offset)
    }
    return try callValue(callee, args, kws, at: offset)
  }

  func callValue(_ callee: SValue, _ args: [SValue], _ kws: [(String, SValue)], at offset: Int) throws(ScriptFailure) -> SValue {
    switch callee {
    case .function(let fn): return try call(fn, args, kws, at: offset)
    case .builtin(let name): return try builtin(name, args, kws, at: offset)
    case .method(let recv, let name): return try method(recv, name, args, kws, at: offset)
    case .opaque(let name): return .opaque(name + "()")
    case .partial(let f, let bound, let boundKws):
      // Python's partial: bound positionals first, call keywords override bound ones.
      var merged = boundKws.filter { b in !kws.contains { $0.0 == b.0 } }
      merged += kws
      return try callValue(f, bound + args, merged, at: offset)
    case .cls(let name):
      return try constructScheduler(name, args, args.map { _ in offset }, kws, kws.map { _ in offset }, at: offset)
    default: throw raise("TypeError", "'\(callee.typeName)' object is not callable", offset)
    }
  }

  // MARK: - Optimizers

  /// `torch.optim.SGD(model.parameters(), lr=…)`: only the number of groups and their
  /// hyperparameters matter; every `'params'` value is parsed and ignored.
  func constructOptimizer(_ name: String, _ argNodes: [Node], _ kwNodes: [Keyword], _ scope: Scope, at offset: Int) throws(ScriptFailure) -> SValue {
    var groupDicts: [[(String, SValue)]]?
    let paramsNode = argNodes.first ?? kwNodes.first { $0.name == "params" }?.value
    // torch's signatures: the hyperparameters after `params` may be positional.
    let positional: [String]? = OptimizerKind(rawValue: name).flatMap { OptimizerSpec.params[$0] }.map { Array($0.drop { $0 == "params" }) }
    var kwNodes = kwNodes
    for (i, a) in argNodes.dropFirst().enumerated() {
      guard let names = positional, i < names.count else {
        throw unsupported("give \(name)()'s hyperparameters as keywords (lr=…)", a.offset)
      }
      if kwNodes.contains(where: { $0.name == names[i] }) {
        throw raise("TypeError", "\(name).__init__() got multiple values for argument '\(names[i])'", a.offset)
      }
      kwNodes.append(Keyword(name: names[i], offset: a.offset, value: a))
    }
    if let p = paramsNode {
      if case .list(let items) = p.expr, items.allSatisfy({ if case .dict = $0.expr { return true } else { return false } }), !items.isEmpty {
        var groups: [[(String, SValue)]] = []
        for item in items {
          guard case .dict(let pairs) = item.expr else { continue }
          var g: [(String, SValue)] = []
          for (k, v) in pairs {
            guard case .string(let key) = k.expr else { throw unsupported("param group keys must be strings", k.offset) }
            if key == "params" { continue }
            g.append((key, try eval(v, scope)))
          }
          groups.append(g)
        }
        groupDicts = groups
      } else if case .name = p.expr, case .list(let l)? = try? eval(p, scope), !l.items.isEmpty,
        l.items.allSatisfy({ if case .dict = $0 { return true } else { return false } })
      {
        groupDicts = l.items.map { v in
          guard case .dict(let d) = v else { return [] }
          return zip(d.keys, d.values).compactMap { k, v in
            guard case .str(let key) = k, key != "params" else { return nil }
            return (key, v)
          }
        }
      }
    }
    var kws: [(String, SValue, Int)] = []
    for k in kwNodes where k.name != "params" { kws.append((k.name, try eval(k.value, scope), k.value.offset)) }
    func literal(_ v: SValue, _ at: Int) throws(ScriptFailure) -> String {
      if case .opaque(let n) = v { throw undefined(n, at) }
      guard let p = v.pyValue else { throw unsupported("\(name)(): a \(v.typeName) is not a hyperparameter value", at) }
      return p.repr
    }
    var text = name + "("
    if let groupDicts {
      var parts: [String] = []
      for g in groupDicts {
        var items: [String] = []
        let keys = OptimizerKind(rawValue: name).map(OptimizerSpec.groupKeys) ?? []
        for (k, v) in g where keys.contains(k) && k != "params" {
          items.append("'\(k)': " + (try literal(v, offset)))
        }
        parts.append("{" + items.joined(separator: ", ") + "}")
      }
      text += "[" + parts.joined(separator: ", ") + "]" + (kws.isEmpty ? "" : ", ")
    }
    var kwTexts: [String] = []
    for (k, v, at) in kws { kwTexts.append(k + "=" + (try literal(v, at))) }
    text += kwTexts.joined(separator: ", ") + ")"
    let config: OptimizerConfig
    do {
      config = try OptimizerSpec.parse(text)
    } catch {
      throw unsupported(error.message, offset)
    }
    optimizers.append(ScriptOptimizer(config: config, groups: config.groups, offset: offset, text: text))
    return .optimizer(optimizers.count - 1)
  }

  /// The optimizer a scheduler without one in the file attaches to: the file's last, or
  /// `--optimizer`'s.
  func currentOptimizer() -> Int {
    if !optimizers.isEmpty { return optimizers.count - 1 }
    optimizers.append(ScriptOptimizer(config: settings.optimizer, groups: settings.optimizer.groups, offset: nil))
    return 0
  }

  // MARK: - Schedulers

  func constructScheduler(
    _ name: String, _ args: [SValue], _ offsets: [Int], _ kws: [(String, SValue)], _ kwOffsets: [Int], at offset: Int
  ) throws(ScriptFailure) -> SValue {
    guard let cls = Registry.find(name) else {
      throw unsupported("'\(name)' is not a scheduler lrsched models (see 'lrsched list')", offset)
    }
    var args = args, offsets = offsets, kws = kws, kwOffsets = kwOffsets
    var optimizer: Int?
    func optimizerIndex(_ v: SValue) -> Int? {
      switch v {
      case .optimizer(let i): return i
      case .opaque: return currentOptimizer()
      default: return nil
      }
    }
    if name != "ChainedScheduler", let first = args.first, let i = optimizerIndex(first) {
      optimizer = i
      args.removeFirst()
      offsets.removeFirst()
    }
    if let k = kws.firstIndex(where: { $0.0 == "optimizer" }) {
      guard let i = optimizerIndex(kws[k].1) else { throw unsupported("\(name)(): optimizer= must be the optimizer", kwOffsets[k]) }
      if optimizer != nil { throw raise("TypeError", "\(name)() got multiple values for argument 'optimizer'", kwOffsets[k]) }
      optimizer = i
      kws.remove(at: k)
      kwOffsets.remove(at: k)
    }
    let opt = optimizer ?? currentOptimizer()
    var argNodes: [Node] = []
    for (v, at) in zip(args, offsets) { argNodes.append(try node(v, at)) }
    var keywords: [Keyword] = []
    for ((k, v), at) in zip(kws, kwOffsets) { keywords.append(Keyword(name: k, offset: at, value: try node(v, at))) }
    let call = Node(.call(Node(.name(name), at: offset), args: argNodes, keywords: keywords), at: offset)
    var ctx = BuildContext(
      optimizer: optimizers[opt].config, epochs: settings.epochs, stepsPerEpoch: settings.stepsPerEpoch,
      stepOn: settings.stepOn, strict: settings.strict)
    ctx.fileReader = settings.fileReader
    ctx.built = built
    ctx.loop = settings.loop
    let scheduler: BuiltScheduler
    let binding: SpecBuilder.Binding
    do {
      binding = try SpecBuilder.bind(call, context: ctx, evaluator: Evaluator(source: source))
      for (k, _) in kws { if let n = RemovedArguments.removedNote(binding.cls, k) { note(n) } }
      scheduler = try binding.cls.build(&optimizers[opt].groups, binding.arguments, binding.context)
    } catch {
      if let e = pendingSpecError { throw .spec(e) }
      throw .spec(error)
    }
    built.schedulers.append(scheduler)
    var summary: [String: PyValue] = [:]
    let positional = cls.params.map(\.name)
    for (i, v) in args.enumerated() where i < positional.count { summary[positional[i]] = v.pyValue }
    for (k, v) in kws { summary[k] = v.pyValue }
    var field = Field.lr
    if case .string(let s)? = summary["field"] ?? summary["param_group_field"], let f = Field(name: s) { field = f }
    schedulers.append(
      ScriptScheduler(
        className: name, offset: offset, optimizer: opt, args: summary, field: field, binding: binding, call: call))
    return .scheduler(schedulers.count - 1)
  }

  /// A value handed to a constructor, as the spec builder reads arguments.
  func node(_ v: SValue, _ at: Int) throws(ScriptFailure) -> Node {
    switch v {
    case .int(let i): return Node(.int(i), at: at)
    case .float(let d): return Node(.float(d), at: at)
    case .bool(let b): return Node(.bool(b), at: at)
    case .str(let s): return Node(.string(s), at: at)
    case .none: return Node(.none, at: at)
    case .list(let l):
      var items: [Node] = []
      for i in l.items { items.append(try node(i, at)) }
      return Node(.list(items), at: at)
    case .tuple(let l):
      var items: [Node] = []
      for i in l { items.append(try node(i, at)) }
      return Node(.tuple(items), at: at)
    case .dict(let d):
      var items: [(Node, Node)] = []
      for (k, x) in zip(d.keys, d.values) { items.append((try node(k, at), try node(x, at))) }
      return Node(.dict(items), at: at)
    case .function(let f): return Node(.function(lambda(f)), at: at)
    case .partial: return Node(.function(lambda(v, name: ScriptText.expression(at: at, in: source), at: at)), at: at)
    case .builtin(let b) where b.hasPrefix("math.") || b.hasPrefix("numpy."):
      let fn = ScriptFunction(
        name: b, params: [FunctionParam(name: "x", defaultValue: nil)], defaults: [nil],
        body: .expression(Node(.call(Node(.name("__f"), at: at), args: [Node(.name("x"), at: at)], keywords: []), at: at)),
        closure: { let s = Scope(parent: globals); s.vars["__f"] = v; return s }(), offset: at)
      return Node(.function(lambda(fn)), at: at)
    case .scheduler(let i):
      if schedulers[i].consumed { throw unsupported("this scheduler is already part of another scheduler", at) }
      schedulers[i].consumed = true
      return Node(.built(i), at: at)
    case .opaque(let n): throw undefined(n, at)
    case .optimizer: throw unsupported("the optimizer is a scheduler's first argument (or optimizer=)", at)
    case .big: throw unsupported("integer too large for a scheduler argument", at)
    default: throw unsupported("a \(v.typeName) can't be a scheduler argument", at)
    }
  }

  /// A function of the file as the schedulers call it: one int in, a number out.
  func lambda(_ f: ScriptFunction) -> PyLambda {
    lambda(.function(f), name: f.name == "<lambda>" ? ScriptText.expression(at: f.offset, in: source) : f.name, at: f.offset)
  }

  /// Any callable of the file (a function, a `functools.partial` of one) as a schedule's function.
  func lambda(_ callee: SValue, name: String, at offset: Int) -> PyLambda {
    let me = self
    let fname: String = if case .function(let f) = callee { f.name } else { name }
    let box = CalleeBox(callee)
    return PyLambda(source: name) {
      (x: Int) throws(ScheduleError) -> PyNumber in
      me.budget = me.settings.maxWork
      let v: SValue
      do throws(ScriptFailure) {
        v = try me.callValue(box.value, [.int(x)], [], at: offset)
      } catch {
        switch error {
        case .raised(let type, let message, _): throw ScheduleError(type, message)
        case .loop: throw ScheduleError("TypeError", "a scheduler function steps the scheduler")
        case .spec(let e):
          // Outside the subset or an undefined name: reported as such (exit 2) when it
          // happens during a construction.
          me.pendingSpecError = e
          throw ScheduleError("TypeError", e.message)
        }
      }
      guard let n = v.num else { throw ScheduleError("TypeError", "\(fname) returned \(v.typeName), expected a number") }
      return try n.pyNumber()
    }
  }
}

/// A callable of the file held by a schedule's function (the interpreter runs on one thread).
final class CalleeBox: @unchecked Sendable {
  let value: SValue
  init(_ value: SValue) { self.value = value }
}
