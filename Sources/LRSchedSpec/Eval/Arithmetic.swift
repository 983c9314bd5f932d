import LRSchedCore

/// A number as the evaluator computes with it: a Python int (64-bit, or a `BigInt` once
/// it outgrows 64 bits), a float, or a complex (what `(-3) ** 0.5` gives in Python; it
/// can't be an lr, but a lambda may compute with it before it fails as Python does).
enum Num: Sendable {
  case int(Int)
  case big(BigInt)
  case float(Double)
  case complex(Double, Double)

  init(_ n: PyNumber) {
    switch n {
    case .int(let i): self = .int(i)
    case .float(let d): self = .float(d)
    }
  }

  /// An int result: `Int` when it fits, else `BigInt` (bounded by `BigInt.maxBits`).
  static func int(_ b: BigInt) throws(ScheduleError) -> Num {
    if let i = b.asInt { return .int(i) }
    return .big(try b.checked())
  }

  var isInt: Bool {
    switch self {
    case .int, .big: return true
    case .float, .complex: return false
    }
  }

  var isComplex: Bool {
    if case .complex = self { return true }
    return false
  }

  var bigInt: BigInt {
    switch self {
    case .int(let i): return BigInt(i)
    case .big(let b): return b
    case .float, .complex: preconditionFailure("not an int")
    }
  }

  /// Python's type name, for messages.
  var typeName: String {
    switch self {
    case .int, .big: return "int"
    case .float: return "float"
    case .complex: return "complex"
    }
  }

  /// `PyFloat_AsDouble(x)`: ints are correctly rounded (`OverflowError` beyond the double
  /// range); a complex is refused as the `math` functions refuse it.
  func toDouble() throws(ScheduleError) -> Double {
    switch self {
    case .int(let i): return Double(i)
    case .big(let b): return try b.toDouble()
    case .float(let d): return d
    case .complex: throw ScheduleError("TypeError", "must be real number, not complex")
    }
  }

  /// CPython's `TO_COMPLEX`: a real `x` becomes `x + 0j`.
  func toComplex() throws(ScheduleError) -> (Double, Double) {
    if case .complex(let re, let im) = self { return (re, im) }
    return (try toDouble(), 0.0)
  }

  /// The number handed out of a lambda: every consumer multiplies a float by it, which
  /// converts an int with `float()` first (so a huge one raises there, as in Python).
  func pyNumber() throws(ScheduleError) -> PyNumber {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .float(try b.toDouble())
    case .float(let d): return .float(d)
    case .complex:
      // Python would hand the complex on (a complex lr, which no recorded run can hold).
      var e = ScheduleError("TypeError", "the lambda returned a complex number \(pyValue.repr); an lr must be real")
      e.unrepresentable = true
      throw e
    }
  }

  var pyValue: PyValue {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .bigInt(b)
    case .float(let d): return .float(d)
    case .complex(let re, let im): return .complex(re, im)
    }
  }
}

/// Python's numeric operators, with CPython's results and exceptions. Integers are exact
/// (64-bit fast path, `BigInt` beyond), up to `BigInt.maxBits` bits: a larger result
/// raises `OverflowError`, which bounds the work of hostile input like `10 ** 10 ** 10`.
enum PyOps {
  static func overflow() -> ScheduleError { BigInt.tooLarge() }

  /// `a op b`; `names` are the operands' Python type names (for messages: a `bool` is an
  /// int here).
  static func binary(
    _ op: BinaryOp, _ a: Num, _ b: Num, names: (String, String)? = nil
  ) throws(ScheduleError) -> Num {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try intOp(op, x, y)
    case (.complex, _), (_, .complex):
      if op == .floorDiv || op == .mod {
        let (l, r) = names ?? (a.typeName, b.typeName)
        throw ScheduleError("TypeError", "unsupported operand type(s) for \(op.rawValue): '\(l)' and '\(r)'")
      }
      return try complexOp(op, try a.toComplex(), try b.toComplex())
    case (.float, _), (_, .float):
      return try floatOp(op, try a.toDouble(), try b.toDouble())
    default: return try bigOp(op, a.bigInt, b.bigInt)
    }
  }

  static func intOp(_ op: BinaryOp, _ x: Int, _ y: Int) throws(ScheduleError) -> Num {
    switch op {
    case .add:
      let (r, o) = x.addingReportingOverflow(y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case .sub:
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case .mul:
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case .div:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "division by zero") }
      // CPython divides as floats when both are exact doubles (|x|, |y| <= 2^53).
      if x.magnitude <= 1 << 53 && y.magnitude <= 1 << 53 { return .float(Double(x) / Double(y)) }
      return .float(try BigInt.trueDivide(BigInt(x), BigInt(y)))
    case .floorDiv:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      if x == .min && y == -1 { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(Py.floorDiv(x, y))
    case .mod:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      if y == -1 { return .int(0) }
      return .int(Py.floorMod(x, y))
    case .pow:
      if y < 0 { return try floatOp(.pow, Double(x), Double(y)) }
      var result = 1
      var base = x
      var e = y
      while e > 0 {
        if e & 1 == 1 {
          let (r, o) = result.multipliedReportingOverflow(by: base)
          if o { return try bigOp(op, BigInt(x), BigInt(y)) }
          result = r
        }
        e >>= 1
        if e > 0 {
          let (b2, o) = base.multipliedReportingOverflow(by: base)
          if o { return try bigOp(op, BigInt(x), BigInt(y)) }
          base = b2
        }
      }
      return .int(result)
    }
  }

  /// The int operators on ints beyond 64 bits (either operand or the result).
  static func bigOp(_ op: BinaryOp, _ x: BigInt, _ y: BigInt) throws(ScheduleError) -> Num {
    switch op {
    case .add: return try .int(x + y)
    case .sub: return try .int(x - y)
    case .mul:
      if x.bitLength + y.bitLength > BigInt.maxBits + 1 { throw overflow() }
      return try .int(x * y)
    case .div:
      if y.isZero { throw ScheduleError("ZeroDivisionError", "division by zero") }
      return .float(try BigInt.trueDivide(x, y))
    case .floorDiv:
      if y.isZero { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      return try .int(BigInt.floorDivMod(x, y).0)
    case .mod:
      if y.isZero { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      return try .int(BigInt.floorDivMod(x, y).1)
    case .pow:
      // A negative exponent makes it `float(x) ** float(y)`.
      if y.negative { return try floatOp(.pow, try x.toDouble(), try y.toDouble()) }
      return try .int(BigInt.power(x, y))
    }
  }

  static func floatOp(_ op: BinaryOp, _ x: Double, _ y: Double) throws(ScheduleError) -> Num {
    switch op {
    case .add: return .float(x + y)
    case .sub: return .float(x - y)
    case .mul: return .float(x * y)
    case .div:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float division by zero") }
      return .float(x / y)
    case .floorDiv:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float floor division by zero") }
      return .float(Py.floorDiv(x, y))
    case .mod:
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float modulo") }
      return .float(Py.floorMod(x, y))
    case .pow:
      if let r = try Py.floatPow(x, y) { return .float(r) }
      // A finite negative base with a fractional exponent: Python goes complex.
      return try complexOp(.pow, (x, 0.0), (y, 0.0))
    }
  }

  /// `a op b` for a comparison operator; `names` as for `binary`. Ordering a complex
  /// raises `TypeError`; `==` / `!=` compare it (CPython's `complex_richcompare`).
  static func compare(
    _ op: CompareOp, _ a: Num, _ b: Num, names: (String, String)? = nil
  ) throws(ScheduleError) -> Bool {
    if a.isComplex || b.isComplex {
      guard op == .eq || op == .ne else {
        let (l, r) = names ?? (a.typeName, b.typeName)
        throw ScheduleError("TypeError", "'\(op.rawValue)' not supported between instances of '\(l)' and '\(r)'")
      }
      return complexEqual(a, b) == (op == .eq)
    }
    let c: Int
    switch (a, b) {
    case (.int(let x), .int(let y)): c = x < y ? -1 : (x == y ? 0 : 1)
    case (.float(let x), .float(let y)):
      switch op {
      case .lt: return x < y
      case .le: return x <= y
      case .gt: return x > y
      case .ge: return x >= y
      case .eq: return x == y
      case .ne: return x != y
      case .isIn, .notIn, .isSame, .isNot: return try membershipOnNumbers(op, names ?? (a.typeName, b.typeName))
      }
    case (.float(let x), _):
      guard let r = compareIntFloat(b, x) else { return op == .ne }
      c = -r
    case (_, .float(let y)):
      guard let r = compareIntFloat(a, y) else { return op == .ne }
      c = r
    default: c = BigInt.compare(a.bigInt, b.bigInt)
    }
    return try holds(op, c, names ?? (a.typeName, b.typeName))
  }

  static func holds(_ op: CompareOp, _ c: Int, _ names: (String, String)) throws(ScheduleError) -> Bool {
    switch op {
    case .lt: return c < 0
    case .le: return c <= 0
    case .gt: return c > 0
    case .ge: return c >= 0
    case .eq: return c == 0
    case .ne: return c != 0
    case .isIn, .notIn, .isSame, .isNot: return try membershipOnNumbers(op, names)
    }
  }

  /// `in` / `is` never reach number comparison (the statement interpreter answers them);
  /// `x in 3` is Python's `TypeError`.
  static func membershipOnNumbers(_ op: CompareOp, _ names: (String, String)) throws(ScheduleError) -> Bool {
    throw ScheduleError("TypeError", "argument of type '\(names.1)' is not iterable")
  }

  /// `a == b` with at least one complex operand.
  static func complexEqual(_ a: Num, _ b: Num) -> Bool {
    guard case .complex(let re, let im) = a else { return complexEqual(b, a) }
    switch b {
    case .complex(let re2, let im2): return re == re2 && im == im2
    case .float(let d): return re == d && im == 0.0
    case .int, .big:
      // The int is compared exactly with the real part, when the imaginary part is 0.
      return im == 0.0 && compareIntFloat(b, re) == 0
    }
  }

  /// The sign of `i - f` for an int `i`, compared exactly as CPython does (`2 ** 53 + 1 >
  /// 2.0 ** 53`); `nil` when `f` is NaN.
  static func compareIntFloat(_ i: Num, _ f: Double) -> Int? {
    if f.isNaN { return nil }
    if f.isInfinite { return f > 0 ? -1 : 1 }
    if case .int(let x) = i, x.magnitude <= 1 << 53 {
      let d = Double(x)
      return d < f ? -1 : (d == f ? 0 : 1)
    }
    let fl = f.rounded(.down)
    let c = BigInt.compare(i.bigInt, BigInt(exactly: fl))
    if c != 0 { return c }
    return fl == f ? 0 : -1
  }

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

// MARK: - Complex numbers (CPython 3.11 `Objects/complexobject.c`)

extension PyOps {
  typealias Complex = (Double, Double)

  static func complexOp(_ op: BinaryOp, _ a: Complex, _ b: Complex) throws(ScheduleError) -> Num {
    let r: Complex
    switch op {
    case .add: r = (a.0 + b.0, a.1 + b.1)
    case .sub: r = (a.0 - b.0, a.1 - b.1)
    case .mul: r = cProd(a, b)
    case .div:
      guard let q = cQuot(a, b) else { throw ScheduleError("ZeroDivisionError", "complex division by zero") }
      r = q
    case .pow: r = try complexPow(a, b)
    case .floorDiv, .mod: throw ScheduleError("TypeError", "unsupported operand type(s) for \(op.rawValue): 'complex'")
    }
    return .complex(r.0, r.1)
  }

  /// `_Py_c_prod`.
  static func cProd(_ a: Complex, _ b: Complex) -> Complex {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
  }

  /// `_Py_c_quot` (Smith's method); `nil` for a zero divisor (`EDOM`).
  static func cQuot(_ a: Complex, _ b: Complex) -> Complex? {
    let absBReal = b.0 < 0 ? -b.0 : b.0
    let absBImag = b.1 < 0 ? -b.1 : b.1
    if absBReal >= absBImag {
      if absBReal == 0.0 { return nil }
      let ratio = b.1 / b.0
      let denom = b.0 + b.1 * ratio
      return ((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom)
    } else if absBImag >= absBReal {
      let ratio = b.0 / b.1
      let denom = b.0 * ratio + b.1
      return ((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom)
    }
    return (.nan, .nan)
  }

  /// `complex_pow`: `c_powi` for a small integral exponent, else `_Py_c_pow`.
  static func complexPow(_ a: Complex, _ b: Complex) throws(ScheduleError) -> Complex {
    var edom = false
    let p: Complex
    if b.1 == 0.0 && b.0 == LibM.floor(b.0) && Swift.abs(b.0) <= 100.0 {
      let n = Int(b.0)
      if n > 0 {
        p = cPowu(a, n)
      } else if let q = cQuot((1.0, 0.0), cPowu(a, -n)) {
        p = q
      } else {
        edom = true
        p = (0, 0)
      }
    } else if b.0 == 0.0 && b.1 == 0.0 {
      p = (1.0, 0.0)
    } else if a.0 == 0.0 && a.1 == 0.0 {
      if b.1 != 0.0 || b.0 < 0.0 { edom = true }
      p = (0.0, 0.0)
    } else {
      let vabs = LibM.hypot(a.0, a.1)
      var len = LibM.pow(vabs, b.0)
      let at = LibM.atan2(a.1, a.0)
      var phase = at * b.0
      if b.1 != 0.0 {
        len /= LibM.exp(at * b.1)
        phase += b.1 * LibM.log(vabs)
      }
      // glibc's cos/sin of an infinite phase set EDOM.
      if phase.isInfinite { edom = true }
      p = (len * LibM.cos(phase), len * LibM.sin(phase))
    }
    if edom { throw ScheduleError("ZeroDivisionError", "0.0 to a negative or complex power") }
    if p.0.isInfinite || p.1.isInfinite { throw ScheduleError("OverflowError", "complex exponentiation") }
    return p
  }

  /// `c_powu`: square-and-multiply, low bits first.
  static func cPowu(_ x: Complex, _ n: Int) -> Complex {
    var r: Complex = (1.0, 0.0)
    var p = x
    var mask = 1
    while mask > 0 && n >= mask {
      if n & mask != 0 { r = cProd(r, p) }
      mask <<= 1
      p = cProd(p, p)
    }
    return r
  }

  /// `abs(z)` (`_Py_c_abs`).
  static func complexAbs(_ re: Double, _ im: Double) throws(ScheduleError) -> Double {
    if !re.isFinite || !im.isFinite {
      if re.isInfinite { return Swift.abs(re) }
      if im.isInfinite { return Swift.abs(im) }
      return .nan
    }
    let r = LibM.hypot(re, im)
    if !r.isFinite { throw ScheduleError("OverflowError", "absolute value too large") }
    return r
  }
}
