import LRSchedCore
import Testing

/// `Py.floatPow`: CPython's `float ** float`, the one copy torch, timm, accelerated and the
/// spec evaluator use. Expected results recorded with CPython 3.11.7 (`x ** y`),
/// including the edge cases the three former copies disagreed on.
@Suite struct PyFloatPowTests {
  enum Want: Sendable {
    case value(Double)
    case raises(String, String)
    case complex
  }

  struct Row: Sendable, CustomStringConvertible {
    var x: Double
    var y: Double
    var want: Want
    var description: String { "\(x) ** \(y)" }
  }

  static let inf = Double.infinity
  static let rows: [Row] = [
    Row(x: 0.0, y: -inf, want: .value(inf)),
    Row(x: 0.0, y: -1.0, want: .raises("ZeroDivisionError", "0.0 cannot be raised to a negative power")),
    Row(x: -0.0, y: -2.0, want: .raises("ZeroDivisionError", "0.0 cannot be raised to a negative power")),
    Row(x: 0.0, y: 0.0, want: .value(1.0)),
    Row(x: -0.0, y: 3.0, want: .value(-0.0)),
    Row(x: -0.0, y: 2.0, want: .value(0.0)),
    Row(x: -0.0, y: 0.5, want: .value(0.0)),
    Row(x: -inf, y: 0.5, want: .value(inf)),
    Row(x: -inf, y: 3.0, want: .value(-inf)),
    Row(x: -inf, y: -3.0, want: .value(-0.0)),
    Row(x: -inf, y: 2.0, want: .value(inf)),
    Row(x: inf, y: -1.0, want: .value(0.0)),
    Row(x: -8.0, y: 1.0 / 3.0, want: .complex),
    Row(x: -2.0, y: 3.0, want: .value(-8.0)),
    Row(x: -2.0, y: 2.0, want: .value(4.0)),
    Row(x: -1.0, y: inf, want: .value(1.0)),
    Row(x: -1.0, y: 1e300, want: .value(1.0)),
    Row(x: 1.0, y: .nan, want: .value(1.0)),
    Row(x: .nan, y: 0.0, want: .value(1.0)),
    Row(x: .nan, y: 1.0, want: .value(.nan)),
    Row(x: 2.0, y: .nan, want: .value(.nan)),
    Row(x: 10.0, y: 400.0, want: .raises("OverflowError", "(34, 'Numerical result out of range')")),
    Row(x: -10.0, y: 401.0, want: .raises("OverflowError", "(34, 'Numerical result out of range')")),
    Row(x: 10.0, y: -400.0, want: .value(0.0)),
    Row(x: 0.5, y: inf, want: .value(0.0)),
    Row(x: 2.0, y: -inf, want: .value(0.0)),
    Row(x: -0.5, y: -inf, want: .value(inf)),
    Row(x: 1.5, y: -inf, want: .value(0.0)),
    Row(x: 0.0, y: inf, want: .value(0.0)),
  ]

  @Test(arguments: rows) func matchesCPython(_ row: Row) {
    let got: Result<Double?, ScheduleError> = Result { () throws(ScheduleError) in try Py.floatPow(row.x, row.y) }
    switch (row.want, got) {
    case (.value(let v), .success(let r?)):
      #expect(r.bitPattern == v.bitPattern || (r.isNaN && v.isNaN), "got \(r)")
    case (.complex, .success(nil)):
      break
    case (.raises(let type, let message), .failure(let e)):
      #expect(e.pythonType == type && e.message == message)
    default:
      Issue.record("expected \(row.want), got \(got)")
    }
  }

  /// Where Python's result is complex, `checkedPow` raises TypeError with the caller's text.
  @Test func checkedPowNamesTheComplexResult() {
    #expect(throws: ScheduleError("TypeError", "no complex here")) {
      try Py.checkedPow(-8.0, 0.5, complexMessage: "no complex here")
    }
  }
}
