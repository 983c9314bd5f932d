import LRSchedCore

/// A number as the evaluator computes with it: a Python int (64-bit, or a `BigInt` once
/// it outgrows 64 bits) or a float.
enum Num: Sendable {
  case int(Int)
  case big(BigInt)
  case float(Double)

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
    if case .float = self { return false }
    return true
  }

  var bigInt: BigInt {
    switch self {
    case .int(let i): return BigInt(i)
    case .big(let b): return b
    case .float: preconditionFailure("not an int")
    }
  }

  /// `float(x)`: ints are correctly rounded; `OverflowError` beyond the double range.
  func toDouble() throws(ScheduleError) -> Double {
    switch self {
    case .int(let i): return Double(i)
    case .big(let b): return try b.toDouble()
    case .float(let d): return d
    }
  }

  /// The number handed out of a lambda: every consumer multiplies a float by it, which
  /// converts an int with `float()` first (so a huge one raises there, as in Python).
  func pyNumber() throws(ScheduleError) -> PyNumber {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .float(try b.toDouble())
    case .float(let d): return .float(d)
    }
  }

  var pyValue: PyValue {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .bigInt(b)
    case .float(let d): return .float(d)
    }
  }
}

/// Python's numeric operators, with CPython's results and exceptions. Integers are exact
/// (64-bit fast path, `BigInt` beyond), up to `BigInt.maxBits` bits: a larger result
/// raises `OverflowError`, which bounds the work of hostile input like `10 ** 10 ** 10`.
enum PyOps {
  static func overflow() -> ScheduleError { BigInt.tooLarge() }

  static func binary(_ op: String, _ a: Num, _ b: Num) throws(ScheduleError) -> Num {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try intOp(op, x, y)
    case (.float, _), (_, .float):
      return .float(try floatOp(op, try a.toDouble(), try b.toDouble()))
    default: return try bigOp(op, a.bigInt, b.bigInt)
    }
  }

  static func intOp(_ op: String, _ x: Int, _ y: Int) throws(ScheduleError) -> Num {
    switch op {
    case "+":
      let (r, o) = x.addingReportingOverflow(y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case "-":
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case "*":
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(r)
    case "/":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "division by zero") }
      // CPython divides as floats when both are exact doubles (|x|, |y| <= 2^53).
      if x.magnitude <= 1 << 53 && y.magnitude <= 1 << 53 { return .float(Double(x) / Double(y)) }
      return .float(try BigInt.trueDivide(BigInt(x), BigInt(y)))
    case "//":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      if x == .min && y == -1 { return try bigOp(op, BigInt(x), BigInt(y)) }
      return .int(Py.floorDiv(x, y))
    case "%":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      if y == -1 { return .int(0) }
      return .int(Py.floorMod(x, y))
    case "**":
      if y < 0 { return .float(try floatOp("**", Double(x), Double(y))) }
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
    default:
      throw ScheduleError("TypeError", "unsupported operator \(op)")
    }
  }

  /// The int operators on ints beyond 64 bits (either operand or the result).
  static func bigOp(_ op: String, _ x: BigInt, _ y: BigInt) throws(ScheduleError) -> Num {
    switch op {
    case "+": return try .int(x + y)
    case "-": return try .int(x - y)
    case "*":
      if x.bitLength + y.bitLength > BigInt.maxBits + 1 { throw overflow() }
      return try .int(x * y)
    case "/":
      if y.isZero { throw ScheduleError("ZeroDivisionError", "division by zero") }
      return .float(try BigInt.trueDivide(x, y))
    case "//":
      if y.isZero { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      return try .int(BigInt.floorDivMod(x, y).0)
    case "%":
      if y.isZero { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      return try .int(BigInt.floorDivMod(x, y).1)
    case "**":
      // A negative exponent makes it `float(x) ** float(y)`.
      if y.negative { return .float(try floatOp("**", try x.toDouble(), try y.toDouble())) }
      return try .int(BigInt.power(x, y))
    default:
      throw ScheduleError("TypeError", "unsupported operator \(op)")
    }
  }

  static func floatOp(_ op: String, _ x: Double, _ y: Double) throws(ScheduleError) -> Double {
    switch op {
    case "+": return x + y
    case "-": return x - y
    case "*": return x * y
    case "/":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float division by zero") }
      return x / y
    case "//":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float floor division by zero") }
      return Py.floorDiv(x, y)
    case "%":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float modulo") }
      return Py.floorMod(x, y)
    case "**":
      return try floatPow(x, y)
    default:
      throw ScheduleError("TypeError", "unsupported operator \(op)")
    }
  }

  /// CPython's `float_pow`: special cases, then the C library's `pow`.
  static func floatPow(_ x: Double, _ y: Double) throws(ScheduleError) -> Double {
    if y == 0 { return 1.0 }
    if x.isNaN { return x }
    if y.isNaN { return x == 1.0 ? 1.0 : y }
    if x == 0 {
      if y < 0 { throw ScheduleError("ZeroDivisionError", "0.0 cannot be raised to a negative power") }
    }
    if x < 0 && y.isFinite && y != y.rounded(.towardZero) {
      throw ScheduleError("ValueError", "complex result: a negative number raised to a fractional power")
    }
    let r = LibM.pow(x, y)
    if r.isInfinite && x.isFinite && y.isFinite {
      throw ScheduleError("OverflowError", "(34, 'Numerical result out of range')")
    }
    return r
  }

  static func compare(_ op: String, _ a: Num, _ b: Num) -> Bool {
    let c: Int
    switch (a, b) {
    case (.int(let x), .int(let y)): c = x < y ? -1 : (x == y ? 0 : 1)
    case (.float(let x), .float(let y)):
      switch op {
      case "<": return x < y
      case "<=": return x <= y
      case ">": return x > y
      case ">=": return x >= y
      case "==": return x == y
      default: return x != y
      }
    case (.float(let x), _):
      guard let r = compareIntFloat(b, x) else { return op == "!=" }
      c = -r
    case (_, .float(let y)):
      guard let r = compareIntFloat(a, y) else { return op == "!=" }
      c = r
    default: c = BigInt.compare(a.bigInt, b.bigInt)
    }
    switch op {
    case "<": return c < 0
    case "<=": return c <= 0
    case ">": return c > 0
    case ">=": return c >= 0
    case "==": return c == 0
    default: return c != 0
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
    case .float(let d): return try toInt(.float(d.rounded(.toNearestOrEven)))
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
    }
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
      return .float(try floatPow(x, try args[1].toDouble()))
    case "fabs":
      return .float(Swift.abs(x))
    default:
      throw ScheduleError("AttributeError", "module 'math' has no attribute '\(name)'")
    }
  }
}
