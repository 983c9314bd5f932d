/// Calls of the functions a statement file defines (`def`, lambdas): Python's argument
/// binding (positional, keywords, defaults, `*args`, `**kwargs`) and a bounded call depth.
extension ScriptInterpreter {
  func call(_ f: ScriptFunction, _ args: [SValue], _ keywords: [(String, SValue)], at offset: Int) throws(ScriptFailure) -> SValue {
    callDepth += 1
    defer { callDepth -= 1 }
    if callDepth > Self.maxCallDepth {
      throw raise("RecursionError", "maximum recursion depth exceeded (lrsched's limit is \(Self.maxCallDepth) calls)", offset)
    }
    let scope = Scope(parent: f.closure)
    var positional = args[...]
    var extra: [(String, SValue)] = keywords
    for (i, p) in f.params.enumerated() {
      switch p.star {
      case 1:
        scope.vars[p.name] = .tuple(Array(positional))
        positional = []
      case 2:
        let d = DictBox()
        for (k, v) in extra { d.keys.append(.str(k)); d.values.append(v) }
        extra = []
        scope.vars[p.name] = .dict(d)
      default:
        if let v = positional.first {
          positional = positional.dropFirst()
          if extra.contains(where: { $0.0 == p.name }) {
            throw raise("TypeError", "\(f.name)() got multiple values for argument '\(p.name)'", offset)
          }
          scope.vars[p.name] = v
        } else if let k = extra.firstIndex(where: { $0.0 == p.name }) {
          scope.vars[p.name] = extra.remove(at: k).1
        } else if let d = f.defaults[i] {
          scope.vars[p.name] = d
        } else {
          throw raise("TypeError", "\(f.name)() missing 1 required positional argument: '\(p.name)'", offset)
        }
      }
    }
    if !positional.isEmpty {
      throw raise("TypeError", "\(f.name)() takes \(f.params.count) positional arguments but \(args.count) were given", offset)
    }
    if let k = extra.first { throw raise("TypeError", "\(f.name)() got an unexpected keyword argument '\(k.0)'", offset) }
    let result: SValue
    switch f.body {
    case .expression(let n): result = try eval(n, scope)
    case .statements(let body):
      switch try exec(body, scope: scope) {
      case .returned(let v): result = v
      case .normal: result = .none
      case .breakLoop, .continueLoop: throw unsupported("'break' or 'continue' outside a loop", f.offset)
      }
    }
    // A schedule's call returned its number: nothing can reach its locals any more (a def
    // inside it would otherwise keep them, and itself, alive step after step).
    if !recording, result.num != nil { scope.vars.removeAll() }
    return result
  }
}
