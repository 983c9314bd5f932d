import LRSchedCore

/// Why interpreting a statement file stopped.
enum ScriptFailure: Error {
  /// Outside the subset or malformed: exit 2.
  case spec(SpecError)
  /// What Python itself would raise at run time (exception type, message, offset): exit 1.
  case raised(String, String, Int)
  /// The file's own training or plotting loop starts here (`scheduler.step()`,
  /// `optimizer.step()`): lrsched stops reading and runs its own loop.
  case loop(Int)
}

/// Interprets a parsed statement file: the file is data, never run by a Python. It
/// executes the subset (assignments, `def`, `if`, `for`, …) with CPython's semantics,
/// constructs the optimizer and the schedulers in file order on the same parameter groups
/// (through `SpecBuilder`), and bounds recursion, loop iterations, sizes and total work.
final class ScriptInterpreter: @unchecked Sendable {
  let source: String
  let globals = Scope(parent: nil)
  let defines: [String: SValue]
  let settings: ScriptSettings
  /// Operations left (each statement, expression and loop iteration costs one).
  var budget: Int
  var callDepth = 0
  var optimizers: [ScriptOptimizer] = []
  /// The classes the file defines (their methods other than configure_optimizers don't run).
  var fileClasses: [String] = []
  var schedulers: [ScriptScheduler] = []
  var notes: [String] = []
  /// A subset error inside a function a constructor called (reported instead of its TypeError).
  var pendingSpecError: SpecError?
  /// Names of the file's top-level functions, in order.
  var topLevelDefs: [String] = []
  /// The scheduler an entry function returned (see `callEntryFunction`).
  var entryChoice: Int?
  /// Where the file's own loop started (nothing after it is read).
  var stoppedAt: Int?
  /// The schedulers built so far, by index (a nested one is taken out when consumed).
  let built = BuiltObjects()
  /// The return value of Lightning's `configure_optimizers`, when the file has one.
  var lightningReturn: SValue?

  static let maxCallDepth = 30
  static let maxLength = 1_000_000

  /// Scopes functions close over, while the file runs: freed with the interpreter (a
  /// function and its scope refer to each other).
  var capturedScopes: [Scope] = []
  /// False once the file has run: calls then come from the schedule, step after step.
  var recording = true

  init(source: String, defines: [String: SValue], settings: ScriptSettings) {
    self.source = source
    self.defines = defines
    self.settings = settings
    budget = settings.maxWork
    capturedScopes.append(globals)
  }

  /// Breaks the reference cycles Python's values make (a function and the scope it is
  /// defined in, a list holding itself): clears every scope, list and dict reachable from
  /// the file's scopes.
  deinit {
    var seen = Set<ObjectIdentifier>()
    var stack: [SValue] = []
    func drain(_ scope: Scope) {
      guard seen.insert(ObjectIdentifier(scope)).inserted else { return }
      stack += scope.vars.values
      scope.vars.removeAll()
    }
    capturedScopes.forEach(drain)
    while let v = stack.popLast() {
      switch v {
      case .list(let l):
        if seen.insert(ObjectIdentifier(l)).inserted {
          stack += l.items
          l.items.removeAll()
        }
      case .dict(let d):
        if seen.insert(ObjectIdentifier(d)).inserted {
          stack += d.keys + d.values
          d.keys.removeAll()
          d.values.removeAll()
        }
      case .tuple(let t): stack += t
      case .method(let r, _): stack.append(r)
      case .function(let f):
        if seen.insert(ObjectIdentifier(f)).inserted {
          stack += f.defaults.compactMap { $0 }
          drain(f.closure)
        }
      default: break
      }
    }
  }

  /// Keeps a scope a function closes over (while the file runs) for `deinit`.
  func capture(_ scope: Scope) {
    if recording, !capturedScopes.contains(where: { $0 === scope }) { capturedScopes.append(scope) }
  }

  enum Flow {
    case normal, breakLoop, continueLoop
    case returned(SValue)
  }

  func unsupported(_ message: String, _ offset: Int) -> ScriptFailure {
    .spec(SpecError(message, source: source, column: offset))
  }

  func raise(_ type: String, _ message: String, _ offset: Int) -> ScriptFailure { .raised(type, message, offset) }

  func spend(_ offset: Int, _ n: Int = 1) throws(ScriptFailure) {
    budget -= n
    if budget < 0 {
      throw unsupported("the file does too much work for lrsched to interpret (limit \(settings.maxWork) operations)", offset)
    }
  }

  // MARK: - Statements

  func run(_ statements: [Statement]) throws(ScriptFailure) {
    for s in statements {
      let flow: Flow
      do {
        flow = try exec(s, scope: globals)
      } catch {
        if case .loop(let at) = error {
          stoppedAt = at
          note("line \(ScriptText.line(of: at, in: source)): the file's own training loop starts here; lrsched reads the file up to there and runs its own loop")
          return
        }
        throw error
      }
      switch flow {
      case .normal: continue
      case .breakLoop, .continueLoop, .returned:
        throw unsupported("'return', 'break' or 'continue' outside a function or loop", s.offset)
      }
    }
  }

  func exec(_ statements: [Statement], scope: Scope) throws(ScriptFailure) -> Flow {
    for s in statements {
      let flow = try exec(s, scope: scope)
      if case .normal = flow { continue }
      return flow
    }
    return .normal
  }

  func exec(_ s: Statement, scope: Scope) throws(ScriptFailure) -> Flow {
    try spend(s.offset)
    switch s.stmt {
    case .expr(let n):
      if case .call(let f, _, _) = n.expr, f.dottedName == "print" { return .normal }
      if case .string = n.expr { return .normal }
      _ = try eval(n, scope)
    case .assign(let targets, let value):
      let v = try eval(value, scope)
      for t in targets { try assign(t, v, scope) }
    case .augAssign(let target, let op, let value):
      let current = try eval(target, scope)
      let v = try binary(op, current, try eval(value, scope), at: s.offset)
      try assign(target, v, scope)
    case .annAssign(let target, let value):
      if let value { try assign(target, try eval(value, scope), scope) }
    case .importModules(let names):
      for n in names {
        let bound = n.alias ?? String(n.name.split(separator: ".").first!)
        let module = n.alias == nil ? bound : n.name
        scope.vars[bound] = ScriptNames.moduleValue(module)
      }
    case .fromImport(let module, let names):
      for n in names {
        if n.name == "*" { continue }
        let v = try ScriptNames.imported(n.name, from: module, at: s.offset, interpreter: self)
        scope.vars[n.alias ?? n.name] = v
      }
    case .def(let name, let params, let body):
      scope.vars[name] = .function(try makeFunction(name, params, .statements(body), scope, s.offset))
      if scope === globals && name != "configure_optimizers" { topLevelDefs.append(name) }
    case .classDef(let name, let bases, let body):
      // Only a Lightning module's configure_optimizers is kept (and called at the end). A
      // scheduler class of the file's own (its get_lr) is refused where it is constructed.
      if let base = bases.first(where: { $0.hasSuffix("LRScheduler") || $0 == "Scheduler" || Registry.find($0) != nil }) {
        scope.vars[name] = .builtin("class \(name)(\(base))")
      }
      fileClasses.append(name)
      for m in body {
        if case .def("configure_optimizers", let params, let fbody) = m.stmt {
          let f = try makeFunction("configure_optimizers", params, .statements(fbody), scope, m.offset)
          scope.vars["configure_optimizers"] = .function(f)
        }
      }
    case .ifElse(let branches, let orElse):
      for (cond, body) in branches where try truthy(try eval(cond, scope), cond.offset) {
        return try exec(body, scope: scope)
      }
      return try exec(orElse, scope: scope)
    case .forLoop(let target, let iterable, let body, let orElse):
      let seq = try iterate(try eval(iterable, scope), at: iterable.offset, loop: true)
      for item in seq {
        try spend(s.offset)
        try assign(target, item, scope)
        switch try exec(body, scope: scope) {
        case .normal, .continueLoop: continue
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        }
      }
      return try exec(orElse, scope: scope)
    case .whileLoop(let cond, let body, let orElse):
      while try truthy(try eval(cond, scope), cond.offset) {
        try spend(s.offset)
        switch try exec(body, scope: scope) {
        case .normal, .continueLoop: continue
        case .breakLoop: return .normal
        case .returned(let v): return .returned(v)
        }
      }
      return try exec(orElse, scope: scope)
    case .returnValue(let n):
      return .returned(try n.map { (n) throws(ScriptFailure) in try eval(n, scope) } ?? .none)
    case .unsupported(let what):
      throw unsupported("\(what) not part of the Python subset lrsched reads", s.offset)
    case .pass: break
    case .breakLoop: return .breakLoop
    case .continueLoop: return .continueLoop
    case .global(let names): scope.globalNames.formUnion(names)
    case .assert(let cond, let msg):
      if try !truthy(try eval(cond, scope), cond.offset) {
        let text = try msg.map { (m) throws(ScriptFailure) in try str(try eval(m, scope)) } ?? ""
        throw raise("AssertionError", text, s.offset)
      }
    }
    return .normal
  }

  func makeFunction(
    _ name: String, _ params: [FunctionParam], _ body: ScriptFunction.Body, _ scope: Scope, _ offset: Int
  ) throws(ScriptFailure) -> ScriptFunction {
    var defaults: [SValue?] = []
    for p in params { defaults.append(try p.defaultValue.map { (d) throws(ScriptFailure) in try eval(d, scope) }) }
    capture(scope)
    return ScriptFunction(name: name, params: params, defaults: defaults, body: body, closure: scope, offset: offset)
  }

  /// Binds a value to a target: a name, a tuple/list of targets, a subscript.
  func assign(_ target: Node, _ value: SValue, _ scope: Scope) throws(ScriptFailure) {
    switch target.expr {
    case .name(let n):
      var v = value
      // `args = parser.parse_args()`: what comes from outside is named by its variable,
      // so `-D args.lr=…` supplies `args.lr`.
      if case .opaque = value { v = .opaque(n) }
      if scope.globalNames.contains(n) { globals.vars[n] = v } else { scope.vars[n] = v }
    case .tuple(let targets), .list(let targets):
      let items = try iterate(value, at: target.offset, loop: false)
      if let star = targets.firstIndex(where: { if case .starred = $0.expr { return true } else { return false } }) {
        let after = targets.count - star - 1
        guard items.count >= targets.count - 1 else {
          throw raise("ValueError", "not enough values to unpack (expected at least \(targets.count - 1), got \(items.count))", target.offset)
        }
        for i in 0..<star { try assign(targets[i], items[i], scope) }
        guard case .starred(let inner) = targets[star].expr else { return }
        try assign(inner, .list(ListBox(Array(items[star..<(items.count - after)]))), scope)
        for i in 0..<after { try assign(targets[star + 1 + i], items[items.count - after + i], scope) }
        return
      }
      guard items.count == targets.count else {
        if items.count > targets.count {
          throw raise("ValueError", "too many values to unpack (expected \(targets.count))", target.offset)
        }
        throw raise("ValueError", "not enough values to unpack (expected \(targets.count), got \(items.count))", target.offset)
      }
      for (t, v) in zip(targets, items) { try assign(t, v, scope) }
    case .index(let base, let index):
      let container = try eval(base, scope)
      let key = try eval(index, scope)
      try setItem(container, key, value, at: target.offset)
    case .attribute(let base, let attr):
      let b = try eval(base, scope)
      if case .opaque = b { return }
      throw unsupported("assigning to an attribute ('.\(attr) = …') of a \(b.typeName) is not supported", target.offset)
    default:
      throw unsupported("cannot assign to this expression", target.offset)
    }
  }

  func setItem(_ container: SValue, _ key: SValue, _ value: SValue, at offset: Int) throws(ScriptFailure) {
    switch container {
    case .list(let box):
      if box.readOnly { throw unsupported("optimizer.param_groups is read-only in lrsched (a scheduler sets the values)", offset) }
      let i = try listIndex(key, count: box.items.count, at: offset)
      box.items[i] = value
    case .dict(let box):
      if box.readOnly { throw unsupported("optimizer.param_groups is read-only in lrsched (a scheduler sets the values)", offset) }
      try requireHashable(key, at: offset)
      if let i = box.index(of: key) { box.values[i] = value } else {
        if box.keys.count >= Self.maxLength { throw unsupported("dict too large", offset) }
        box.keys.append(key)
        box.values.append(value)
      }
    case .opaque: return
    default:
      throw raise("TypeError", "'\(container.typeName)' object does not support item assignment", offset)
    }
  }
}
