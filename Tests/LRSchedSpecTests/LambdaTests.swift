import LRSchedCore
import Testing

@testable import LRSchedSpec

/// Lambdas follow Python semantics; expected values are Python's results.
@Suite struct LambdaTests {
  func eval(_ src: String, _ x: Int) throws -> PyNumber {
    let node = try Parser.parse(src)
    return try Evaluator(source: src).lambda(node).call(x)
  }

  /// `round(x, n)` as CPython rounds: exactly at the decimal digit, half to even (expected
  /// values printed by python3 3.11).
  @Test(arguments: [
    ("round(2.675, 2)", 2.67), ("round(0.285, 2)", 0.28), ("round(1.005, 2)", 1.0), ("round(2.5, 0)", 2.0),
    ("round(-0.4, 0)", -0.0), ("round(1234.5, -1)", 1230.0), ("round(1250.0, -2)", 1200.0),
    ("round(1350.0, -2)", 1400.0), ("round(0.1, 17)", 0.1), ("round(5e-324, 323)", 0.0), ("round(5e-324, -308)", 0.0),
    ("round(1.7976931348623157e308, -300)", 1.79769313e+308), ("round(123456789.12345679, -5)", 123500000.0),
    ("round(1.5, 400)", 1.5), ("round(-1.5, -400)", -0.0), ("round(1.5, -2 ** 63)", 0.0), ("round(1250, -2)", 1200),
    ("round(-1350, -2)", -1400), ("round(7, 3)", 7),
  ] as [(String, Double)])
  func roundToDigitsLikeCPython(_ src: String, _ expected: Double) throws {
    let v = try eval("lambda e: " + src, 0)
    #expect(v.double.bitPattern == expected.bitPattern, "\(src) gave \(v.double)")
  }

  @Test func roundRefusesAFloatDigitCount() {
    #expect(throws: (any Error).self) { _ = try eval("lambda e: round(1.5, 2.0)", 0) }
  }

  @Test func floorDivisionAndModuloFollowTheDivisorsSign() throws {
    #expect(try eval("lambda e: e // 3", 7) == .int(2))
    #expect(try eval("lambda e: -e // 3", 7) == .int(-3))
    #expect(try eval("lambda e: -e % 3", 7) == .int(2))
    #expect(try eval("lambda e: e % -3", 7) == .int(-2))
    #expect(try eval("lambda e: -7.5 // 2", 0) == .float(-4.0))
    #expect(try eval("lambda e: -7.5 % 2", 0) == .float(0.5))
  }

  @Test func powerIsRightAssociativeAndBindsTighterThanUnaryMinus() throws {
    #expect(try eval("lambda e: 2 ** 3 ** 2", 0) == .int(512))
    #expect(try eval("lambda e: -2 ** 2", 0) == .int(-4))
    #expect(try eval("lambda e: 2 ** -1", 0) == .float(0.5))
    #expect(try eval("lambda e: 0.95 ** e", 2) == .float(0.9025))
  }

  @Test func trueDivisionIsAlwaysFloat() throws {
    #expect(try eval("lambda e: e / 2", 4) == .float(2.0))
  }

  @Test func comparisonsChainAndBooleansShortCircuit() throws {
    #expect(try eval("lambda e: 1 if 0 < e <= 5 else 0", 5) == .int(1))
    #expect(try eval("lambda e: 1 if 0 < e <= 5 else 0", 6) == .int(0))
    #expect(try eval("lambda e: e > 2 and 10 or 20", 3) == .int(10))
    #expect(try eval("lambda e: not e", 0) == .int(1))
    #expect(try eval("lambda e: (e > 2) + 1", 3) == .int(2))
  }

  @Test func builtinsKeepPythonTypes() throws {
    #expect(try eval("lambda e: min(1, 0.5, e)", 3) == .float(0.5))
    #expect(try eval("lambda e: max(1, 1.0)", 0) == .int(1))  // first extreme wins
    #expect(try eval("lambda e: round(2.5)", 0) == .int(2))
    #expect(try eval("lambda e: round(3.5)", 0) == .int(4))
    #expect(try eval("lambda e: int(-2.7)", 0) == .int(-2))
    #expect(try eval("lambda e: abs(-e)", 4) == .int(4))
    #expect(try eval("lambda e: math.floor(-0.5)", 0) == .int(-1))
    #expect(try eval("lambda e: math.cos(math.pi)", 0) == .float(-1.0))
  }

  @Test func errorsAreThePythonExceptions() throws {
    #expect(throws: ScheduleError("ZeroDivisionError", "division by zero")) { try eval("lambda e: 1 / e", 0) }
    #expect(throws: ScheduleError("ValueError", "math domain error")) { try eval("lambda e: math.log(e)", 0) }
    #expect(throws: ScheduleError("OverflowError", "math range error")) { try eval("lambda e: math.exp(1000)", 0) }
  }

  @Test func hugePowersEndWithAnErrorNotAHang() throws {
    let limit = ScheduleError("OverflowError", "integer result too large (lrsched integers are limited to 8192 bits)")
    #expect(throws: limit) { try eval("lambda e: 10 ** 10 ** 10", 0) }
    #expect(throws: limit) { try eval("lambda e: 1 / 2 ** e", 8193) }
    #expect(try eval("lambda e: 2 ** 62", 0) == .int(1 << 62))
  }

  @Test func intsBeyond64BitsArePythonInts() throws {
    // A lambda hands an int beyond 64 bits out as float(int), which is what the
    // scheduler's `lr * value` computes first.
    #expect(try eval("lambda e: 2 ** 64", 0) == .float(18446744073709551616.0))
    #expect(try eval("lambda e: 1 / 2 ** e", 100) == .float(0x1p-100))
    #expect(try eval("lambda e: 1 / 2 ** e", 1074) == .float(0x1p-1074))
    #expect(try eval("lambda e: 1 / 2 ** e", 1075) == .float(0))
    #expect(try eval("lambda e: (2 ** e + 1) % 2 ** 64 - 1", 70) == .int(0))
    #expect(try eval("lambda e: -(2 ** e) // 3 + 2 ** e // 3", 100) == .int(-1))
    #expect(try eval("lambda e: 1 if 2 ** e + 1 > 2.0 ** e else 0", 53) == .int(1))
    #expect(try eval("lambda e: (2 ** 60 + 1) / 3", 0) == .float(384307168202282325.0))
    #expect(throws: ScheduleError("OverflowError", "int too large to convert to float")) {
      try eval("lambda e: 2 ** e", 1024)
    }
    #expect(throws: ScheduleError("OverflowError", "integer division result too large for a float")) {
      try eval("lambda e: 10 ** e / 3", 400)
    }
  }

  @Test func complexResultsFailAsInPython() throws {
    #expect(throws: ScheduleError("TypeError", "'<' not supported between instances of 'complex' and 'int'")) {
      try eval("lambda e: 1 if (-3) ** 0.5 < 1 else 2", 0)
    }
    #expect(try eval("lambda e: abs((-4) ** 0.5)", 0) == .float(2.0))
    #expect(try eval("lambda e: 1 if (-4) ** 0.5 == 2 else 2", 0) == .int(2))
    #expect(throws: ScheduleError("TypeError", "the lambda returned a complex number (1.2246467991473532e-16+2j); an lr must be real")) {
      try eval("lambda e: (-4) ** 0.5", 0)
    }
  }

  @Test func pythonReprOfFloats() {
    #expect(PyFormat.repr(0.1) == "0.1")
    #expect(PyFormat.repr(1e-05) == "1e-05")
    #expect(PyFormat.repr(0.0001) == "0.0001")
    #expect(PyFormat.repr(4e-07) == "4e-07")
    #expect(PyFormat.repr(1e16) == "1e+16")
    #expect(PyFormat.repr(123456789012345.0) == "123456789012345.0")
    #expect(PyFormat.repr(0.010000000000000002) == "0.010000000000000002")
    #expect(PyFormat.repr(-2.5) == "-2.5")
    #expect(PyFormat.repr(1.0) == "1.0")
  }
}
