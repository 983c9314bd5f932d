/// The operator levels of Python's expression grammar (`Grammar/python.gram`: disjunction,
/// conjunction, inversion, comparison, bitwise_or, sum, term, factor, power), shared by the
/// spec parser and the statement-file parser. Each parser supplies its tokens, its depth
/// limit, the comparison operators it accepts and its primaries (what a call, an attribute or
/// a subscript may be, and the atoms).
protocol ExpressionLevels {
  var pos: Int { get set }
  var depth: Int { get set }
  /// The operator text of the current token, when it is an operator.
  var currentOp: String? { get }
  /// The source offset of the current token.
  var currentOffset: Int { get }
  func isName(_ n: String) -> Bool
  func isOp(_ o: String) -> Bool
  func error(_ message: String, at offset: Int) -> SpecError
  /// One level deeper; throws past the parser's nesting limit.
  mutating func enter() throws(SpecError)
  /// The comparison operator at the current token, consumed, or nil.
  mutating func comparisonOperator() -> CompareOp?
  /// A primary: an atom followed by calls, attributes and subscripts.
  mutating func primary() throws(SpecError) -> Node
}

extension ExpressionLevels {
  /// `a or b or …`
  mutating func orTest() throws(SpecError) -> Node {
    var l = try andTest()
    while isName("or") {
      pos += 1
      l = Node(.or(l, try andTest()), at: l.offset)
    }
    return l
  }

  /// `a and b and …`
  mutating func andTest() throws(SpecError) -> Node {
    var l = try notTest()
    while isName("and") {
      pos += 1
      l = Node(.and(l, try notTest()), at: l.offset)
    }
    return l
  }

  /// `not a`
  mutating func notTest() throws(SpecError) -> Node {
    if isName("not") {
      let start = currentOffset
      pos += 1
      try enter()
      defer { depth -= 1 }
      return Node(.not(try notTest()), at: start)
    }
    return try comparison()
  }

  /// A chained comparison `a < b <= c`.
  mutating func comparison() throws(SpecError) -> Node {
    let first = try orExpression()
    var rest: [(CompareOp, Node)] = []
    while let op = comparisonOperator() { rest.append((op, try orExpression())) }
    return rest.isEmpty ? first : Node(.compare(first, rest), at: first.offset)
  }

  /// The bitwise level (`|`, `^`, `&`, shifts, `@`): refused with a clear message.
  mutating func orExpression() throws(SpecError) -> Node {
    let l = try arith()
    if let o = currentOp, ["|", "^", "&", "<<", ">>", "@"].contains(o) {
      throw error("the '\(o)' operator is not part of the Python subset lrsched reads", at: currentOffset)
    }
    return l
  }

  /// `a + b - c`
  mutating func arith() throws(SpecError) -> Node {
    var l = try term()
    while let o = currentOp, o == "+" || o == "-", let op = BinaryOp(rawValue: o) {
      pos += 1
      l = Node(.binary(op, l, try term()), at: l.offset)
    }
    return l
  }

  /// `a * b / c // d % e`
  mutating func term() throws(SpecError) -> Node {
    var l = try factor()
    while let o = currentOp, ["*", "/", "//", "%"].contains(o), let op = BinaryOp(rawValue: o) {
      pos += 1
      l = Node(.binary(op, l, try factor()), at: l.offset)
    }
    return l
  }

  /// `-a`, `+a`, and `a ** b` (right-associative, binding tighter than a unary minus on its
  /// left: `-2 ** 2` is `-(2 ** 2)`).
  mutating func factor() throws(SpecError) -> Node {
    if let o = currentOp, o == "-" || o == "+" || o == "~" {
      let start = currentOffset
      guard let op = UnaryOp(rawValue: o) else {
        throw error("the '~' operator is not part of the Python subset lrsched reads", at: start)
      }
      pos += 1
      try enter()
      defer { depth -= 1 }
      return Node(.unary(op, try factor()), at: start)
    }
    let base = try primary()
    if isOp("**") {
      pos += 1
      try enter()
      defer { depth -= 1 }
      return Node(.binary(.pow, base, try factor()), at: base.offset)
    }
    return base
  }
}
