/// Recursive-descent parser for statement files: the statements of Python's grammar
/// (`Grammar/python.gram`) the subset keeps. Anything else is refused with its name and
/// position; nesting depth is bounded.
public struct ScriptParser: ExpressionLevels {
  let tokens: [ScriptToken]
  let source: String
  var pos = 0
  var depth = 0
  public static let maxDepth = 100

  public init(_ source: String) throws(SpecError) {
    self.source = source
    tokens = try ScriptLexer(source).tokens()
  }

  /// Parses a whole file.
  public static func parse(_ source: String) throws(SpecError) -> [Statement] {
    var p = try ScriptParser(source)
    var out: [Statement] = []
    while true {
      if case .end = p.peek.kind { break }
      if case .newline = p.peek.kind { p.pos += 1; continue }
      if case .indent = p.peek.kind { throw p.error("unexpected indent", at: p.peek.offset) }
      out += try p.statement()
    }
    return out
  }

  var peek: ScriptToken { tokens[pos] }
  var next: ScriptToken { tokens[min(pos + 1, tokens.count - 1)] }

  func error(_ message: String, at offset: Int) -> SpecError { SpecError(message, source: source, column: offset) }

  func describe(_ t: ScriptToken) -> String {
    switch t.kind {
    case .name(let n): return "'\(n)'"
    case .int(let i): return "'\(i)'"
    case .float: return "number"
    case .string, .fstring: return "string"
    case .op(let o): return "'\(o)'"
    case .newline: return "end of line"
    case .indent: return "indent"
    case .dedent: return "dedent"
    case .end: return "end of file"
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

  mutating func expect(_ o: String) throws(SpecError) {
    guard isOp(o) else { throw error("expected '\(o)', found \(describe(peek))", at: peek.offset) }
    pos += 1
  }

  mutating func name() throws(SpecError) -> String {
    guard case .name(let n) = peek.kind, !ScriptParser.keywords.contains(n) else {
      throw error("expected a name, found \(describe(peek))", at: peek.offset)
    }
    pos += 1
    return n
  }

  mutating func enter() throws(SpecError) {
    depth += 1
    if depth > ScriptParser.maxDepth { throw error("nested too deeply (limit \(ScriptParser.maxDepth))", at: peek.offset) }
  }

  static let keywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
  ]

  /// Statements Python has that the subset leaves out, by their first keyword.
  static let unsupported: [String: String] = [
    "del": "'del'", "raise": "'raise'", "yield": "'yield'", "await": "'await'", "nonlocal": "'nonlocal'",
  ]

  // MARK: - Statements

  mutating func statement() throws(SpecError) -> [Statement] {
    try enter()
    defer { depth -= 1 }
    let t = peek
    if case .op("@") = t.kind {
      // A decorated def or class: parsed, refused only if the file runs it.
      while isOp("@") {
        skipLine()
        while case .newline = peek.kind { pos += 1 }
      }
      let inner = try statement()
      guard let first = inner.first else { return [] }
      switch first.stmt {
      case .def(let name, let params, _):
        // Defined, but calling it is refused: the decorator may change what it does.
        let refusal = Statement(.unsupported("decorated functions are"), at: t.offset)
        return [Statement(.def(name: name, params: params, body: [refusal]), at: first.offset)]
      case .classDef: return inner
      default: return [Statement(.unsupported("decorators are"), at: t.offset)]
      }
    }
    guard case .name(let kw) = t.kind else { return try simpleStatements() }
    switch kw {
    case "with", "try", "async":
      // Compound statements outside the subset: parsed (their blocks too), refused only if
      // the file runs them (a training script's `def train()` is never called).
      pos += 1
      try skipHeader()
      _ = try block()
      if kw == "try" {
        while isName("except") || isName("else") || isName("finally") {
          pos += 1
          try skipHeader()
          _ = try block()
        }
      }
      return [Statement(.unsupported("'\(kw)' statements are"), at: t.offset)]
    case "except", "finally":
      throw error("'\(kw)' without 'try'", at: t.offset)
    default: break
    }
    switch kw {
    case "if": return [try ifStatement()]
    case "for":
      pos += 1
      let target = try targetList()
      guard isName("in") else { throw error("expected 'in', found \(describe(peek))", at: peek.offset) }
      pos += 1
      let iterable = try expressionList()
      let body = try block()
      let orElse = try elseBlock()
      return [Statement(.forLoop(target: target, iterable: iterable, body: body, orElse: orElse), at: t.offset)]
    case "while":
      pos += 1
      let cond = try expression()
      let body = try block()
      return [Statement(.whileLoop(condition: cond, body: body, orElse: try elseBlock()), at: t.offset)]
    case "def":
      pos += 1
      let n = try name()
      try expect("(")
      let params = try parameters(closing: ")")
      try expect(")")
      if isOp("->") {
        pos += 1
        _ = try expression()
      }
      return [Statement(.def(name: n, params: params, body: try block()), at: t.offset)]
    case "class":
      pos += 1
      let n = try name()
      var bases: [String] = []
      if isOp("(") {
        pos += 1
        while !isOp(")") {
          let b = try expression()
          if case .name(let x) = b.expr { bases.append(x) } else if case .attribute(_, let x) = b.expr { bases.append(x) }
          if isOp(",") { pos += 1 } else { break }
        }
        try expect(")")
      }
      return [Statement(.classDef(name: n, bases: bases, body: try block()), at: t.offset)]
    default:
      return try simpleStatements()
    }
  }

  /// Skips a compound statement's header up to its `:` (brackets balanced by the lexer).
  mutating func skipHeader() throws(SpecError) {
    var depth = 0
    while true {
      switch peek.kind {
      case .op(":") where depth == 0: return
      case .op("("), .op("["), .op("{"): depth += 1
      case .op(")"), .op("]"), .op("}"): depth -= 1
      case .newline, .end: throw error("expected ':'", at: peek.offset)
      default: break
      }
      pos += 1
    }
  }

  /// Skips the rest of a logical line (a decorator).
  mutating func skipLine() {
    while true {
      switch peek.kind {
      case .newline, .end: return
      default: pos += 1
      }
    }
  }

  mutating func ifStatement() throws(SpecError) -> Statement {
    let start = peek.offset
    pos += 1
    var branches = [(try expression(), try block())]
    var orElse: [Statement] = []
    while true {
      if isName("elif") {
        pos += 1
        branches.append((try expression(), try block()))
      } else if isName("else") {
        pos += 1
        orElse = try block()
        break
      } else {
        break
      }
    }
    return Statement(.ifElse(branches: branches, orElse: orElse), at: start)
  }

  mutating func elseBlock() throws(SpecError) -> [Statement] {
    guard isName("else") else { return [] }
    pos += 1
    return try block()
  }

  /// `: NEWLINE INDENT statements DEDENT`, or `: simple statements` on the same line.
  mutating func block() throws(SpecError) -> [Statement] {
    try expect(":")
    guard case .newline = peek.kind else { return try simpleStatements() }
    pos += 1
    guard case .indent = peek.kind else { throw error("expected an indented block", at: peek.offset) }
    pos += 1
    var out: [Statement] = []
    while true {
      if case .dedent = peek.kind { pos += 1; break }
      if case .end = peek.kind { break }
      if case .newline = peek.kind { pos += 1; continue }
      out += try statement()
    }
    return out
  }

  mutating func simpleStatements() throws(SpecError) -> [Statement] {
    var out = [try smallStatement()]
    while isOp(";") {
      pos += 1
      if case .newline = peek.kind { break }
      out.append(try smallStatement())
    }
    switch peek.kind {
    case .newline: pos += 1
    case .end: break
    default: throw error("unexpected \(describe(peek)) after the end of the statement", at: peek.offset)
    }
    return out
  }
}
