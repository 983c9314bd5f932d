#if canImport(Glibc)
import Glibc
#endif

/// `printf`-style formatting without Foundation (`vsnprintf`).
public func cFormat(_ format: String, _ args: CVarArg...) -> String {
  withVaList(args) { va in
    var buffer = [CChar](repeating: 0, count: 256)
    let n = Int(vsnprintf(&buffer, buffer.count, format, va))
    if n >= buffer.count {
      buffer = [CChar](repeating: 0, count: n + 1)
      return withVaList(args) { va2 in
        vsnprintf(&buffer, buffer.count, format, va2)
        return decodeCString(buffer)
      }
    }
    return decodeCString(buffer)
  }
}

func decodeCString(_ buffer: [CChar]) -> String {
  String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension String {
  /// Left-aligned in a field of `width` characters.
  func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}

/// Minimal JSON writer (numbers as shortest round-trip decimals; non-finite numbers as `null`).
struct JSONWriter {
  var out = ""
  var indent = 0
  var needsComma = [false]

  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "null" }
    if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
  }

  static func string(_ s: String) -> String {
    var r = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": r += "\\\""
      case "\\": r += "\\\\"
      case "\n": r += "\\n"
      case "\t": r += "\\t"
      default:
        if u.value < 0x20 { r += cFormat("\\u%04x", u.value) } else { r.unicodeScalars.append(u) }
      }
    }
    return r + "\""
  }

  mutating func item(_ key: String?) {
    if needsComma[needsComma.count - 1] { out += "," }
    needsComma[needsComma.count - 1] = true
    out += "\n" + String(repeating: "  ", count: indent)
    if let key { out += JSONWriter.string(key) + ": " }
  }

  mutating func open(_ key: String?, _ bracket: String) {
    if indent > 0 || key != nil { item(key) }
    out += bracket
    indent += 1
    needsComma.append(false)
  }

  mutating func close(_ bracket: String) {
    indent -= 1
    let had = needsComma.removeLast()
    if had { out += "\n" + String(repeating: "  ", count: indent) }
    out += bracket
  }

  mutating func raw(_ key: String?, _ value: String) {
    item(key)
    out += value
  }

  mutating func number(_ key: String?, _ x: Double?) { raw(key, x.map(JSONWriter.number) ?? "null") }
  mutating func string(_ key: String?, _ s: String) { raw(key, JSONWriter.string(s)) }
  /// A one-line array of numbers.
  mutating func numbers(_ key: String, _ xs: [Double]) { raw(key, "[" + xs.map(JSONWriter.number).joined(separator: ", ") + "]") }
}
