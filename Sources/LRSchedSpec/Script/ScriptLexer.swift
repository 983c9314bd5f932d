/// A token of a statement file: Python's tokens, with NEWLINE / INDENT / DEDENT for the
/// block structure (CPython's `Parser/tokenizer.c`, reduced to what the subset uses).
public struct ScriptToken: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case name(String)
    case int(Int)
    case float(Double)
    case string(String)
    /// An f-string, kept as its text.
    case fstring(String)
    case op(String)
    case newline
    case indent
    case dedent
    case end
  }
  public var kind: Kind
  /// Character offset in the source.
  public var offset: Int
}

/// Splits a Python file into tokens: comments (in any language) and blank lines skipped,
/// backslash and bracket continuation, indentation as INDENT/DEDENT, string prefixes and
/// triple quotes. Sizes are bounded so hostile input can't make it work without end.
public struct ScriptLexer {
  let chars: [Character]
  let source: String
  /// Longest file accepted (characters).
  public static let maxSource = 1_000_000
  public static let maxIndentDepth = 100

  public init(_ source: String) {
    self.source = source
    chars = Array(source)
  }

  func fail(_ message: String, _ at: Int) -> SpecError { SpecError(message, source: source, column: at) }

  static let ops3: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
  static let ops2: Set<String> = [
    "**", "//", "==", "!=", "<=", ">=", "->", "+=", "-=", "*=", "/=", "%=", ":=", "<<", ">>", "&=", "|=", "^=", "@=",
  ]
  static let ops1 = Set("()[]{},:;=+-*/%<>.@&|^~")

  public func tokens() throws(SpecError) -> [ScriptToken] {
    if chars.count > Self.maxSource { throw fail("file too large (limit \(Self.maxSource) characters)", 0) }
    var out: [ScriptToken] = []
    var indents = [0]
    var i = 0
    var brackets: [(Character, Int)] = []
    var atLineStart = true
    while i < chars.count {
      if atLineStart && brackets.isEmpty {
        // Measure the indentation of a logical line; skip blank and comment-only lines.
        var col = 0
        var j = i
        while j < chars.count, chars[j] == " " || chars[j] == "\t" || chars[j] == "\u{0C}" {
          col = chars[j] == "\t" ? (col / 8 + 1) * 8 : col + 1
          j += 1
        }
        if j >= chars.count { i = j; break }
        if chars[j] == "\n" || chars[j] == "\r" || chars[j] == "#" || (chars[j] == "\\" && j + 1 < chars.count && chars[j + 1] == "\n") {
          while j < chars.count, chars[j] != "\n" { j += 1 }
          i = j + 1
          continue
        }
        atLineStart = false
        if col > indents.last! {
          if indents.count >= Self.maxIndentDepth { throw fail("blocks nested too deeply (limit \(Self.maxIndentDepth))", j) }
          indents.append(col)
          out.append(ScriptToken(kind: .indent, offset: j))
        } else {
          while col < indents.last! {
            indents.removeLast()
            out.append(ScriptToken(kind: .dedent, offset: j))
          }
          if col != indents.last! { throw fail("unindent does not match any outer indentation level", j) }
        }
        i = j
      }
      let c = chars[i]
      if c == " " || c == "\t" || c == "\r" || c == "\u{0C}" { i += 1; continue }
      if c == "#" {
        while i < chars.count, chars[i] != "\n" { i += 1 }
        continue
      }
      if c == "\\" {
        var j = i + 1
        if j < chars.count, chars[j] == "\r" { j += 1 }
        guard j < chars.count, chars[j] == "\n" else { throw fail("unexpected character after line continuation character", i) }
        i = j + 1
        continue
      }
      if c == "\n" {
        if brackets.isEmpty {
          if let last = out.last, last.kind != .newline { out.append(ScriptToken(kind: .newline, offset: i)) }
          atLineStart = true
        }
        i += 1
        continue
      }
      let start = i
      if c.isLetter || c == "_" {
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        let word = String(chars[start..<i])
        if i < chars.count, chars[i] == "'" || chars[i] == "\"", let prefix = StringPrefix(word) {
          out.append(try string(&i, start: start, prefix: prefix))
          continue
        }
        out.append(ScriptToken(kind: .name(word), offset: start))
        continue
      }
      if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
        out.append(try number(&i))
        continue
      }
      if c == "'" || c == "\"" {
        out.append(try string(&i, start: start, prefix: StringPrefix("")!))
        continue
      }
      let rest3 = i + 3 <= chars.count ? String(chars[i..<i + 3]) : ""
      let rest2 = i + 2 <= chars.count ? String(chars[i..<i + 2]) : ""
      let op: String
      if Self.ops3.contains(rest3) {
        op = rest3
      } else if Self.ops2.contains(rest2) {
        op = rest2
      } else if Self.ops1.contains(c) {
        op = String(c)
      } else {
        throw fail("unexpected character '\(c)'", i)
      }
      if "([{".contains(c) {
        if brackets.count >= 200 { throw fail("brackets nested too deeply (limit 200)", i) }
        brackets.append((c, i))
      } else if ")]}".contains(c) {
        let want: Character = c == ")" ? "(" : (c == "]" ? "[" : "{")
        guard let open = brackets.last else { throw fail("unmatched '\(c)'", i) }
        guard open.0 == want else { throw fail("closing '\(c)' does not match opening '\(open.0)'", i) }
        brackets.removeLast()
      }
      out.append(ScriptToken(kind: .op(op), offset: i))
      i += op.count
    }
    if let open = brackets.last { throw fail("'\(open.0)' was never closed", open.1) }
    if let last = out.last, last.kind != .newline { out.append(ScriptToken(kind: .newline, offset: chars.count)) }
    for _ in indents.dropFirst() { out.append(ScriptToken(kind: .dedent, offset: chars.count)) }
    out.append(ScriptToken(kind: .end, offset: chars.count))
    return out
  }

  private func number(_ i: inout Int) throws(SpecError) -> ScriptToken {
    let start = i
    func isDigit(_ c: Character, hex: Bool = false) -> Bool {
      c.isASCII && (c.isNumber || c == "_" || (hex && c.isHexDigit))
    }
    if chars[i] == "0", i + 1 < chars.count, "xXoObB".contains(chars[i + 1]) {
      let radix: Int = "xX".contains(chars[i + 1]) ? 16 : ("oO".contains(chars[i + 1]) ? 8 : 2)
      i += 2
      let digitsStart = i
      while i < chars.count, isDigit(chars[i], hex: radix == 16) { i += 1 }
      let text = String(chars[digitsStart..<i].filter { $0 != "_" })
      guard let v = Int(text, radix: radix) else {
        throw fail(text.isEmpty ? "malformed number" : "integer literal too large (lrsched integers are 64-bit)", start)
      }
      return ScriptToken(kind: .int(v), offset: start)
    }
    var isFloat = false
    while i < chars.count, isDigit(chars[i]) { i += 1 }
    if i < chars.count, chars[i] == "." {
      isFloat = true
      i += 1
      while i < chars.count, isDigit(chars[i]) { i += 1 }
    }
    if i < chars.count, chars[i] == "e" || chars[i] == "E" {
      isFloat = true
      i += 1
      if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
      let expStart = i
      while i < chars.count, isDigit(chars[i]) { i += 1 }
      if i == expStart { throw fail("malformed number", start) }
    }
    if i < chars.count, chars[i] == "j" || chars[i] == "J" { throw fail("complex literals are not supported", start) }
    if i < chars.count, chars[i].isLetter || chars[i] == "_" { throw fail("malformed number", start) }
    if i - start > Lexer.maxLiteralLength { throw fail("number literal too long", start) }
    let text = String(chars[start..<i].filter { $0 != "_" })
    if isFloat {
      guard let d = Double(text) else { throw fail("malformed number", start) }
      return ScriptToken(kind: .float(d), offset: start)
    }
    if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) {
      throw fail("leading zeros in an integer literal are not allowed", start)
    }
    guard let v = Int(text) else { throw fail("integer literal too large (lrsched integers are 64-bit)", start) }
    return ScriptToken(kind: .int(v), offset: start)
  }

  struct StringPrefix {
    var raw = false
    var format = false
    var bytes = false
    init?(_ word: String) {
      guard word.count <= 2 else { return nil }
      for c in word.lowercased() {
        switch c {
        case "r": raw = true
        case "f": format = true
        case "b": bytes = true
        case "u": break
        default: return nil
        }
      }
    }
  }

  private func string(_ i: inout Int, start: Int, prefix: StringPrefix) throws(SpecError) -> ScriptToken {
    if prefix.bytes { throw fail("bytes literals are not supported", start) }
    let quote = chars[i]
    let triple = i + 2 < chars.count && chars[i + 1] == quote && chars[i + 2] == quote
    i += triple ? 3 : 1
    var s = ""
    while true {
      guard i < chars.count else { throw fail(triple ? "unterminated triple-quoted string" : "unterminated string", start) }
      let c = chars[i]
      if c == quote {
        if !triple { i += 1; break }
        if i + 2 < chars.count, chars[i + 1] == quote, chars[i + 2] == quote { i += 3; break }
      }
      if c == "\n" && !triple { throw fail("unterminated string", start) }
      if c == "\\" && i + 1 < chars.count {
        let e = chars[i + 1]
        i += 2
        if prefix.raw {
          s.append("\\")
          s.append(e)
          continue
        }
        switch e {
        case "n": s.append("\n")
        case "t": s.append("\t")
        case "r": s.append("\r")
        case "0": s.append("\0")
        case "\n": break
        case "\\", "'", "\"": s.append(e)
        case "x", "u", "U":
          let n = e == "x" ? 2 : (e == "u" ? 4 : 8)
          guard i + n <= chars.count, let v = UInt32(String(chars[i..<i + n]), radix: 16), let u = Unicode.Scalar(v) else {
            throw fail("malformed \\\(e) escape in a string", i - 2)
          }
          s.unicodeScalars.append(u)
          i += n
        default:
          s.append("\\")
          s.append(e)
        }
        continue
      }
      s.append(c)
      i += 1
      if s.count > 65_536 { throw fail("string literal too long (limit 65,536 characters)", start) }
    }
    return ScriptToken(kind: prefix.format ? .fstring(s) : .string(s), offset: start)
  }
}
