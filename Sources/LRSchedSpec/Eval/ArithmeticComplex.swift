import LRSchedCore

/// Complex arithmetic as CPython 3.11 does it (`Objects/complexobject.c`): what `(-3) ** 0.5`
/// gives before a lambda fails on it.

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
