/// The Python number semantics the transformers 5.25 schedule lambdas rely on
/// (`transformers/optimization.py`): their arguments may be `int` or `float`
/// (`num_warmup_steps=2.5`), which changes nothing in the values (every int involved is far
/// below 2^53, so `float(a - b)` equals `float(a) - float(b)`) but decides the
/// `ZeroDivisionError` message and the truthiness of `num_warmup_steps or 10_000`.
enum HF {
  /// `float(a) / float(b)` with Python's `/` exceptions for the operands' types.
  /// `intOperands`: both operands were Python ints (`division by zero`), else a float
  /// (`float division by zero`).
  @inline(__always)
  static func div(_ a: Double, _ b: Double, intOperands: Bool) throws(ScheduleError) -> Double {
    if b == 0 {
      throw ScheduleError("ZeroDivisionError", intOperands ? "division by zero" : "float division by zero")
    }
    return a / b
  }

  /// Python's `max(a, b)`: `b` only when it is strictly greater (so `max(0.0, nan)` is 0.0).
  @inline(__always) static func max(_ a: Double, _ b: Double) -> Double { b > a ? b : a }

  /// Python's `min(a, b)`: `b` only when it is strictly smaller.
  @inline(__always) static func min(_ a: Double, _ b: Double) -> Double { b < a ? b : a }

  /// `math.sqrt(x)`: a negative argument raises `ValueError: math domain error`.
  @inline(__always) static func sqrt(_ x: Double) throws(ScheduleError) -> Double {
    if x < 0 { throw ScheduleError("ValueError", "math domain error") }
    return LibM.sqrt(x)
  }

  /// `float(current_step) / float(max(1, num_warmup_steps))`: the linear warm-up every
  /// schedule shares.
  @inline(__always) static func warmup(_ step: Int, _ warmup: Double) -> Double {
    Double(step) / max(1, warmup)
  }
}

extension PyNumber {
  /// Whether this is a Python `int`.
  @inlinable public var isInt: Bool {
    if case .int = self { return true }
    return false
  }

  /// Python's `a - b` on ints and floats (an int result stays an int).
  static func - (a: PyNumber, b: PyNumber) -> PyNumber {
    if case .int(let x) = a, case .int(let y) = b {
      let (r, o) = x.subtractingReportingOverflow(y)
      if !o { return .int(r) }
    }
    return .float(a.double - b.double)
  }

  /// Python's `a + b` on ints and floats.
  static func + (a: PyNumber, b: PyNumber) -> PyNumber {
    if case .int(let x) = a, case .int(let y) = b {
      let (r, o) = x.addingReportingOverflow(y)
      if !o { return .int(r) }
    }
    return .float(a.double + b.double)
  }

  /// Python truthiness (`x or default`).
  var isTruthy: Bool { double != 0 }
}
