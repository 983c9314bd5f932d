import LRSchedCore

/// `int()`, `round()` and the `math` module on evaluator numbers, with CPython's results and
/// exceptions.
extension PyOps {
  /// `int(x)`: exact, of any size.
  static func toInt(_ x: Num) throws(ScheduleError) -> Num {
    switch x {
    case .int, .big: return x
    case .complex:
      throw ScheduleError(
        "TypeError", "int() argument must be a string, a bytes-like object or a real number, not 'complex'")
    case .float(let d):
      if d.isNaN { throw ScheduleError("ValueError", "cannot convert float NaN to integer") }
      if d.isInfinite { throw ScheduleError("OverflowError", "cannot convert float infinity to integer") }
      let t = d.rounded(.towardZero)
      if Swift.abs(t) < 9.2e18 { return .int(Int(t)) }
      return try .int(BigInt(exactly: t))
    }
  }

  /// `round(x)`: half to even, an int.
  static func round(_ x: Num) throws(ScheduleError) -> Num {
    switch x {
    case .int, .big: return x
    case .complex: throw ScheduleError("TypeError", "type complex doesn't define __round__ method")
    case .float(let d): return try toInt(.float(d.rounded(.toNearestOrEven)))
    }
  }

  /// `round(x, ndigits)` with CPython's results: an int stays an int (rounded half to even at
  /// `10^-ndigits` when `ndigits < 0`); a float is rounded exactly at that decimal digit, half to
  /// even, and the nearest double to the result is returned — what CPython's `double_round`
  /// gets through a correctly rounded decimal string. `ndigits > 323` gives `x`; `ndigits < -308`
  /// gives a zero with `x`'s sign.
  static func round(_ x: Num, ndigits: Num) throws(ScheduleError) -> Num {
    let n: Int
    switch ndigits {
    case .int(let i): n = i
    case .big(let b): n = b.negative ? Int.min : Int.max
    case .float: throw ScheduleError("TypeError", "'float' object cannot be interpreted as an integer")
    case .complex: throw ScheduleError("TypeError", "'complex' object cannot be interpreted as an integer")
    }
    /// `num / den` rounded half to even (both non-negative).
    func halfEven(_ num: BigInt, _ den: BigInt) -> BigInt {
      let (q, r) = BigInt.floorDivMod(num, den)
      let c = BigInt.compare(r + r, den)
      if c > 0 || (c == 0 && q.isOdd) { return q + BigInt(1) }
      return q
    }
    func pow10(_ k: Int) throws(ScheduleError) -> BigInt { try BigInt.power(BigInt(10), BigInt(k)) }
    switch x {
    case .complex: throw ScheduleError("TypeError", "type complex doesn't define __round__ method")
    case .int, .big:
      if n >= 0 { return x }
      let v: BigInt
      switch x {
      case .int(let i): v = BigInt(i)
      case .big(let b): v = b
      default: return x
      }
      // 10^2500 exceeds every representable int (8192 bits < 2467 digits): the result is 0.
      if n < -2500 { return .int(0) }
      let p = try pow10(-n)
      let q = halfEven(v.negative ? -v : v, p) * p
      return try Num.int(v.negative ? -q : q)
    case .float(let d):
      if !d.isFinite || d == 0 || n > 323 { return .float(d) }
      if n < -308 { return .float(0.0 * d) }
      // |d| = m · 2^e exactly.
      let e = d.isSubnormal ? -1074 : Int(d.exponent) - 52
      let bits = d.isSubnormal ? d.significandBitPattern : d.significandBitPattern | (1 << 52)
      let m = BigInt(Int(bits))
      let r: Double
      if n >= 0 {
        if e >= 0 { return .float(d) }  // an integer: nothing below the decimal point
        let p = try pow10(n)
        let q = halfEven(m * p, try BigInt.power(BigInt(2), BigInt(-e)))
        r = try BigInt.trueDivide(q, p)
      } else {
        let p = try pow10(-n)
        let q =
          e >= 0
          ? halfEven(m * (try BigInt.power(BigInt(2), BigInt(e))), p)
          : halfEven(m, p * (try BigInt.power(BigInt(2), BigInt(-e))))
        do {
          r = try (q * p).toDouble()
        } catch {
          throw ScheduleError("OverflowError", "rounded value too large to represent")
        }
      }
      return .float(d < 0 ? -r : r)
    }
  }

  /// CPython's `loghelper`: an int is converted to a float when it fits, else
  /// `func(m) + func(2.0) * e` from its `frexp`; ints <= 0 are a domain error.
  static func logOf(_ x: Num, _ f: (Double) -> Double) throws(ScheduleError) -> Double {
    switch x {
    case .big(let b):
      if b.negative { throw mathDomain() }
      if let d = try? b.toDouble() { return f(d) }
      let (m, e) = b.frexp()
      return f(m) + f(2.0) * Double(e)
    case .int(let i):
      if i <= 0 { throw mathDomain() }
      return f(Double(i))
    case .float(let d):
      if d <= 0 { throw mathDomain() }
      return f(d)
    case .complex:
      throw ScheduleError("TypeError", "must be real number, not complex")
    }
  }

  /// `math.pow` (CPython `math_pow_impl`): no complex results and no ZeroDivisionError,
  /// `ValueError: math domain error` instead; overflow is `math range error`.
  static func mathPow(_ x: Double, _ y: Double) throws(ScheduleError) -> Double {
    let r = LibM.pow(x, y)
    if x.isFinite && y.isFinite && !r.isFinite {
      if r.isNaN || x == 0 { throw mathDomain() }
      throw mathRange()
    }
    return r
  }

  static func mathDomain() -> ScheduleError { ScheduleError("ValueError", "math domain error") }
  static func mathRange() -> ScheduleError { ScheduleError("OverflowError", "math range error") }

  /// The `math` module functions of the subset.
  static func math(_ name: String, _ args: [Num]) throws(ScheduleError) -> Num {
    switch name {
    case "log":
      let num = try logOf(args[0]) { LibM.log($0) }
      if args.count == 2 {
        let den = try logOf(args[1]) { LibM.log($0) }
        if den == 0 { throw ScheduleError("ZeroDivisionError", "float division by zero") }
        return .float(num / den)
      }
      return .float(num)
    case "log10": return .float(try logOf(args[0]) { LibM.log10($0) })
    case "log2": return .float(try logOf(args[0]) { LibM.log2($0) })
    case "floor", "ceil":
      if args[0].isInt { return args[0] }
    default: break
    }
    let x = try args[0].toDouble()
    switch name {
    case "cos":
      if x.isInfinite { throw mathDomain() }
      return .float(LibM.cos(x))
    case "sin":
      if x.isInfinite { throw mathDomain() }
      return .float(LibM.sin(x))
    case "tan":
      if x.isInfinite { throw mathDomain() }
      return .float(LibM.tan(x))
    case "tanh": return .float(LibM.tanh(x))
    case "exp":
      let r = LibM.exp(x)
      if r.isInfinite && x.isFinite { throw mathRange() }
      return .float(r)
    case "sqrt":
      if x < 0 { throw mathDomain() }
      return .float(LibM.sqrt(x))
    case "floor":
      return try toInt(.float(LibM.floor(x)))
    case "ceil":
      return try toInt(.float(LibM.ceil(x)))
    case "pow":
      return .float(try mathPow(x, try args[1].toDouble()))
    case "fabs":
      return .float(Swift.abs(x))
    default:
      throw ScheduleError("AttributeError", "module 'math' has no attribute '\(name)'")
    }
  }
}
