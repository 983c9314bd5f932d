import LRSchedCore

/// Expressions of statement files, with CPython's semantics for the subset.
extension ScriptInterpreter {
  func eval(_ node: Node, _ scope: Scope) throws(ScriptFailure) -> SValue {
    try spend(node.offset)
    switch node.expr {
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .string(let s): return .str(s)
    case .bool(let b): return .bool(b)
    case .none: return .none
    case .fstring: throw unsupported("f-strings are not part of the Python subset lrsched reads", node.offset)
    case .name(let n): return try lookup(n, at: node.offset, scope)
    case .attribute(let base, let attr):
      if attr.hasPrefix("__") {
        throw unsupported("dunder attributes ('\(attr)') are not part of the Python subset lrsched reads", node.offset)
      }
      return try attribute(try eval(base, scope), attr, at: node.offset)
    case .list(let items): return .list(ListBox(try displayItems(items, scope)))
    case .tuple(let items): return .tuple(try displayItems(items, scope))
    case .dict(let items):
      let d = DictBox()
      for (k, v) in items {
        let key = try eval(k, scope)
        try setItem(.dict(d), key, try eval(v, scope), at: k.offset)
      }
      return .dict(d)
    case .call(let f, let args, let keywords): return try callExpression(f, args, keywords, scope, at: node.offset)
    case .lambda(let params, let body):
      let ps = params.map { FunctionParam(name: $0, defaultValue: nil) }
      capture(scope)
      return .function(ScriptFunction(name: "<lambda>", params: ps, defaults: ps.map { _ in nil }, body: .expression(body), closure: scope, offset: node.offset))
    case .unary(let op, let a):
      let v = try eval(a, scope)
      guard let n = v.num else { throw try operandError(v, "unary \(op.rawValue)", node.offset) }
      do {
        return SValue(try PyOps.binary(op == .neg ? .sub : .add, .int(0), n))
      } catch {
        throw raise(error.pythonType, error.message, node.offset)
      }
    case .binary(let op, let a, let b):
      let va = try eval(a, scope), vb = try eval(b, scope)
      if case .opaque(let name) = va { throw undefined(name, a.offset) }
      if case .opaque(let name) = vb { throw undefined(name, b.offset) }
      return try binary(op, va, vb, at: node.offset)
    case .compare(let first, let rest):
      var left = try eval(first, scope)
      for (op, n) in rest {
        let right = try eval(n, scope)
        if try !compare(op, left, right, at: n.offset) { return .bool(false) }
        left = right
      }
      return .bool(true)
    case .and(let a, let b):
      let l = try eval(a, scope)
      return try truthy(l, a.offset) ? try eval(b, scope) : l
    case .or(let a, let b):
      let l = try eval(a, scope)
      return try truthy(l, a.offset) ? l : try eval(b, scope)
    case .not(let a): return .bool(try !truthy(try eval(a, scope), a.offset))
    case .ifElse(let body, let cond, let orElse):
      return try truthy(try eval(cond, scope), cond.offset) ? try eval(body, scope) : try eval(orElse, scope)
    case .index(let base, let index): return try getItem(try eval(base, scope), try eval(index, scope), at: node.offset)
    case .slice(let lo, let hi, let step):
      func part(_ n: Node?) throws(ScriptFailure) -> SValue { try n.map { (n) throws(ScriptFailure) in try eval(n, scope) } ?? .none }
      return .tuple([.str("slice"), try part(lo), try part(hi), try part(step)])
    case .comprehension(let kind, let element, let value, let clauses):
      return try comprehension(kind, element, value, clauses, scope, at: node.offset)
    case .starred: throw unsupported("a starred expression is allowed only in a call or a display", node.offset)
    case .function, .built: throw unsupported("internal value in a file", node.offset)
    }
  }

  func displayItems(_ items: [Node], _ scope: Scope) throws(ScriptFailure) -> [SValue] {
    var out: [SValue] = []
    for i in items {
      if case .starred(let inner) = i.expr {
        out += try iterate(try eval(inner, scope), at: i.offset, loop: false)
      } else {
        out.append(try eval(i, scope))
      }
      if out.count > Self.maxLength { throw unsupported("list too large (limit \(Self.maxLength) items)", i.offset) }
    }
    return out
  }

  func lookup(_ n: String, at offset: Int, _ scope: Scope) throws(ScriptFailure) -> SValue {
    if let v = scope.lookup(n) { return v }
    if n == "__name__" { return .str("__main__") }
    if Self.forbidden.contains(n) {
        throw unsupported("'\(n)' is not part of the Python subset lrsched reads: the file is read as data, never run", offset)
    }
    if n.hasPrefix("__") && n.hasSuffix("__") {
      throw unsupported("dunder names ('\(n)') are not part of the Python subset lrsched reads", offset)
    }
    if let v = defines[n] { return v }
    return ScriptNames.global(n) ?? .opaque(n)
  }

  /// Builtins that run code, reach the system or look names up by string: never
  /// available (a file can't define them either, so they are refused where named).
  static let forbidden: Set<String> = [
    "exec", "eval", "compile", "open", "getattr", "setattr", "delattr", "hasattr", "globals", "locals", "vars",
    "input", "breakpoint", "__import__", "memoryview", "help", "exit", "quit",
  ]

  /// `TypeError` for an operand that isn't a number, or the "define it" error for a
  /// value from outside the file.
  func operandError(_ v: SValue, _ what: String, _ offset: Int) throws(ScriptFailure) -> ScriptFailure {
    if case .opaque(let name) = v { return undefined(name, offset) }
    return raise("TypeError", "unsupported operand type for \(what): '\(v.typeName)'", offset)
  }

  /// The error for a name the file uses but never defines.
  func undefined(_ name: String, _ offset: Int) -> ScriptFailure {
    var hint = "define it with -D \(name)=…"
    let lower = name.lowercased()
    if lower.hasSuffix("epochs") || lower.hasSuffix("num_epochs") || lower.hasSuffix("epoch") {
      hint += " (the run's length is --epochs; give the same number)"
    } else if lower.contains("step") || lower.contains("iter") {
      hint += " (the run's length is --epochs × --steps-per-epoch)"
    } else if lower.contains("loader") {
      hint += " (len(\(name)) is --steps-per-epoch)"
    } else if lower.hasSuffix("optimizer") || lower.hasSuffix("opt") {
      hint = "a scheduler takes it as its optimizer; elsewhere " + hint
    }
    return unsupported("name '\(name)' is not defined in the file: \(hint)", offset)
  }

  func truthy(_ v: SValue, _ offset: Int) throws(ScriptFailure) -> Bool {
    switch v {
    case .int(let i): return i != 0
    case .big: return true
    case .float(let d): return d != 0
    case .complex(let re, let im): return re != 0 || im != 0
    case .bool(let b): return b
    case .str(let s): return !s.isEmpty
    case .none: return false
    case .list(let l): return !l.items.isEmpty
    case .tuple(let l): return !l.isEmpty
    case .dict(let d): return !d.keys.isEmpty
    case .range(let a, let b, let s): return s > 0 ? a < b : a > b
    case .opaque(let name): throw undefined(name, offset)
    default: return true
    }
  }

  func binary(_ op: BinaryOp, _ a: SValue, _ b: SValue, at offset: Int) throws(ScriptFailure) -> SValue {
    if let x = a.num, let y = b.num {
      do {
        return SValue(try PyOps.binary(op, x, y, names: (a.typeName, b.typeName)))
      } catch {
        throw raise(error.pythonType, error.message, offset)
      }
    }
    switch (op, a, b) {
    case (.add, .str(let x), .str(let y)): return .str(x + y)
    case (.add, .list(let x), .list(let y)): return .list(ListBox(try sized(x.items + y.items, offset)))
    case (.add, .tuple(let x), .tuple(let y)): return .tuple(try sized(x + y, offset))
    case (.mul, .list(let x), _), (.mul, _, .list(let x)):
      let n = try repeatCount(a.num ?? b.num, offset)
      return .list(ListBox(try repeated(x.items, n, offset)))
    case (.mul, .tuple(let x), _), (.mul, _, .tuple(let x)):
      return .tuple(try repeated(x, try repeatCount(a.num ?? b.num, offset), offset))
    case (.mul, .str(let x), _), (.mul, _, .str(let x)):
      let n = try repeatCount(a.num ?? b.num, offset)
      if x.count * n > Self.maxLength { throw unsupported("string too large", offset) }
      return .str(String(repeating: x, count: n))
    default:
      if case .opaque(let name) = a { throw undefined(name, offset) }
      if case .opaque(let name) = b { throw undefined(name, offset) }
      throw raise("TypeError", "unsupported operand type(s) for \(op.rawValue): '\(a.typeName)' and '\(b.typeName)'", offset)
    }
  }

  func repeatCount(_ n: Num?, _ offset: Int) throws(ScriptFailure) -> Int {
    guard case .int(let i)? = n else { throw raise("TypeError", "can't multiply sequence by non-int", offset) }
    return max(0, i)
  }

  func repeated(_ items: [SValue], _ n: Int, _ offset: Int) throws(ScriptFailure) -> [SValue] {
    if n > 0, items.count > Self.maxLength / n { throw unsupported("list too large (limit \(Self.maxLength) items)", offset) }
    try spend(offset, items.count * n / 16)
    return Array([[SValue]](repeating: items, count: n).joined())
  }

  func sized(_ items: [SValue], _ offset: Int) throws(ScriptFailure) -> [SValue] {
    if items.count > Self.maxLength { throw unsupported("list too large (limit \(Self.maxLength) items)", offset) }
    return items
  }

  func compare(_ op: CompareOp, _ a: SValue, _ b: SValue, at offset: Int) throws(ScriptFailure) -> Bool {
    switch op {
    case .isIn, .notIn:
      let found: Bool
      switch b {
      case .str(let s):
        guard case .str(let sub) = a else { throw raise("TypeError", "'in <string>' requires string as left operand, not \(a.typeName)", offset) }
        found = sub.isEmpty || s.contains(sub)
      case .dict(let d): found = d.index(of: a) != nil
      case .opaque(let name): throw undefined(name, offset)
      default: found = try iterate(b, at: offset, loop: false).contains { $0.pyEquals(a) }
      }
      return found == (op == .isIn)
    case .isSame, .isNot:
      let same: Bool
      switch (a, b) {
      case (.none, .none): same = true
      case (.bool(let x), .bool(let y)): same = x == y
      case (.list(let x), .list(let y)): same = x === y
      case (.dict(let x), .dict(let y)): same = x === y
      case (.opaque(let name), _), (_, .opaque(let name)): throw undefined(name, offset)
      default: same = false
      }
      return same == (op == .isSame)
    case .eq: return a.pyEquals(b)
    case .ne: return !a.pyEquals(b)
    case .lt, .le, .gt, .ge:
      if let x = a.num, let y = b.num {
        do {
          return try PyOps.compare(op, x, y, names: (a.typeName, b.typeName))
        } catch {
          throw raise(error.pythonType, error.message, offset)
        }
      }
      if case .str(let x) = a, case .str(let y) = b {
        let xs = Array(x.unicodeScalars.map(\.value)), ys = Array(y.unicodeScalars.map(\.value))
        let c = xs.lexicographicallyPrecedes(ys) ? -1 : (xs == ys ? 0 : 1)
        switch op {
        case .lt: return c < 0
        case .le: return c <= 0
        case .gt: return c > 0
        default: return c >= 0
        }
      }
      if case .opaque(let name) = a { throw undefined(name, offset) }
      if case .opaque(let name) = b { throw undefined(name, offset) }
      throw raise("TypeError", "'\(op.rawValue)' not supported between instances of '\(a.typeName)' and '\(b.typeName)'", offset)
    }
  }

  func comprehension(
    _ kind: ComprehensionKind, _ element: Node, _ value: Node?, _ clauses: [ComprehensionClause], _ outer: Scope,
    at offset: Int
  ) throws(ScriptFailure) -> SValue {
    let scope = Scope(parent: outer)
    // A comprehension over something from outside the file (`model.named_parameters()`)
    // is itself from outside: only an optimizer's 'params' takes one, and ignores it.
    if let first = clauses.first, case .opaque(let name) = try eval(first.iterable, outer) {
      return .opaque(name)
    }
    var items: [SValue] = []
    let dict = DictBox()
    func level(_ i: Int) throws(ScriptFailure) {
      if i == clauses.count {
        if kind == .dict {
          try setItem(.dict(dict), try eval(element, scope), try eval(value!, scope), at: element.offset)
        } else {
          items.append(try eval(element, scope))
          if items.count > Self.maxLength { throw unsupported("list too large (limit \(Self.maxLength) items)", offset) }
        }
        return
      }
      let c = clauses[i]
      for item in try iterate(try eval(c.iterable, scope), at: c.iterable.offset, loop: true) {
        try spend(offset)
        try assign(c.target, item, scope)
        var ok = true
        for cond in c.conditions where try !truthy(try eval(cond, scope), cond.offset) {
          ok = false
          break
        }
        if ok { try level(i + 1) }
      }
    }
    try level(0)
    switch kind {
    case .dict: return .dict(dict)
    case .list: return .list(ListBox(items))
    case .generator: return .tuple(items)
    }
  }
}
