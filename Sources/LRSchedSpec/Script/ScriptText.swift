/// The user's own text around an offset: the statement that constructs a schedule (for
/// titles and findings), a lambda's source.
enum ScriptText {
  /// The logical line holding `offset`: from its line's start to the end of the
  /// statement (bracketed continuation lines joined, runs of spaces squeezed).
  static func statement(at offset: Int, in source: String) -> String {
    let chars = Array(source)
    guard offset < chars.count else { return "" }
    var start = offset
    while start > 0, chars[start - 1] != "\n" { start -= 1 }
    var depth = 0
    var i = start
    var inString: Character?
    while i < chars.count {
      let c = chars[i]
      if let q = inString {
        if c == "\\" { i += 2; continue }
        if c == q { inString = nil }
      } else if c == "'" || c == "\"" {
        inString = c
      } else if c == "#" {
        while i < chars.count, chars[i] != "\n" { i += 1 }
        continue
      } else if "([{".contains(c) {
        depth += 1
      } else if ")]}".contains(c) {
        depth -= 1
      } else if c == "\n", depth <= 0, i == 0 || chars[i - 1] != "\\" {
        break
      }
      i += 1
    }
    var out = ""
    var lastSpace = false
    for c in chars[start..<i] {
      let isSpace = c == " " || c == "\n" || c == "\t" || c == "\\" || c == "\r"
      if isSpace {
        if !lastSpace && !out.isEmpty { out.append(" ") }
      } else {
        out.append(c)
      }
      lastSpace = isSpace
    }
    return out.trimmingSpaces().replacingBracketSpaces()
  }

  /// A lambda's text (to the closing bracket or comma at its depth).
  static func expression(at offset: Int, in source: String) -> String {
    Evaluator(source: source).sourceText(of: Node(.none, at: offset))
  }

  /// The 1-based line of an offset.
  static func line(of offset: Int, in source: String) -> Int {
    var line = 1
    for (i, c) in source.enumerated() {
      if i >= offset { break }
      if c == "\n" { line += 1 }
    }
    return line
  }
}

extension String {
  /// `f( a, b )` → `f(a, b)` after joining continuation lines.
  fileprivate func replacingBracketSpaces() -> String {
    var out = ""
    for c in self {
      if c == " ", let last = out.last, "([{".contains(last) { continue }
      if ")]}".contains(c), out.last == " " { out.removeLast() }
      if c == ")" || c == "]" || c == "}", out.last == "," { out.removeLast() }
      out.append(c)
    }
    return out
  }
}
