#if canImport(Glibc)
  import Glibc
#endif

/// Tick labels that read well: plain decimals with just the digits the step needs
/// (`0.0002`, `0.25`, `3900`), switching to `2.5e-4` style only for very small or very
/// large values, and never printing float noise like `0.30000000000000004`.
public enum TickFormat {
  /// Labels for linear ticks with spacing `step`.
  public static func labels(_ values: [Double], step: Double) -> [String] {
    let maxAbs = values.map { Swift.abs($0) }.max() ?? 0
    if maxAbs != 0 && (maxAbs < 1e-3 || maxAbs >= 1e6) {
      return values.map { scientific($0, step: step) }
    }
    let decimals = decimalsFor(step)
    return values.map { fixed($0, decimals: decimals) }
  }

  /// Labels for log ticks: plain numbers when every tick lies in [0.001, 10⁴] (`0.01`,
  /// `1`, `100`), else powers of ten with superscript exponents (`10⁻⁴`, `2×10⁻⁴`) for all of
  /// them, so one axis never mixes the two styles.
  public static func logLabels(_ values: [Double]) -> [String] {
    let plain = values.allSatisfy { $0 >= 1e-3 * (1 - 1e-9) && $0 <= 1e4 * (1 + 1e-9) }
    return values.map { v in
      let e = Int(Glibc.floor(Glibc.log10(v) + 1e-9))
      if plain { return fixed(v, decimals: max(0, -e)) }
      let m = (v / Glibc.pow(10, Double(e)) * 1000).rounded() / 1000
      let power = "10" + superscript(e)
      if m == 1 { return power }
      var ms = fixed(m, decimals: 3)
      while ms.hasSuffix("0") { ms.removeLast() }
      if ms.hasSuffix(".") { ms.removeLast() }
      return ms + "×" + power
    }
  }

  /// `-4` → `⁻⁴`.
  public static func superscript(_ n: Int) -> String {
    let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
    return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
  }

  /// Digits after the point a step needs: 0.25 → 2, 0.5 → 1, 20 → 0.
  public static func decimalsFor(_ step: Double) -> Int {
    var d = 0
    while d < 15 {
      let scaled = step * Glibc.pow(10, Double(d))
      if Swift.abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return d }
      d += 1
    }
    return d
  }

  public static func fixed(_ v: Double, decimals: Int) -> String {
    let scale = Glibc.pow(10, Double(decimals))
    let n = (v * scale).rounded()
    if n == 0 { return decimals == 0 ? "0" : "0." + String(repeating: "0", count: decimals) }
    let neg = n < 0
    var digits = String(Int64(Swift.abs(n)))
    if decimals > 0 {
      if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
      let i = digits.index(digits.endIndex, offsetBy: -decimals)
      digits = String(digits[..<i]) + "." + String(digits[i...])
    }
    return (neg ? "−" : "") + digits
  }

  /// `2.5e-4`, `1e5`, `−3e-6`.
  public static func scientific(_ v: Double, step: Double) -> String {
    if v == 0 { return "0" }
    let e = Int(Glibc.floor(Glibc.log10(Swift.abs(v)) + 1e-9))
    let m = v / Glibc.pow(10, Double(e))
    let stepM = Swift.abs(step) / Glibc.pow(10, Double(e))
    let decimals = min(3, decimalsFor(max(stepM, 1e-3)))
    var ms = fixed(m, decimals: decimals)
    if ms.contains(".") {
      while ms.hasSuffix("0") { ms.removeLast() }
      if ms.hasSuffix(".") { ms.removeLast() }
    }
    return ms + "e" + String(e)
  }
}
