/// A minimal JSON reader for reference files and saved states. Numbers keep their text so
/// they convert with a correctly rounded decimal-to-double conversion (`Double(String)`),
/// giving back the exact doubles the reference library wrote.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case number(String)
  case string(String)
  case array([JSONValue])
  case object([String: JSONValue], keys: [String])

  public subscript(key: String) -> JSONValue? {
    if case .object(let d, _) = self { return d[key] }
    return nil
  }

  public var string: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  public var double: Double? {
    if case .number(let n) = self { return Double(n) }
    return nil
  }

  public var int: Int? {
    if case .number(let n) = self { return Int(n) ?? Double(n).flatMap { $0 == $0.rounded() && abs($0) < 1e15 ? Int($0) : nil } }
    return nil
  }

  public var array: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }
}

public struct JSONError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var offset: Int
  public var description: String { "\(message) at byte \(offset)" }
}

/// Parses JSON text (RFC 8259), with a nesting limit so hostile input cannot overflow.
public struct JSONParser {
  let bytes: [UInt8]
  var i = 0
  var depth = 0

  public static func parse(_ text: String) throws(JSONError) -> JSONValue {
    var p = JSONParser(bytes: Array(text.utf8))
    p.skip()
    let v = try p.value()
    p.skip()
    guard p.i == p.bytes.count else { throw JSONError(message: "trailing characters", offset: p.i) }
    return v
  }

  init(bytes: [UInt8]) { self.bytes = bytes }

  mutating func skip() {
    while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
  }

  func err(_ m: String) -> JSONError { JSONError(message: m, offset: i) }

  mutating func value() throws(JSONError) -> JSONValue {
    guard i < bytes.count else { throw err("unexpected end of JSON") }
    switch bytes[i] {
    case UInt8(ascii: "{"):
      depth += 1
      if depth > 200 { throw err("JSON nested too deeply") }
      defer { depth -= 1 }
      i += 1
      var d: [String: JSONValue] = [:]
      var keys: [String] = []
      skip()
      if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(d, keys: keys) }
      while true {
        skip()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw err("expected a string key") }
        let k = try string()
        skip()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw err("expected ':'") }
        i += 1
        skip()
        let v = try value()
        if d[k] == nil { keys.append(k) }
        d[k] = v
        skip()
        guard i < bytes.count else { throw err("unexpected end of JSON") }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(d, keys: keys) }
        throw err("expected ',' or '}'")
      }
    case UInt8(ascii: "["):
      depth += 1
      if depth > 200 { throw err("JSON nested too deeply") }
      defer { depth -= 1 }
      i += 1
      var a: [JSONValue] = []
      skip()
      if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
      while true {
        skip()
        a.append(try value())
        skip()
        guard i < bytes.count else { throw err("unexpected end of JSON") }
        if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
        if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
        throw err("expected ',' or ']'")
      }
    case UInt8(ascii: "\""):
      return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "N"): return try literal("NaN", .number("nan"))
    case UInt8(ascii: "I"): return try literal("Infinity", .number("inf"))
    default:
      let start = i
      if bytes[i] == UInt8(ascii: "-") {
        i += 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "I") { _ = try literal("Infinity", .null); return .number("-inf") }
      }
      while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[i]) {
        i += 1
      }
      let text = String(decoding: bytes[start..<i], as: UTF8.self)
      guard !text.isEmpty, Double(text) != nil else { i = start; throw err("invalid JSON value") }
      return .number(text)
    }
  }

  mutating func literal(_ word: String, _ v: JSONValue) throws(JSONError) -> JSONValue {
    let w = Array(word.utf8)
    guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { throw err("invalid JSON literal") }
    i += w.count
    return v
  }

  mutating func string() throws(JSONError) -> String {
    i += 1
    var out = [UInt8]()
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        i += 1
        return String(decoding: out, as: UTF8.self)
      }
      if c == UInt8(ascii: "\\") {
        i += 1
        guard i < bytes.count else { break }
        switch bytes[i] {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"):
          guard i + 4 < bytes.count, let code = UInt32(String(decoding: bytes[i + 1...i + 4], as: UTF8.self), radix: 16) else {
            throw err("invalid \\u escape")
          }
          i += 4
          let scalar = Unicode.Scalar(code) ?? "?"
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default: out.append(bytes[i])
        }
        i += 1
        continue
      }
      out.append(c)
      i += 1
    }
    throw err("unterminated string")
  }
}

/// Writing JSON text: one string-quoting routine for every JSON lrsched writes.
public enum JSONText {
  /// `s` as a JSON string literal (RFC 8259 escapes; other control characters as \u00XX).
  public static func quote(_ s: String) -> String {
    var o = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": o += "\\\""
      case "\\": o += "\\\\"
      case "\n": o += "\\n"
      case "\t": o += "\\t"
      case "\r": o += "\\r"
      default:
        if u.value < 0x20 {
          let h = String(u.value, radix: 16)
          o += "\\u" + String(repeating: "0", count: 4 - h.count) + h
        } else {
          o.unicodeScalars.append(u)
        }
      }
    }
    return o + "\""
  }
}
