/// A token of the spec language (a Python expression subset).
public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case name(String)
    case int(Int)
    /// The digits of an int literal beyond 64 bits (Python ints have no limit).
    case bigInt(String)
    case float(Double)
    case string(String)
    case op(String)
    case end
  }
  public var kind: Kind
  /// Character offset in the source.
  public var offset: Int
}

/// Splits a spec into tokens. Refuses what Python would refuse (unterminated strings,
/// malformed numbers) and what the subset leaves out, with the column of the problem.
public struct Lexer {
  let chars: [Character]
  let source: String
  /// Longest literal accepted, to bound work on hostile input.
  public static let maxLiteralLength = 400

  public init(_ source: String) {
    self.source = source
    chars = Array(source)
  }

  public func tokens() throws(SpecError) -> [Token] {
    var out: [Token] = []
    var i = 0
    let ops3 = ["**="]
    let ops2 = ["**", "//", "==", "!=", "<=", ">=", "->"]
    let ops1 = Set("()[]{},:=+-*/%<>.")
    while i < chars.count {
      let c = chars[i]
      if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
      let start = i
      if c.isLetter || c == "_" {
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        out.append(Token(kind: .name(String(chars[start..<i])), offset: start))
        continue
      }
      if c.isASCII && c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
        out.append(try number(&i))
        continue
      }
      if c == "'" || c == "\"" {
        out.append(try string(&i))
        continue
      }
      let rest3 = i + 3 <= chars.count ? String(chars[i..<i + 3]) : ""
      let rest2 = i + 2 <= chars.count ? String(chars[i..<i + 2]) : ""
      if ops3.contains(rest3) {
        throw SpecError("assignment operators are not part of a spec", source: source, column: i)
      }
      if ops2.contains(rest2) {
        out.append(Token(kind: .op(rest2), offset: i))
        i += 2
        continue
      }
      if ops1.contains(c) {
        out.append(Token(kind: .op(String(c)), offset: i))
        i += 1
        continue
      }
      throw SpecError("unexpected character '\(c)'", source: source, column: i)
    }
    out.append(Token(kind: .end, offset: chars.count))
    return out
  }

  private func number(_ i: inout Int) throws(SpecError) -> Token {
    let start = i
    var isFloat = false
    func digits() { while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "_" { i += 1 } }
    digits()
    if i < chars.count, chars[i] == "." {
      isFloat = true
      i += 1
      digits()
    }
    if i < chars.count, chars[i] == "e" || chars[i] == "E" {
      isFloat = true
      i += 1
      if i < chars.count, chars[i] == "+" || chars[i] == "-" { i += 1 }
      let expStart = i
      digits()
      if i == expStart { throw SpecError("malformed number", source: source, column: start) }
    }
    if i < chars.count, chars[i].isLetter || chars[i] == "_" {
      throw SpecError("malformed number", source: source, column: start)
    }
    let text = String(chars[start..<i]).replacingUnderscores()
    if i - start > Lexer.maxLiteralLength {
      throw SpecError("number literal too long", source: source, column: start)
    }
    if isFloat {
      guard let d = Double(text) else { throw SpecError("malformed number", source: source, column: start) }
      return Token(kind: .float(d), offset: start)
    }
    if text.count > 1, text.hasPrefix("0"), text.contains(where: { $0 != "0" }) {
      throw SpecError("leading zeros in an integer literal are not allowed", source: source, column: start)
    }
    guard let v = Int(text) else {
      return Token(kind: .bigInt(text.filter { $0 != "_" }), offset: start)
    }
    return Token(kind: .int(v), offset: start)
  }

  private func string(_ i: inout Int) throws(SpecError) -> Token {
    let start = i
    let quote = chars[i]
    i += 1
    var s = ""
    while i < chars.count, chars[i] != quote {
      if chars[i] == "\\", i + 1 < chars.count {
        i += 1
        switch chars[i] {
        case "n": s.append("\n")
        case "t": s.append("\t")
        default: s.append(chars[i])
        }
      } else if chars[i] == "\n" {
        break
      } else {
        s.append(chars[i])
      }
      i += 1
      if s.count > 4096 { throw SpecError("string literal too long", source: source, column: start) }
    }
    guard i < chars.count, chars[i] == quote else {
      throw SpecError("unterminated string", source: source, column: start)
    }
    i += 1
    return Token(kind: .string(s), offset: start)
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(self.filter { $0 != "_" }) }
}
