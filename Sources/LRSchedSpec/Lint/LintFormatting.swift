import LRSchedCore

/// How findings write numbers: grouped digits, percentages, significant digits.
extension Lint {
  /// `5,865`.
  static func grouped(_ n: Int) -> String {
    let s = String(Swift.abs(n))
    var out = ""
    for (i, c) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out += "," }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  /// `0.26%`, `12%`.
  static func percent(_ x: Double) -> String {
    let p = x * 100
    if p >= 10 { return String(Int(p.rounded())) + "%" }
    let digits = p >= 1 ? 10.0 : LibM.pow(10, 1 - LibM.floor(LibM.log10(Swift.max(p, 1e-12))))
    return PyFormat.repr((p * digits).rounded() / digits) + "%"
  }

  /// A share of the run with one decimal (`99.8%`, `0.3%`, `100%`).
  static func share(_ x: Double) -> String {
    let r = (x * 1000).rounded() / 10
    let t = PyFormat.repr(r)
    return (t.hasSuffix(".0") ? String(t.dropLast(2)) : t) + "%"
  }

  /// A value with up to 4 significant digits, as Python prints floats.
  static func sig(_ d: Double) -> String {
    guard d.isFinite, d != 0 else { return PyFormat.repr(d) }
    let e = Int(LibM.floor(LibM.log10(Swift.abs(d))))
    let scale = LibM.pow(10, Double(3 - e))
    let r = (d * scale).rounded() / scale
    // Subnormals: the scale overflows; print the value itself.
    return PyFormat.repr(r.isFinite && scale.isFinite ? r : d)
  }
}
