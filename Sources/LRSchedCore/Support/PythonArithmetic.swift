#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Python's numeric operators, reproduced exactly (CPython `Objects/floatobject.c`,
/// `Objects/longobject.c`), so schedules that use `//`, `%` and `**` match bit for bit.
public enum Py {
  /// `x ** y` on floats: CPython's `float_pow` (`Objects/floatobject.c`), case by case in its
  /// order. `0.0 ** negative finite` raises ZeroDivisionError, a finite result too large for a
  /// double OverflowError (underflow to 0 is silent). Returns nil where Python's result is
  /// complex: a finite negative base with a finite fractional exponent.
  public static func floatPow(_ x: Double, _ y: Double) throws(ScheduleError) -> Double? {
    /// `DOUBLE_IS_ODD_INTEGER`.
    func isOddInteger(_ v: Double) -> Bool { fmod(Swift.abs(v), 2.0) == 1.0 }
    if y == 0 { return 1.0 }
    if x.isNaN { return x }
    if y.isNaN { return x == 1.0 ? 1.0 : y }
    if y.isInfinite {
      let ax = Swift.abs(x)
      if ax == 1.0 { return 1.0 }
      return (y > 0) == (ax > 1.0) ? Swift.abs(y) : 0.0
    }
    if x.isInfinite {
      let odd = isOddInteger(y)
      return y > 0 ? (odd ? x : Swift.abs(x)) : (odd ? copysign(0.0, x) : 0.0)
    }
    if x == 0 {
      if y < 0 { throw ScheduleError("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
      return isOddInteger(y) ? x : 0.0
    }
    var base = x
    var negate = false
    if x < 0 {
      if y != floor(y) { return nil }
      base = -x
      negate = isOddInteger(y)
    }
    if base == 1.0 { return negate ? -1.0 : 1.0 }
    let r = pow(base, y)
    if r.isInfinite { throw ScheduleError("OverflowError", "(34, 'Numerical result out of range')") }
    return negate ? -r : r
  }

  /// `x ** y` on floats where a complex result cannot go on (no parameter group holds one):
  /// `floatPow`, and TypeError with `complexMessage` (what the library's next operation on a
  /// complex number says) where Python's result is complex.
  public static func checkedPow(_ x: Double, _ y: Double, complexMessage: String) throws(ScheduleError) -> Double {
    guard let r = try floatPow(x, y) else { throw ScheduleError("TypeError", complexMessage) }
    return r
  }

  /// `a // b` on ints: floor division (rounds toward negative infinity).
  @inlinable public static func floorDiv(_ a: Int, _ b: Int) -> Int {
    let q = a / b
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q
  }

  /// `a % b` on ints: the result has the sign of `b`.
  @inlinable public static func floorMod(_ a: Int, _ b: Int) -> Int {
    let r = a % b
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r
  }

  /// `a // b` on floats, as CPython's `float_floor_div` (via `divmod`).
  @inlinable public static func floorDiv(_ a: Double, _ b: Double) -> Double {
    return divmod(a, b).0
  }

  /// `a % b` on floats, as CPython's `float_rem`.
  @inlinable public static func floorMod(_ a: Double, _ b: Double) -> Double {
    var mod = fmod(a, b)
    if mod != 0 {
      if (b < 0) != (mod < 0) { mod += b }
    } else {
      mod = copysign(0, b)
    }
    return mod
  }

  /// CPython's `float_divmod`.
  @inlinable public static func divmod(_ vx: Double, _ wx: Double) -> (Double, Double) {
    var mod = fmod(vx, wx)
    var div = (vx - mod) / wx
    if mod != 0 {
      if (wx < 0) != (mod < 0) {
        mod += wx
        div -= 1.0
      }
    } else {
      mod = copysign(0, wx)
    }
    var floordiv: Double
    if div != 0 {
      floordiv = floor(div)
      if div - floordiv > 0.5 { floordiv += 1.0 }
    } else {
      floordiv = copysign(0, vx / wx)
    }
    return (floordiv, mod)
  }

  /// `bisect.bisect_right(a, x)`.
  @inlinable public static func bisectRight<T: Comparable>(_ a: [T], _ x: T) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if x < a[mid] { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// `int(x)` for a finite float: truncation toward zero.
  @inlinable public static func int(_ x: Double) -> Int { Int(x.rounded(.towardZero)) }

  /// `math.log(x, base)`: CPython computes `log(x) / log(base)`.
  @inlinable public static func log(_ x: Double, base: Double) -> Double {
    return Glibc.log(x) / Glibc.log(base)
  }
}

/// libm entry points by their C names, so formulas read like the Python they mirror.
public enum LibM {
  @inlinable public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
  @inlinable public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
  @inlinable public static func tan(_ x: Double) -> Double { Glibc.tan(x) }
  @inlinable public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  @inlinable public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inlinable public static func log(_ x: Double) -> Double { Glibc.log(x) }
  @inlinable public static func log10(_ x: Double) -> Double { Glibc.log10(x) }
  @inlinable public static func log2(_ x: Double) -> Double { Glibc.log2(x) }
  @inlinable public static func hypot(_ x: Double, _ y: Double) -> Double { Glibc.hypot(x, y) }
  @inlinable public static func atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
  @inlinable public static func sqrt(_ x: Double) -> Double { Glibc.sqrt(x) }
  @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  @inlinable public static func floor(_ x: Double) -> Double { Glibc.floor(x) }
  @inlinable public static func ceil(_ x: Double) -> Double { Glibc.ceil(x) }
  public static let pi = Double.pi
}
