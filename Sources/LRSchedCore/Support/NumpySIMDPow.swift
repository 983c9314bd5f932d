/// NumPy's float64 `np.power` on x86-64 machines with AVX512_SKX: a scalar port of the
/// per-lane arithmetic of SVML's `__svml_pow8_ha` (numpy/SVML
/// `linux/avx512/svml_z0_pow_d_ha.s`, BSD-3-Clause), which NumPy 2.x's `DOUBLE_power` loop
/// calls 8 lanes at a time (`loops_umath_fp.dispatch`). Every instruction's rounding is
/// reproduced, including the ones the kernel runs in round-toward-zero (`{rz-sae}`) and
/// round-down (`{rd-sae}`) mode, so the result matches NumPy bit for bit. It is *not*
/// correctly rounded: about 1 value in 20 of `np.logspace(-7, 0, n)` is 1 ulp away from
/// glibc `pow` (see `docs/parity.md`).
///
/// Scope: the kernel's main path, which covers every finite `x > 0` and finite `y` with
/// `|y · log2 x| ≤ 1021.5`. Lanes outside it (x ≤ 0, ±0, Inf/NaN operands, results that
/// overflow or reach the subnormal range) go through SVML's scalar `cout_rare` routine,
/// which is not ported; there the port returns glibc `pow`.
///
/// `vrcp14pd` (an approximate reciprocal, relative error < 2⁻¹⁴, rounded here to 5 fractional
/// bits) is taken as the exact reciprocal. The two agree unless `1/m` lies within 2⁻¹⁴ of a
/// rounding midpoint `(k + ½)/32`; for base 10 (`m = 0.625`, `1/m = 1.6`) it is far from one.
public enum NumpySIMDPow {
  /// `np.power(x, y)` as `__svml_pow8_ha` computes one lane.
  public static func pow(_ x: Double, _ y: Double) -> Double {
    guard x > 0, x.isFinite, y.isFinite, let r = mainPath(x, y) else { return LibM.pow(x, y) }
    return r
  }

  // MARK: log2(x) tables, indexed by the 4 bits under the leading fractional bit of the
  // 5-bit reciprocal (rcp in [1, 1.5): `thA`/`tlA`, rcp in [1.5, 2): `thB`/`tlB`).

  /// High part of `-log2(rcp)` for rcp = 1 + i/32.
  static let thA: [UInt64] = [
    0x0000000000000000, 0xBFA6BAD3758E0000, 0xBFB663F6FAC90000, 0xBFC08C588CDA8000,
    0xBFC5C01A39FC0000, 0xBFCACF5E2DB50000, 0xBFCFBC16B9028000, 0xBFD24407AB0E0000,
    0xBFD49A784BCD0000, 0xBFD6E221CD9D0000, 0xBFD91BBA891F0000, 0xBFDB47EBF7388000,
    0xBFDD6753E0330000, 0xBFDF7A8568CB0000, 0xBFE0C10500D64000, 0xBFE1BF311E95E000,
  ]
  /// High part of `1 - log2(rcp)` for rcp = 1.5 + i/32.
  static let thB: [UInt64] = [
    0x3FDA8FF971810000, 0x3FD8A8980ABFC000, 0x3FD6CB0F6865C000, 0x3FD4F6FBB2CEC000,
    0x3FD32BFEE3710000, 0x3FD169C053640000, 0x3FCF5FD8A9060000, 0x3FCBFC67A8000000,
    0x3FC8A8980ABF8000, 0x3FC563DC29FF8000, 0x3FC22DADC2AB0000, 0x3FBE0B1AE8F30000,
    0x3FB7D60496D00000, 0x3FB1BB32A6000000, 0x3FA77394C9DA0000, 0x3F9743EE86200000,
  ]
  /// Low parts of `thA`.
  static let tlA: [UInt64] = [
    0x0000000000000000, 0xBD5FB0E626C0DE13, 0xBD33167CCC538261, 0x3D2871A7610E40BD,
    0x3D54BC302FFA76FB, 0x3D436C101EE13440, 0x3D47F5DC57266758, 0xBD3CE60916E52E91,
    0xBD5B8AFE492BF6FF, 0xBD49BCAF1AA4168A, 0xBD5708B4B2B5056C, 0xBD250520A377C7EC,
    0x3D55F101C141E670, 0xBD3B3B3864C60011, 0x3D45669DF6A2B592, 0x3D5FE43895D8AC46,
  ]
  /// Low parts of `thB`.
  static let tlB: [UInt64] = [
    0x3D44BC302FFA76FB, 0xBD266CCCAB240E90, 0x3D41D406DB502403, 0x3D3661E393A16B95,
    0xBD51979A5DB68722, 0xBD4D4F1B95E0FF45, 0x3D5F1A4847F7B278, 0xBD3667F21FA8423F,
    0x3D5E9933354DBF17, 0x3D56590643906F2A, 0x3D5A4B69691D7994, 0xBD054CDA62D3926E,
    0xBD512CE6312EBB82, 0x3D552743318A8A57, 0xBD54E55443478FE0, 0xBD495539356F93DC,
  ]
  /// `2^(j/16)`, high part.
  static let exp2Hi: [UInt64] = [
    0x3FF0000000000000, 0x3FF0B5586CF9890F, 0x3FF172B83C7D517B, 0x3FF2387A6E756238,
    0x3FF306FE0A31B715, 0x3FF3DEA64C123422, 0x3FF4BFDAD5362A27, 0x3FF5AB07DD485429,
    0x3FF6A09E667F3BCD, 0x3FF7A11473EB0187, 0x3FF8ACE5422AA0DB, 0x3FF9C49182A3F090,
    0x3FFAE89F995AD3AD, 0x3FFC199BDD85529C, 0x3FFD5818DCFBA487, 0x3FFEA4AFA2A490DA,
  ]
  /// `2^(j/16)`: low part divided by the high part.
  static let exp2LoOverHi: [UInt64] = [
    0x0000000000000000, 0x3C979AA65D837B6D, 0xBC801B15EAA59348, 0x3C968EFDE3A8A894,
    0x3C834D754DB0ABB6, 0x3C859F48A72A4C6D, 0x3C7690CEBB7AAFB0, 0x3C9063E1E21C5409,
    0xBC93B3EFBF5E2228, 0xBC7B32DCB94DA51D, 0x3C8DB72FC1F0EAB4, 0x3C71AFFC2B91CE27,
    0x3C8C1A7792CB3387, 0x3C736EAE30AF0CB3, 0x3C74A385A63D07A7, 0xBC8FF7128FD391F0,
  ]

  // MARK: broadcast constants (named after their byte offset in the kernel's data block)

  /// `2/ln 2` (high part of the first log2 coefficient; R is halved).
  static let c1h = d(0x40071547652B82FE)
  /// log2 polynomial, `P(R) = l1 + l2·R + l3·R² + … + l10·R⁹` (l1, l2 tiny corrections).
  static let l1 = d(0x3C8777DF70B75D10), l2 = d(0xBC8778D9C7190437)
  static let l3 = d(0x400EC709DC3A03FD), l4 = d(0xC0171547652B82FC)
  static let l5 = d(0x4022776C50EFFBDE), l6 = d(0xC02EC709DC3B71A1)
  static let l7 = d(0x403A617607E55815), l8 = d(0xC04715473528EFC1)
  static let l9 = d(0x4054873CF87141D1), l10 = d(0xC0627A394386376F)
  /// exp2 polynomial on the reduced argument, `e1·r + … + e6·r⁶`.
  static let e1 = d(0x3FE62E42FEFA398B), e2 = d(0x3FCEBFBDFF84554D)
  static let e3 = d(0x3FAC6B08D4AD8EB9), e4 = d(0x3F83B2AD1B14EBAA)
  static let e5 = d(0x3F55D7472783D279), e6 = d(0x3F24A1D7F58C2D59)
  /// `1.5·2⁴⁸ + 1023`: adding it (rounding down) leaves `1023 + floor(16·Z)` in the low bits.
  static let shifter = d(0x42F8000000003FF0)
  /// `|Z|` above this (or NaN) sends the lane to the rare path.
  static let zLimit = d(0x408FEC0000000000)  // 1021.5

  @inline(__always) static func d(_ bits: UInt64) -> Double { Double(bitPattern: bits) }

  /// One lane of the kernel's main path; nil where the kernel takes its rare path.
  static func mainPath(_ x: Double, _ y: Double) -> Double? {
    // log2|x| = expon + Th + Tl + log2(1 + 2R), mantissa m in [1/2, 1) (vgetmantpd $10).
    let m = x.significand / 2
    var expon = Double(x.exponent)  // vgetexppd
    let rcp = (32 / m).rounded(.toNearestOrEven) / 32  // vrcp14pd + vrndscalepd $88
    let rbits = rcp.bitPattern >> 47
    let i = Int(rbits & 15)
    let upper = rbits & 16 != 0  // rcp >= 1.5
    let th = d(upper ? thB[i] : thA[i])
    let tl = d(upper ? tlB[i] : tlA[i])
    if rcp < 1.5 { expon += 1 }
    let r = (-0.5).addingProduct(rcp, 0.5 * m)  // (rcp·m − 1)/2, one rounding
    let r2 = r * r
    let p9 = l9.addingProduct(r, l10)
    var p7 = l7.addingProduct(r, l8)
    let eth = expon + th
    p7 = p7.addingProduct(r2, p9)
    var p1 = l1.addingProduct(r, l2)
    let p5 = l5.addingProduct(r, l6)
    var p3 = l3.addingProduct(r, l4)
    let r4 = r2 * r2
    p3 = p3.addingProduct(r2, p5)
    p3 = p3.addingProduct(r4, p7)
    p1 = p1.addingProduct(r2, p3)
    let polyLo = tl.addingProduct(r, p1)
    // expon + Th + c1h·R − c1h·R² in double-double.
    let s = eth.addingProduct(r, c1h)
    let rh = s - eth
    let hi = s.addingProduct(-r, rh)
    let rl = (-rh).addingProduct(r, c1h)
    let rrhHigh = s - hi
    let t = rl.addingProduct(-r, rl)
    let rrhLow = (-rrhHigh).addingProduct(rh, r)
    let lo = polyLo + (t - rrhLow)
    let high = hi + lo
    let tll = lo - (high - hi)
    // Z = y·log2|x|, in round-toward-zero.
    let yh = mulRZ(y, high)
    let zl = fmaRZ(y, high, -yh)
    let zlo = fmaRZ(y, tll, zl)
    let z = addRZ(yh, zlo)
    guard z.magnitude <= zLimit else { return nil }
    let zerr = zlo - (z - yh)
    // 2^Z = 2^N · 2^(j/16) · 2^red.
    let sh = addRD(shifter, z)
    let red = z - (z * 16).rounded(.down) / 16  // vreducepd $65
    let re = Double(bitPattern: (red + zerr).bitPattern & 0xBFFF_FFFF_FFFF_FFFF)
    let j = Int(sh.bitPattern & 15)
    let scale = Double(bitPattern: (sh.bitPattern << 48) & 0x7FF0_0000_0000_0000)
    let the = d(exp2Hi[j])
    let re2 = re * re
    var q = e5.addingProduct(re, e6)
    let q4 = e3.addingProduct(re, e4)
    let q2 = e1.addingProduct(re, e2)
    q = q4.addingProduct(re2, q)
    q = q2.addingProduct(re2, q)
    q = d(exp2LoOverHi[j]).addingProduct(re, q)
    q = the.addingProduct(the, q)
    return q * scale
  }

  // MARK: directed rounding from the round-to-nearest result and the sign of its error

  /// The round-toward-zero result, given the round-to-nearest one and the sign of
  /// `exact − rn`.
  @inline(__always) static func towardZero(_ rn: Double, _ errSign: Int) -> Double {
    if errSign == 0 || rn == 0 || (errSign > 0) == (rn > 0) { return rn }
    return rn > 0 ? rn.nextDown : rn.nextUp
  }

  /// Sign of `a + b + …` computed exactly (Shewchuk's grow-expansion: the sign of a
  /// nonoverlapping expansion is the sign of its largest nonzero component).
  static func exactSign(_ terms: Double...) -> Int {
    var e: [Double] = []
    e.reserveCapacity(terms.count)
    for t in terms {
      var q = t
      var out: [Double] = []
      out.reserveCapacity(e.count + 1)
      for c in e {
        let s = q + c
        let bb = s - q
        let err = (q - (s - bb)) + (c - bb)
        if err != 0 { out.append(err) }
        q = s
      }
      if q != 0 { out.append(q) }
      e = out
    }
    guard let top = e.last else { return 0 }
    return top > 0 ? 1 : -1
  }

  /// `a·b` rounded toward zero (`vmulpd {rz-sae}`).
  static func mulRZ(_ a: Double, _ b: Double) -> Double {
    let p = a * b
    let e = (-p).addingProduct(a, b)
    return towardZero(p, e == 0 ? 0 : (e > 0 ? 1 : -1))
  }

  /// `a·b + c` rounded toward zero (`vfmadd/vfmsub {rz-sae}`).
  static func fmaRZ(_ a: Double, _ b: Double, _ c: Double) -> Double {
    let r = c.addingProduct(a, b)
    let p = a * b
    let pe = (-p).addingProduct(a, b)
    return towardZero(r, exactSign(p, pe, c, -r))
  }

  /// `a + b` rounded toward zero (`vaddpd {rz-sae}`).
  static func addRZ(_ a: Double, _ b: Double) -> Double {
    let s = a + b
    let bb = s - a
    let e = (a - (s - bb)) + (b - bb)
    return towardZero(s, e == 0 ? 0 : (e > 0 ? 1 : -1))
  }

  /// `a + b` rounded down (`vaddpd {rd-sae}`).
  static func addRD(_ a: Double, _ b: Double) -> Double {
    let s = a + b
    let bb = s - a
    let e = (a - (s - bb)) + (b - bb)
    return e < 0 ? s.nextDown : s
  }
}
