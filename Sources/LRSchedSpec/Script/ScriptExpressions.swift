/// Expressions of statement files, with Python's precedence (`Grammar/python.gram`):
/// lambdas, conditionals, boolean and comparison chains (with `in` / `is`), arithmetic,
/// calls, attributes, subscripts and slices, displays and comprehensions.
extension ScriptParser {
  /// `a, b` (a tuple without brackets) or one expression.
  mutating func expressionList(starred: Bool = false) throws(SpecError) -> Node {
    let first = try starredOr(starred)
    guard isOp(",") else { return first }
    var items = [first]
    while isOp(",") {
      pos += 1
      if !startsExpression { break }
      items.append(try starredOr(starred))
    }
    return Node(.tuple(items), at: first.offset)
  }

  mutating func starredOr(_ allowed: Bool) throws(SpecError) -> Node {
    if allowed, isOp("*") {
      let start = peek.offset
      pos += 1
      return Node(.starred(try orExpression()), at: start)
    }
    return try expression()
  }

  /// Targets of `for`: names, attributes, subscripts, tuples of them.
  mutating func targetList() throws(SpecError) -> Node {
    let first = try orExpression()
    guard isOp(",") else { return try checkTarget(first) }
    var items = [first]
    while isOp(",") {
      pos += 1
      if isName("in") { break }
      items.append(try orExpression())
    }
    return try checkTarget(Node(.tuple(items), at: first.offset))
  }

  var startsExpression: Bool {
    switch peek.kind {
    case .name(let n): return !["in", "if", "else", "for", "and", "or", "is", "as", "import"].contains(n)
    case .int, .float, .string, .fstring: return true
    case .op(let o): return ["(", "[", "{", "-", "+", "~", "*"].contains(o)
    default: return false
    }
  }

  /// Parameters of a `def` or `lambda`, up to `closing`.
  mutating func parameters(closing: String) throws(SpecError) -> [FunctionParam] {
    var params: [FunctionParam] = []
    while !isOp(closing) {
      var star = 0
      if isOp("*") { star = 1; pos += 1 } else if isOp("**") { star = 2; pos += 1 } else if isOp("/") {
        pos += 1
        if isOp(",") { pos += 1 }
        continue
      }
      if star == 1, isOp(",") {
        pos += 1
        continue
      }
      let start = peek.offset
      let n = try name()
      if closing == ")", isOp(":") {
        pos += 1
        _ = try expression()
      }
      var def: Node?
      if isOp("=") {
        pos += 1
        def = try expression()
      }
      if params.contains(where: { $0.name == n }) { throw error("duplicate argument '\(n)' in function definition", at: start) }
      params.append(FunctionParam(name: n, defaultValue: def, star: star))
      if isOp(",") { pos += 1 } else { break }
    }
    return params
  }

  mutating func expression() throws(SpecError) -> Node {
    try enter()
    defer { depth -= 1 }
    if isName("lambda") {
      let start = peek.offset
      pos += 1
      let params = try parameters(closing: ":")
      try expect(":")
      let body = try expression()
      if params.contains(where: { $0.defaultValue != nil || $0.star != 0 }) {
        throw error("a lambda with default or star parameters is not supported; use a def", at: start)
      }
      return Node(.lambda(params: params.map(\.name), body: body), at: start)
    }
    let body = try orTest()
    if isName("if") {
      pos += 1
      let cond = try orTest()
      guard isName("else") else { throw error("expected 'else' in conditional expression", at: peek.offset) }
      pos += 1
      return Node(.ifElse(body: body, condition: cond, orElse: try expression()), at: body.offset)
    }
    return body
  }

  mutating func comparisonOperator() -> CompareOp? {
    switch peek.kind {
    case .op(let o):
      guard let op = CompareOp(rawValue: o), op.isOrdering else { return nil }
      pos += 1
      return op
    case .name("in"):
      pos += 1
      return .isIn
    case .name("not") where next.kind == .name("in"):
      pos += 2
      return .notIn
    case .name("is"):
      pos += 1
      if isName("not") {
        pos += 1
        return .isNot
      }
      return .isSame
    default: return nil
    }
  }
}
