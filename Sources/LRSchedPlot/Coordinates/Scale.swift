#if canImport(Glibc)
  import Glibc
#endif

/// Maps data values to pixels along one axis, linearly or logarithmically.
public struct Scale: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  public var log: Bool
  /// Pixel positions of `lower` and `upper` (y axes run upwards: start > end).
  public var start: Double
  public var end: Double

  public init(lower: Double, upper: Double, log: Bool = false, start: Double, end: Double) {
    self.lower = lower
    self.upper = upper
    self.log = log
    self.start = start
    self.end = end
  }

  func t(_ v: Double) -> Double {
    if log {
      let a = Glibc.log10(lower), b = Glibc.log10(upper)
      return b == a ? 0.5 : (Glibc.log10(max(v, Double.leastNormalMagnitude)) - a) / (b - a)
    }
    return upper == lower ? 0.5 : (v - lower) / (upper - lower)
  }

  /// The pixel coordinate of a data value.
  public func map(_ v: Double) -> Double { start + (end - start) * t(v) }

  /// The data range of a series with margins, as matplotlib's autoscale does (5% each side),
  /// widened when flat. For log scales the range covers the positive values in decades.
  public static func autoRange(min lo: Double, max hi: Double, log: Bool, margin: Double = 0.05) -> (Double, Double) {
    if log {
      let a = lo > 0 ? lo : 1e-12, b = max(hi, a)
      let la = Glibc.log10(a), lb = Glibc.log10(b)
      let pad = max((lb - la) * margin, 0.05)
      return (Glibc.pow(10, la - pad), Glibc.pow(10, lb + pad))
    }
    if !lo.isFinite || !hi.isFinite { return (0, 1) }
    if hi == lo {
      let d = lo == 0 ? 1 : Swift.abs(lo) * 0.1
      return (lo - d, hi + d)
    }
    let pad = (hi - lo) * margin
    return (lo - pad, hi + pad)
  }
}

/// "Nice" tick positions: steps of 1, 2, 2.5 or 5 × 10^k (as matplotlib's MaxNLocator with
/// steps [1, 2, 2.5, 5, 10]), at most `maxCount` ticks inside [lower, upper].
public enum Ticks {
  /// `integer`: the axis counts whole things (steps, epochs): steps of at least 1 and no 2.5.
  ///
  /// The step is the smallest of 1, 2, 2.5, 5 × 10^k that puts at most `maxCount` ticks
  /// inside the range (ticks need not sit on the ends).
  public static func linear(lower: Double, upper: Double, maxCount: Int, integer: Bool = false) -> (values: [Double], step: Double) {
    guard upper > lower, lower.isFinite, upper.isFinite, (upper - lower).isFinite, maxCount >= 2 else { return ([lower], 1) }
    func count(_ step: Double) -> Double { Glibc.floor(upper / step + 1e-9) - Glibc.ceil(lower / step - 1e-9) + 1 }
    var k = Glibc.floor(Glibc.log10((upper - lower) / Double(maxCount))) - 1
    var step = 0.0
    search: while true {
      let mag = Glibc.pow(10, k)
      for m in [1.0, 2.0, 2.5, 5.0] {
        let s = m * mag
        if integer && (s < 1 || (m == 2.5 && mag < 10)) { continue }
        if count(s) <= Double(maxCount) {
          step = s
          break search
        }
      }
      k += 1
    }
    let first = Glibc.ceil(lower / step - 1e-9)
    let last = Glibc.floor(upper / step + 1e-9)
    guard last >= first, last - first < 1000 else { return ([], step) }
    var out: [Double] = []
    var i = first
    while i <= last {
      // i × step, not a running sum: no accumulated float noise.
      var v = i * step
      if Swift.abs(v) < step * 1e-9 { v = 0 }
      out.append(v)
      i += 1
    }
    return (out, step)
  }

  /// Decades (and 2×, 5× when few decades) inside [lower, upper] for a log axis.
  public static func log(lower: Double, upper: Double, maxCount: Int) -> [Double] {
    guard lower > 0, upper > lower else { return [] }
    let a = Int(Glibc.ceil(Glibc.log10(lower) - 1e-9)), b = Int(Glibc.floor(Glibc.log10(upper) + 1e-9))
    var decades: [Double] = []
    if b >= a { for k in a...b { decades.append(Glibc.pow(10, Double(k))) } }
    if decades.count > maxCount {
      let every = (decades.count + maxCount - 1) / maxCount
      decades = decades.enumerated().filter { ($0.offset + a) % every == 0 }.map(\.element)
    }
    if decades.count < 3 {
      var more: [Double] = []
      for k in (a - 1)...(b + 1) {
        for m in [1.0, 2.0, 5.0] {
          let v = m * Glibc.pow(10, Double(k))
          if v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) { more.append(v) }
        }
      }
      return more
    }
    return decades
  }
}
