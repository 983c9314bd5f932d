/// A Python number as a lambda returns it: an exact `int` or a `float`.
///
/// Schedules multiply a float by it, so the distinction matters only through exactness
/// (`epoch // 3` is an exact int; `0.95 ** epoch` calls the C library's `pow`).
public enum PyNumber: Sendable, Equatable, CustomStringConvertible {
  case int(Int)
  case float(Double)

  /// The value as a Python float (`float(x)`).
  @inlinable public var double: Double {
    switch self {
    case .int(let i): return Double(i)
    case .float(let d): return d
    }
  }

  public var description: String {
    switch self {
    case .int(let i): return String(i)
    case .float(let d): return PyFormat.repr(d)
    }
  }
}

/// A Python callable of one int argument: `lambda epoch: ...`.
///
/// It may raise (`ZeroDivisionError` for `1 / e` at `e == 0`), which ends the run like
/// the library's exception does.
public struct PyLambda: Sendable {
  public let source: String
  private let body: @Sendable (Int) throws(ScheduleError) -> PyNumber

  public init(source: String, _ body: @escaping @Sendable (Int) throws(ScheduleError) -> PyNumber) {
    self.source = source
    self.body = body
  }

  @inlinable public func callAsFunction(_ x: Int) throws(ScheduleError) -> PyNumber {
    try call(x)
  }

  public func call(_ x: Int) throws(ScheduleError) -> PyNumber { try body(x) }

  /// `lambda x: x`, lr-momentum-scheduler's default.
  public static let identity = PyLambda(source: "lambda x: x") { .int($0) }
}

/// Formatting numbers as Python prints them.
public enum PyFormat {
  /// `repr(float)`: the shortest round-trip digits laid out as CPython does
  /// (`0.1`, `1e-05`, `4e-07`, `0.0`, `1e+16`, `inf`): exponent form when the decimal
  /// exponent is below -4 or at least 16. See `ShortestDouble`.
  public static func repr(_ d: Double) -> String { ShortestDouble.repr(d) }
}
