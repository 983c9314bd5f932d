import LRSchedCore

/// Python's numeric operators on `PyNumber`, with CPython's results and exceptions.
/// Integers are 64-bit: a result that doesn't fit raises `OverflowError` instead of
/// growing, which also bounds the work of hostile input like `10 ** 10 ** 10`.
enum PyOps {
  static func overflow() -> ScheduleError {
    ScheduleError("OverflowError", "integer result too large (lrsched integers are 64-bit)")
  }

  static func binary(_ op: String, _ a: PyNumber, _ b: PyNumber) throws(ScheduleError) -> PyNumber {
    switch (a, b) {
    case (.int(let x), .int(let y)): return try intOp(op, x, y)
    default: return try floatOp(op, a.double, b.double, bothInts: false)
    }
  }

  static func intOp(_ op: String, _ x: Int, _ y: Int) throws(ScheduleError) -> PyNumber {
    switch op {
    case "+":
      let (r, o) = x.addingReportingOverflow(y)
      if o { throw overflow() }
      return .int(r)
    case "-":
      let (r, o) = x.subtractingReportingOverflow(y)
      if o { throw overflow() }
      return .int(r)
    case "*":
      let (r, o) = x.multipliedReportingOverflow(by: y)
      if o { throw overflow() }
      return .int(r)
    case "/":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "division by zero") }
      return .float(Double(x) / Double(y))
    case "//":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero") }
      if x == .min && y == -1 { throw overflow() }
      return .int(Py.floorDiv(x, y))
    case "%":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "integer modulo by zero") }
      if y == -1 { return .int(0) }
      return .int(Py.floorMod(x, y))
    case "**":
      if y < 0 { return try floatOp("**", Double(x), Double(y), bothInts: true) }
      var result = 1
      var base = x
      var e = y
      while e > 0 {
        if e & 1 == 1 {
          let (r, o) = result.multipliedReportingOverflow(by: base)
          if o { throw overflow() }
          result = r
        }
        e >>= 1
        if e > 0 {
          let (b2, o) = base.multipliedReportingOverflow(by: base)
          if o { throw overflow() }
          base = b2
        }
      }
      return .int(result)
    default:
      throw ScheduleError("TypeError", "unsupported operator \(op)")
    }
  }

  static func floatOp(_ op: String, _ x: Double, _ y: Double, bothInts: Bool) throws(ScheduleError) -> PyNumber {
    switch op {
    case "+": return .float(x + y)
    case "-": return .float(x - y)
    case "*": return .float(x * y)
    case "/":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float division by zero") }
      return .float(x / y)
    case "//":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float floor division by zero") }
      return .float(Py.floorDiv(x, y))
    case "%":
      if y == 0 { throw ScheduleError("ZeroDivisionError", "float modulo") }
      return .float(Py.floorMod(x, y))
    case "**":
      return .float(try floatPow(x, y))
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

  static func compare(_ op: String, _ a: PyNumber, _ b: PyNumber) -> Bool {
    if case .int(let x) = a, case .int(let y) = b {
      switch op {
      case "<": return x < y
      case "<=": return x <= y
      case ">": return x > y
      case ">=": return x >= y
      case "==": return x == y
      default: return x != y
      }
    }
    let x = a.double, y = b.double
    switch op {
    case "<": return x < y
    case "<=": return x <= y
    case ">": return x > y
    case ">=": return x >= y
    case "==": return x == y
    default: return x != y
    }
  }

  /// `int(x)`.
  static func toInt(_ x: PyNumber) throws(ScheduleError) -> Int {
    switch x {
    case .int(let i): return i
    case .float(let d):
      if d.isNaN { throw ScheduleError("ValueError", "cannot convert float NaN to integer") }
      if d.isInfinite { throw ScheduleError("OverflowError", "cannot convert float infinity to integer") }
      let t = d.rounded(.towardZero)
      guard t >= -9.2e18, t <= 9.2e18 else { throw overflow() }
      return Int(t)
    }
  }

  /// `round(x)`: half to even, an int.
  static func round(_ x: PyNumber) throws(ScheduleError) -> Int {
    switch x {
    case .int(let i): return i
    case .float(let d): return try toInt(.float(d.rounded(.toNearestOrEven)))
    }
  }

  static func mathDomain() -> ScheduleError { ScheduleError("ValueError", "math domain error") }
  static func mathRange() -> ScheduleError { ScheduleError("OverflowError", "math range error") }

  /// The `math` module functions of the subset.
  static func math(_ name: String, _ args: [PyNumber]) throws(ScheduleError) -> PyNumber {
    let x = args[0].double
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
    case "log":
      if x <= 0 { throw mathDomain() }
      if args.count == 2 {
        let b = args[1].double
        if b <= 0 { throw mathDomain() }
        let lb = LibM.log(b)
        if lb == 0 { throw ScheduleError("ZeroDivisionError", "float division by zero") }
        return .float(LibM.log(x) / lb)
      }
      return .float(LibM.log(x))
    case "log10":
      if x <= 0 { throw mathDomain() }
      return .float(LibM.log10(x))
    case "log2":
      if x <= 0 { throw mathDomain() }
      return .float(LibM.log(x) / LibM.log(2))
    case "sqrt":
      if x < 0 { throw mathDomain() }
      return .float(LibM.sqrt(x))
    case "floor":
      if case .int = args[0] { return args[0] }
      return .int(try toInt(.float(LibM.floor(x))))
    case "ceil":
      if case .int = args[0] { return args[0] }
      return .int(try toInt(.float(LibM.ceil(x))))
    case "pow":
      return .float(try floatPow(x, args[1].double))
    case "fabs":
      return .float(Swift.abs(x))
    default:
      throw ScheduleError("AttributeError", "module 'math' has no attribute '\(name)'")
    }
  }
}
