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
}
