/// Recursive-descent parser for a spec: one Python expression (usually a constructor
/// call) with Python's precedence. Depth is bounded so hostile input can't overflow the
/// stack.
public struct Parser: ExpressionLevels {
  let tokens: [Token]
  let source: String
  var pos = 0
  var depth = 0
  public static let maxDepth = 64

  public init(_ source: String) throws(SpecError) {
    self.source = source
    tokens = try Lexer(source).tokens()
  }

  /// Parses the whole source as one expression.
  public static func parse(_ source: String) throws(SpecError) -> Node {
    var p = try Parser(source)
    if case .end = p.peek.kind { throw p.error("empty spec", at: 0) }
    let n = try p.expression()
    guard case .end = p.peek.kind else {
      if case .op(let o) = p.peek.kind, [")", "]", "}"].contains(o) {
        throw p.error("unbalanced '\(o)'", at: p.peek.offset)
      }
      throw p.error("unexpected \(p.describe(p.peek)) after the end of the expression", at: p.peek.offset)
    }
    return n
  }

  var peek: Token { tokens[pos] }

  func error(_ message: String, at offset: Int) -> SpecError {
    SpecError(message, source: source, column: offset)
  }

  func describe(_ t: Token) -> String {
    switch t.kind {
    case .name(let n): return "'\(n)'"
    case .int(let i): return "'\(i)'"
    case .bigInt(let d): return "'\(d)'"
    case .float: return "number"
    case .string: return "string"
    case .op(let o): return "'\(o)'"
    case .end: return "end of spec"
    }
  }

  var currentOp: String? {
    if case .op(let o) = peek.kind { return o }
    return nil
  }

  var currentOffset: Int { peek.offset }

  func isOp(_ o: String) -> Bool {
    if case .op(let x) = peek.kind, x == o { return true }
    return false
  }

  func isName(_ n: String) -> Bool {
    if case .name(let x) = peek.kind, x == n { return true }
    return false
  }

  mutating func expect(_ o: String, opening: Token? = nil) throws(SpecError) {
    guard isOp(o) else {
      if let opening, case .end = peek.kind {
        throw error("unbalanced '\(opening.kind.opText)': missing '\(o)'", at: opening.offset)
      }
      throw error("expected '\(o)', found \(describe(peek))", at: peek.offset)
    }
    pos += 1
  }

  mutating func enter() throws(SpecError) {
    depth += 1
    if depth > Parser.maxDepth { throw error("spec nested too deeply (limit \(Parser.maxDepth))", at: peek.offset) }
  }

  // expression := lambda | conditional
  mutating func expression() throws(SpecError) -> Node {
    try enter()
    defer { depth -= 1 }
    if isName("lambda") {
      let start = peek.offset
      pos += 1
      var params: [String] = []
      while case .name(let n) = peek.kind {
        params.append(n)
        pos += 1
        if isOp(",") { pos += 1 } else { break }
      }
      try expect(":")
      let body = try expression()
      return Node(.lambda(params: params, body: body), at: start)
    }
    let body = try orTest()
    if isName("if") {
      pos += 1
      let cond = try orTest()
      guard isName("else") else { throw error("expected 'else' in conditional expression", at: peek.offset) }
      pos += 1
      let orElse = try expression()
      return Node(.ifElse(body: body, condition: cond, orElse: orElse), at: body.offset)
    }
    return body
  }

  /// Specs compare with the six orderings only.
  mutating func comparisonOperator() -> CompareOp? {
    guard case .op(let o) = peek.kind, let op = CompareOp(rawValue: o), op.isOrdering else { return nil }
    pos += 1
    return op
  }

  mutating func primary() throws(SpecError) -> Node {
    var n = try atom()
    while true {
      if isOp("(") {
        let open = peek
        pos += 1
        try enter()
        defer { depth -= 1 }
        var args: [Node] = []
        var keywords: [Keyword] = []
        while !isOp(")") {
          if case .end = peek.kind { throw error("unbalanced '(': missing ')'", at: open.offset) }
          if case .name(let k) = peek.kind, case .op("=") = tokens[pos + 1].kind {
            let off = peek.offset
            pos += 2
            if keywords.contains(where: { $0.name == k }) {
              throw error("keyword argument repeated: \(k)", at: off)
            }
            keywords.append(Keyword(name: k, offset: off, value: try expression()))
          } else {
            let a = try expression()
            if !keywords.isEmpty { throw error("positional argument follows keyword argument", at: a.offset) }
            args.append(a)
          }
          if isOp(",") { pos += 1 } else { break }
        }
        try expect(")", opening: open)
        n = Node(.call(n, args: args, keywords: keywords), at: n.offset)
      } else if isOp(".") {
        pos += 1
        guard case .name(let attr) = peek.kind else { throw error("expected a name after '.'", at: peek.offset) }
        pos += 1
        n = Node(.attribute(n, attr), at: n.offset)
      } else if isOp("[") {
        throw error("subscripts are not part of the spec language", at: peek.offset)
      } else {
        return n
      }
    }
  }

  mutating func atom() throws(SpecError) -> Node {
    let t = peek
    switch t.kind {
    case .int(let v): pos += 1; return Node(.int(v), at: t.offset)
    case .bigInt(let digits): pos += 1; return Self.bigLiteral(digits, at: t.offset)
    case .float(let v): pos += 1; return Node(.float(v), at: t.offset)
    case .string(let s):
      pos += 1
      var s = s
      while case .string(let more) = peek.kind { s += more; pos += 1 }
      return Node(.string(s), at: t.offset)
    case .name(let n):
      pos += 1
      switch n {
      case "True": return Node(.bool(true), at: t.offset)
      case "False": return Node(.bool(false), at: t.offset)
      case "None": return Node(.none, at: t.offset)
      case "lambda", "if", "else", "and", "or", "not", "for", "in", "is", "import", "def", "class", "yield",
        "await", "del", "global", "return":
        throw error("unexpected keyword '\(n)'", at: t.offset)
      default: return Node(.name(n), at: t.offset)
      }
    case .op("("):
      pos += 1
      try enter()
      defer { depth -= 1 }
      if isOp(")") { pos += 1; return Node(.tuple([]), at: t.offset) }
      let first = try expression()
      if isOp(")") { pos += 1; return first }
      var items = [first]
      while isOp(",") {
        pos += 1
        if isOp(")") { break }
        items.append(try expression())
      }
      try expect(")", opening: t)
      return Node(.tuple(items), at: t.offset)
    case .op("["):
      pos += 1
      try enter()
      defer { depth -= 1 }
      var items: [Node] = []
      while !isOp("]") {
        if case .end = peek.kind { throw error("unbalanced '[': missing ']'", at: t.offset) }
        items.append(try expression())
        if isOp(",") { pos += 1 } else { break }
      }
      try expect("]", opening: t)
      return Node(.list(items), at: t.offset)
    case .op("{"):
      pos += 1
      try enter()
      defer { depth -= 1 }
      var items: [(Node, Node)] = []
      while !isOp("}") {
        if case .end = peek.kind { throw error("unbalanced '{': missing '}'", at: t.offset) }
        let k = try expression()
        try expect(":")
        items.append((k, try expression()))
        if isOp(",") { pos += 1 } else { break }
      }
      try expect("}", opening: t)
      return Node(.dict(items), at: t.offset)
    case .op(let o) where o == ")" || o == "]" || o == "}":
      throw error("unbalanced '\(o)'", at: t.offset)
    case .end:
      throw error("unexpected end of spec", at: t.offset)
    default:
      throw error("unexpected \(describe(t))", at: t.offset)
    }
  }
}

extension Token.Kind {
  var opText: String {
    if case .op(let o) = self { return o }
    return "?"
  }
}

extension Parser {
  /// An int literal beyond 64 bits as the exact expression `(a · 10^18 + b) · 10^18 + …` of
  /// 18-digit chunks, which the evaluator computes with its big ints.
  static func bigLiteral(_ digits: String, at offset: Int) -> Node {
    let chars = Array(digits)
    let head = chars.count % 18 == 0 ? 18 : chars.count % 18
    var node = Node(.int(Int(String(chars[0..<head]))!), at: offset)
    var i = head
    while i < chars.count {
      let chunk = Int(String(chars[i..<(i + 18)]))!
      let scaled = Node(.binary(.mul, node, Node(.int(1_000_000_000_000_000_000), at: offset)), at: offset)
      node = Node(.binary(.add, scaled, Node(.int(chunk), at: offset)), at: offset)
      i += 18
    }
    return node
  }
}
