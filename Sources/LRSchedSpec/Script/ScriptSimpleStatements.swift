/// Simple statements of statement files: `pass`, `break`, `continue`, `return`, `global`,
/// `assert`, `import`, `from … import`, expression statements and (augmented, annotated,
/// chained) assignments, with Python's checks on assignment targets.
extension ScriptParser {
  mutating func dottedName() throws(SpecError) -> String {
    var n = try name()
    while isOp(".") {
      pos += 1
      n += "." + (try name())
    }
    return n
  }

  mutating func smallStatement() throws(SpecError) -> Statement {
    let t = peek
    if case .name(let kw) = t.kind {
      if let what = ScriptParser.unsupported[kw] {
        // Parsed loosely (to the end of the statement), refused only if the file runs it.
        pos += 1
        while true {
          switch peek.kind {
          case .newline, .end, .op(";"): return Statement(.unsupported(what + " statements are"), at: t.offset)
          default: pos += 1
          }
        }
      }
      switch kw {
      case "pass": pos += 1; return Statement(.pass, at: t.offset)
      case "break": pos += 1; return Statement(.breakLoop, at: t.offset)
      case "continue": pos += 1; return Statement(.continueLoop, at: t.offset)
      case "return":
        pos += 1
        if case .newline = peek.kind { return Statement(.returnValue(nil), at: t.offset) }
        if isOp(";") { return Statement(.returnValue(nil), at: t.offset) }
        return Statement(.returnValue(try expressionList()), at: t.offset)
      case "global":
        pos += 1
        var names = [try name()]
        while isOp(",") {
          pos += 1
          names.append(try name())
        }
        return Statement(.global(names), at: t.offset)
      case "assert":
        pos += 1
        let cond = try expression()
        var msg: Node?
        if isOp(",") {
          pos += 1
          msg = try expression()
        }
        return Statement(.assert(cond, msg), at: t.offset)
      case "import":
        pos += 1
        var names: [ImportName] = []
        repeat {
          if isOp(",") { pos += 1 }
          let n = try dottedName()
          var alias: String?
          if isName("as") {
            pos += 1
            alias = try name()
          }
          names.append(ImportName(name: n, alias: alias))
        } while isOp(",")
        return Statement(.importModules(names), at: t.offset)
      case "from":
        pos += 1
        var module = ""
        while isOp(".") || isOp("...") {
          if case .op(let o) = peek.kind { module += o }
          pos += 1
        }
        if !isName("import") { module += try dottedName() }
        guard isName("import") else { throw error("expected 'import', found \(describe(peek))", at: peek.offset) }
        pos += 1
        if isOp("*") {
          pos += 1
          return Statement(.fromImport(module: module, names: [ImportName(name: "*", alias: nil)]), at: t.offset)
        }
        let paren = isOp("(")
        if paren { pos += 1 }
        var names: [ImportName] = []
        while case .name = peek.kind {
          let n = try name()
          var alias: String?
          if isName("as") {
            pos += 1
            alias = try name()
          }
          names.append(ImportName(name: n, alias: alias))
          if isOp(",") { pos += 1 } else { break }
        }
        if paren { try expect(")") }
        if names.isEmpty { throw error("expected a name to import", at: peek.offset) }
        return Statement(.fromImport(module: module, names: names), at: t.offset)
      default: break
      }
    }
    let first = try expressionList(starred: true)
    if case .op(let o) = peek.kind {
      if o == ":" {
        pos += 1
        _ = try expression()
        var value: Node?
        if isOp("=") {
          pos += 1
          value = try expressionList()
        }
        return Statement(.annAssign(target: try checkTarget(first), value: value), at: t.offset)
      }
      if o.count >= 2, o.hasSuffix("="), !["==", "<=", ">=", "!="].contains(o) {
        guard let op = BinaryOp(rawValue: String(o.dropLast())) else {
          throw error("the '\(o)' operator is not part of the Python subset lrsched reads", at: peek.offset)
        }
        pos += 1
        let value = try expressionList()
        return Statement(.augAssign(target: try checkTarget(first, augmented: true), op: op, value: value), at: t.offset)
      }
      if o == "=" {
        var targets = [first]
        var value = first
        while isOp("=") {
          pos += 1
          value = try expressionList(starred: true)
          targets.append(value)
        }
        targets.removeLast()
        var checked: [Node] = []
        for target in targets { checked.append(try checkTarget(target)) }
        return Statement(.assign(targets: checked, value: value), at: t.offset)
      }
    }
    return Statement(.expr(first), at: t.offset)
  }

  /// Refuses what can't be assigned to, as Python's parser does.
  func checkTarget(_ n: Node, augmented: Bool = false) throws(SpecError) -> Node {
    switch n.expr {
    case .name, .attribute, .index: return n
    case .tuple(let items), .list(let items):
      if augmented { throw error("illegal expression for augmented assignment", at: n.offset) }
      for i in items { _ = try checkTarget(i) }
      return n
    case .starred(let inner):
      _ = try checkTarget(inner)
      return n
    default: throw error("cannot assign to this expression", at: n.offset)
    }
  }
}
