/// Primaries (calls, attributes, subscripts) and atoms (names, literals, displays,
/// comprehensions) of statement files.
extension ScriptParser {
  mutating func primary() throws(SpecError) -> Node {
    var n = try atom()
    while true {
      if isOp("(") {
        pos += 1
        try enter()
        defer { depth -= 1 }
        n = try callArguments(n)
      } else if isOp(".") {
        pos += 1
        guard case .name(let attr) = peek.kind else { throw error("expected a name after '.'", at: peek.offset) }
        pos += 1
        n = Node(.attribute(n, attr), at: n.offset)
      } else if isOp("[") {
        let open = peek.offset
        pos += 1
        try enter()
        defer { depth -= 1 }
        var items = [try subscriptItem()]
        var isTuple = false
        while isOp(",") {
          isTuple = true
          pos += 1
          if isOp("]") { break }
          items.append(try subscriptItem())
        }
        try expect("]")
        n = Node(.index(n, isTuple ? Node(.tuple(items), at: open) : items[0]), at: n.offset)
      } else {
        return n
      }
    }
  }

  mutating func callArguments(_ callee: Node) throws(SpecError) -> Node {
    var args: [Node] = []
    var keywords: [Keyword] = []
    while !isOp(")") {
      if case .name(let k) = peek.kind, next.kind == .op("=") {
        let off = peek.offset
        pos += 2
        if keywords.contains(where: { $0.name == k }) { throw error("keyword argument repeated: \(k)", at: off) }
        keywords.append(Keyword(name: k, offset: off, value: try expression()))
      } else if isOp("**") {
        throw error("'**' unpacking in a call is not part of the Python subset lrsched reads", at: peek.offset)
      } else {
        let a = try starredOr(true)
        if !keywords.isEmpty { throw error("positional argument follows keyword argument", at: a.offset) }
        if isName("for") {
          let gen = try comprehension(.generator, element: a, value: nil, closing: ")")
          args.append(gen)
          break
        }
        args.append(a)
      }
      if isOp(",") { pos += 1 } else { break }
    }
    try expect(")")
    return Node(.call(callee, args: args, keywords: keywords), at: callee.offset)
  }

  mutating func subscriptItem() throws(SpecError) -> Node {
    let start = peek.offset
    var lower: Node?
    if !isOp(":") {
      lower = try expression()
      guard isOp(":") else { return lower! }
    }
    pos += 1
    var upper: Node?
    var step: Node?
    if !isOp(":") && !isOp("]") && !isOp(",") { upper = try expression() }
    if isOp(":") {
      pos += 1
      if !isOp("]") && !isOp(",") { step = try expression() }
    }
    return Node(.slice(lower, upper, step), at: start)
  }

  /// The `for … in … if …` clauses after a comprehension's element, up to `closing`.
  mutating func comprehension(
    _ kind: ComprehensionKind, element: Node, value: Node?, closing: String
  ) throws(SpecError) -> Node {
    var clauses: [ComprehensionClause] = []
    while isName("for") {
      pos += 1
      let target = try targetList()
      guard isName("in") else { throw error("expected 'in', found \(describe(peek))", at: peek.offset) }
      pos += 1
      let iterable = try orTest()
      var conds: [Node] = []
      while isName("if") {
        pos += 1
        conds.append(try orTestNoConditional())
      }
      clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conds))
    }
    if isName("async") { throw error("async comprehensions are not supported", at: peek.offset) }
    guard isOp(closing) else { throw error("expected '\(closing)', found \(describe(peek))", at: peek.offset) }
    return Node(.comprehension(kind, element: element, value: value, clauses: clauses), at: element.offset)
  }

  mutating func orTestNoConditional() throws(SpecError) -> Node { try orTest() }

  mutating func atom() throws(SpecError) -> Node {
    let t = peek
    switch t.kind {
    case .int(let v): pos += 1; return Node(.int(v), at: t.offset)
    case .float(let v): pos += 1; return Node(.float(v), at: t.offset)
    case .string, .fstring:
      var s = ""
      var isF = false
      while true {
        if case .string(let more) = peek.kind {
          s += more
        } else if case .fstring(let more) = peek.kind {
          s += more
          isF = true
        } else {
          break
        }
        pos += 1
        if s.count > 65_536 { throw error("string literal too long (limit 65,536 characters)", at: t.offset) }
      }
      return Node(isF ? .fstring(s) : .string(s), at: t.offset)
    case .name(let n):
      switch n {
      case "True": pos += 1; return Node(.bool(true), at: t.offset)
      case "False": pos += 1; return Node(.bool(false), at: t.offset)
      case "None": pos += 1; return Node(.none, at: t.offset)
      case "lambda": return try expression()
      case "yield", "await":
        throw error("'\(n)' is not part of the Python subset lrsched reads", at: t.offset)
      default:
        if ScriptParser.keywords.contains(n) { throw error("unexpected keyword '\(n)'", at: t.offset) }
        pos += 1
        return Node(.name(n), at: t.offset)
      }
    case .op("("):
      pos += 1
      try enter()
      defer { depth -= 1 }
      if isOp(")") { pos += 1; return Node(.tuple([]), at: t.offset) }
      let first = try starredOr(true)
      if isName("for") {
        let gen = try comprehension(.generator, element: first, value: nil, closing: ")")
        pos += 1
        return Node(gen.expr, at: t.offset)
      }
      if isOp(")") {
        pos += 1
        if case .starred = first.expr { throw error("cannot use starred expression here", at: first.offset) }
        return first
      }
      var items = [first]
      while isOp(",") {
        pos += 1
        if isOp(")") { break }
        items.append(try starredOr(true))
      }
      try expect(")")
      return Node(.tuple(items), at: t.offset)
    case .op("["):
      pos += 1
      try enter()
      defer { depth -= 1 }
      var items: [Node] = []
      while !isOp("]") {
        let item = try starredOr(true)
        if items.isEmpty, isName("for") {
          let comp = try comprehension(.list, element: item, value: nil, closing: "]")
          pos += 1
          return Node(comp.expr, at: t.offset)
        }
        items.append(item)
        if isOp(",") { pos += 1 } else { break }
      }
      try expect("]")
      return Node(.list(items), at: t.offset)
    case .op("{"):
      pos += 1
      try enter()
      defer { depth -= 1 }
      var items: [(Node, Node)] = []
      while !isOp("}") {
        if isOp("**") { throw error("'**' unpacking in a dict is not part of the Python subset lrsched reads", at: peek.offset) }
        let k = try expression()
        guard isOp(":") else { throw error("sets are not part of the Python subset lrsched reads", at: t.offset) }
        pos += 1
        let v = try expression()
        if items.isEmpty, isName("for") {
          let comp = try comprehension(.dict, element: k, value: v, closing: "}")
          pos += 1
          return Node(comp.expr, at: t.offset)
        }
        items.append((k, v))
        if isOp(",") { pos += 1 } else { break }
      }
      try expect("}")
      return Node(.dict(items), at: t.offset)
    case .op("..."):
      throw error("'...' (Ellipsis) is not part of the Python subset lrsched reads", at: t.offset)
    case .newline, .end:
      throw error("unexpected end of line", at: t.offset)
    default:
      throw error("unexpected \(describe(t))", at: t.offset)
    }
  }
}
