import LRSchedCore

/// A Python `int` that no longer fits in 64 bits (`2 ** 64`, `e ** 20` at e = 10), so that
/// lambdas keep Python's exact integer semantics where a 64-bit int would overflow.
///
/// Sign and magnitude, 32-bit limbs (least significant first, no leading zero limbs).
/// Only the evaluator builds these; results that fit in an `Int` are handed back as `Int`
/// (`Num.int`). Sizes are bounded by `maxBits`: a result that needs more raises
/// `OverflowError` (Python would keep growing; the bound keeps the work of input like
/// `10 ** 10 ** 10` small).
public struct BigInt: Sendable, Equatable, CustomStringConvertible {
  /// The largest magnitude, in bits, a lambda's integer may reach.
  static let maxBits = 8192

  var negative: Bool
  /// |value|, little-endian 32-bit limbs; empty for zero.
  var mag: [UInt32]

  init(negative: Bool, mag: [UInt32]) {
    var m = mag
    while let last = m.last, last == 0 { m.removeLast() }
    self.negative = m.isEmpty ? false : negative
    self.mag = m
  }

  init(_ i: Int) {
    let u = i.magnitude
    self.init(negative: i < 0, mag: [UInt32(truncatingIfNeeded: u), UInt32(truncatingIfNeeded: u >> 32)])
  }

  /// The integer value of a finite, integral double (exact).
  init(exactly d: Double) {
    precondition(d.isFinite && d == d.rounded(.towardZero))
    if d == 0 {
      self.init(negative: false, mag: [])
      return
    }
    let e = Int(d.exponent)  // |d| = significand · 2^e, significand in [1, 2)
    let m = d.significandBitPattern | (1 << 52)  // |d| = m · 2^(e - 52)
    let base = BigInt(negative: false, mag: [UInt32(truncatingIfNeeded: m), UInt32(truncatingIfNeeded: m >> 32)])
    let shifted = e >= 52 ? base.mag.shiftedLeft(e - 52) : base.mag.shiftedRight(52 - e).value
    self.init(negative: d < 0, mag: shifted)
  }

  var isZero: Bool { mag.isEmpty }
  var isOdd: Bool { (mag.first ?? 0) & 1 == 1 }
  var bitLength: Int { mag.bitLength }

  /// The value as an `Int128`, or ±2^100 (beyond every 64-bit range) when it does not fit.
  var clampedInt128: Int128 {
    if mag.count > 3 { return negative ? -(Int128(1) << 100) : Int128(1) << 100 }
    var u: Int128 = 0
    for (i, limb) in mag.enumerated() { u |= Int128(limb) << (32 * i) }
    return negative ? -u : u
  }

  /// The value as an `Int`, if it fits.
  var asInt: Int? {
    if mag.count > 2 { return nil }
    var u: UInt64 = 0
    for (i, limb) in mag.enumerated() { u |= UInt64(limb) << (32 * i) }
    if negative {
      if u <= UInt64(Int.max) { return -Int(u) }
      if u == UInt64(Int.max) + 1 { return .min }
      return nil
    }
    return u <= UInt64(Int.max) ? Int(u) : nil
  }

  static func tooLarge() -> ScheduleError {
    ScheduleError(
      "OverflowError", "integer result too large (lrsched integers are limited to \(maxBits) bits)")
  }

  /// Raises when the value exceeds `maxBits`.
  func checked() throws(ScheduleError) -> BigInt {
    if bitLength > Self.maxBits { throw Self.tooLarge() }
    return self
  }

  static prefix func - (a: BigInt) -> BigInt { BigInt(negative: !a.negative, mag: a.mag) }

  static func + (a: BigInt, b: BigInt) -> BigInt {
    if a.negative == b.negative { return BigInt(negative: a.negative, mag: a.mag.adding(b.mag)) }
    if a.mag.compare(b.mag) >= 0 { return BigInt(negative: a.negative, mag: a.mag.subtracting(b.mag)) }
    return BigInt(negative: b.negative, mag: b.mag.subtracting(a.mag))
  }

  static func - (a: BigInt, b: BigInt) -> BigInt { a + (-b) }

  static func * (a: BigInt, b: BigInt) -> BigInt {
    BigInt(negative: a.negative != b.negative, mag: a.mag.multiplied(by: b.mag))
  }

  /// `-1`, `0` or `1`: the sign of `a - b`.
  static func compare(_ a: BigInt, _ b: BigInt) -> Int {
    if a.negative != b.negative { return a.negative ? -1 : 1 }
    let c = a.mag.compare(b.mag)
    return a.negative ? -c : c
  }

  /// Python's `divmod(a, b)` (floor division; the remainder has the sign of `b`), `b != 0`.
  static func floorDivMod(_ a: BigInt, _ b: BigInt) -> (BigInt, BigInt) {
    let (q, r) = a.mag.divMod(b.mag)
    if a.negative == b.negative || r.isEmpty {
      return (BigInt(negative: a.negative != b.negative, mag: q), BigInt(negative: a.negative, mag: r))
    }
    return (
      BigInt(negative: true, mag: q.adding([1])),
      BigInt(negative: b.negative, mag: b.mag.subtracting(r))
    )
  }

  /// `a ** e` for `e >= 0`, raising when the result would exceed `maxBits`.
  static func power(_ a: BigInt, _ e: BigInt) throws(ScheduleError) -> BigInt {
    if e.isZero { return BigInt(1) }
    if a.isZero { return a }
    if a.mag == [1] {
      let odd = e.mag[0] & 1 == 1
      return BigInt(negative: a.negative && odd, mag: [1])
    }
    // |a| >= 2: the result has more than (bitLength(a) - 1) · e bits.
    guard let n = e.asInt, n <= maxBits, (a.bitLength - 1) * n <= maxBits else { throw tooLarge() }
    var result = BigInt(1)
    var base = a
    var k = n
    while k > 0 {
      if k & 1 == 1 { result = try (result * base).checked() }
      k >>= 1
      if k > 0 { base = try (base * base).checked() }
    }
    return result
  }

  /// `float(a)`: correctly rounded (half to even); `OverflowError` beyond the double range.
  func toDouble() throws(ScheduleError) -> Double {
    let (m, e) = frexp()
    if e > 1024 { throw ScheduleError("OverflowError", "int too large to convert to float") }
    let d = Double(sign: .plus, exponent: e, significand: m)
    if d.isInfinite { throw ScheduleError("OverflowError", "int too large to convert to float") }
    return negative ? -d : d
  }

  /// CPython's `_PyLong_Frexp`: `|a| ≈ m · 2^e` with `m` in [0.5, 1) rounded to 53 bits
  /// (half to even); `(0, 0)` for zero. The sign is not applied.
  func frexp() -> (Double, Int) {
    let n = bitLength
    if n == 0 { return (0, 0) }
    // The top 64 bits and a sticky bit for the rest.
    let (top, sticky) = n > 64 ? mag.shiftedRight(n - 64) : (mag, false)
    var q: UInt64 = 0
    for (i, limb) in top.enumerated() { q |= UInt64(limb) << (32 * i) }
    let bits = Swift.min(n, 64)
    var m: UInt64
    var len = bits
    if bits > 53 {
      let drop = bits - 53
      m = roundShift(q, drop: drop, sticky: sticky)
      len = 53
      if m == 1 << 53 {
        m >>= 1
        return (Double(m) / Double(sign: .plus, exponent: 53, significand: 1), n + 1)
      }
    } else {
      m = q
    }
    // value = m · 2^(n - len); m < 2^len.
    return (Double(m) / Double(sign: .plus, exponent: len, significand: 1), n)
  }

  /// Decimal digits, as `repr(int)` prints them.
  public var description: String {
    if mag.isEmpty { return "0" }
    var chunks: [UInt32] = []  // base 10^9, least significant first
    var m = mag
    while !m.isEmpty {
      let (q, r) = m.divMod([1_000_000_000])
      chunks.append(r.first ?? 0)
      m = q
    }
    var text = negative ? "-" : ""
    text += String(chunks.last!)
    for c in chunks.dropLast().reversed() {
      let digits = String(c)
      text += String(repeating: "0", count: 9 - digits.count) + digits
    }
    return text
  }
}

/// `q >> drop` rounded half to even, `sticky` meaning nonzero bits below `q`; `drop` in 1...63.
@inline(__always) func roundShift(_ q: UInt64, drop: Int, sticky: Bool) -> UInt64 {
  let mask: UInt64 = (1 << UInt64(drop)) - 1
  let low = q & mask
  let half: UInt64 = 1 << UInt64(drop - 1)
  var high = q >> UInt64(drop)
  if low > half || (low == half && (sticky || high & 1 == 1)) { high += 1 }
  return high
}

extension BigInt {
  /// Python's `a / b` on ints (`long_true_divide`): the double nearest to the exact
  /// quotient (half to even, subnormals included); `b != 0`.
  static func trueDivide(_ a: BigInt, _ b: BigInt) throws(ScheduleError) -> Double {
    if a.isZero { return a.negative != b.negative ? -0.0 : 0.0 }
    let na = a.bitLength, nb = b.bitLength
    // q = floor(|a| · 2^s / |b|) has 55 or 56 bits.
    let s = 55 - (na - nb)
    let num = s >= 0 ? a.mag.shiftedLeft(s) : a.mag
    let den = s >= 0 ? b.mag : b.mag.shiftedLeft(-s)
    let (qm, r) = num.divMod(den)
    var q: UInt64 = 0
    for (i, limb) in qm.enumerated() { q |= UInt64(limb) << (32 * i) }
    let len = 64 - q.leadingZeroBitCount
    // value = (q + frac) · 2^-s; its binary exponent is len - 1 - s.
    let exp = len - 1 - s
    if exp > 1023 { throw ScheduleError("OverflowError", "integer division result too large for a float") }
    // Bits kept: 53 for a normal result, fewer for a subnormal one.
    let keep = exp >= -1022 ? 53 : 53 - (-1022 - exp)
    let drop = len - keep
    var d: Double
    if drop >= 64 {
      d = 0
    } else if drop == len {
      // Only the rounding decides: 0 or the smallest step.
      let half: UInt64 = 1 << UInt64(len - 1)
      let up = q > half || (q == half && !r.isEmpty)
      d = up ? Double(sign: .plus, exponent: drop - s, significand: 1) : 0
    } else if drop > len {
      d = 0
    } else {
      let m = roundShift(q, drop: drop, sticky: !r.isEmpty)
      d = Double(m) * Double(sign: .plus, exponent: drop - s, significand: 1)
    }
    if d.isInfinite { throw ScheduleError("OverflowError", "integer division result too large for a float") }
    return a.negative != b.negative ? -d : d
  }
}

// MARK: - Magnitudes

extension Array where Element == UInt32 {
  var bitLength: Int {
    guard let last else { return 0 }
    return count * 32 - last.leadingZeroBitCount
  }

  func compare(_ b: [UInt32]) -> Int {
    if count != b.count { return count < b.count ? -1 : 1 }
    var i = count - 1
    while i >= 0 {
      if self[i] != b[i] { return self[i] < b[i] ? -1 : 1 }
      i -= 1
    }
    return 0
  }

  func adding(_ b: [UInt32]) -> [UInt32] {
    var out = [UInt32]()
    out.reserveCapacity(Swift.max(count, b.count) + 1)
    var carry: UInt64 = 0
    for i in 0..<Swift.max(count, b.count) {
      let s = UInt64(i < count ? self[i] : 0) + UInt64(i < b.count ? b[i] : 0) + carry
      out.append(UInt32(truncatingIfNeeded: s))
      carry = s >> 32
    }
    if carry != 0 { out.append(UInt32(carry)) }
    return out
  }

  /// `self - b` for `self >= b`.
  func subtracting(_ b: [UInt32]) -> [UInt32] {
    var out = [UInt32]()
    out.reserveCapacity(count)
    var borrow: Int64 = 0
    for i in 0..<count {
      var d = Int64(self[i]) - Int64(i < b.count ? b[i] : 0) - borrow
      if d < 0 {
        d += 1 << 32
        borrow = 1
      } else {
        borrow = 0
      }
      out.append(UInt32(d))
    }
    while let last = out.last, last == 0 { out.removeLast() }
    return out
  }

  func multiplied(by b: [UInt32]) -> [UInt32] {
    if isEmpty || b.isEmpty { return [] }
    var out = [UInt32](repeating: 0, count: count + b.count)
    for i in 0..<count {
      var carry: UInt64 = 0
      let x = UInt64(self[i])
      for j in 0..<b.count {
        let t = x * UInt64(b[j]) + UInt64(out[i + j]) + carry
        out[i + j] = UInt32(truncatingIfNeeded: t)
        carry = t >> 32
      }
      out[i + b.count] = UInt32(carry)
    }
    while let last = out.last, last == 0 { out.removeLast() }
    return out
  }

  func shiftedLeft(_ bits: Int) -> [UInt32] {
    if isEmpty { return [] }
    let limbs = bits / 32, r = bits % 32
    var out = [UInt32](repeating: 0, count: limbs)
    out.reserveCapacity(limbs + count + 1)
    if r == 0 {
      out.append(contentsOf: self)
    } else {
      var carry: UInt32 = 0
      for x in self {
        out.append((x << UInt32(r)) | carry)
        carry = x >> UInt32(32 - r)
      }
      if carry != 0 { out.append(carry) }
    }
    return out
  }

  /// `self >> bits`, and whether any 1 bit was shifted out.
  func shiftedRight(_ bits: Int) -> (value: [UInt32], sticky: Bool) {
    let limbs = bits / 32, r = bits % 32
    if limbs >= count { return ([], !isEmpty) }
    var sticky = self[..<limbs].contains { $0 != 0 }
    if r != 0 && self[limbs] & ((1 << UInt32(r)) - 1) != 0 { sticky = true }
    var out = [UInt32]()
    out.reserveCapacity(count - limbs)
    for i in limbs..<count {
      var x = self[i] >> UInt32(r)
      if r != 0 && i + 1 < count { x |= self[i + 1] << UInt32(32 - r) }
      out.append(x)
    }
    while let last = out.last, last == 0 { out.removeLast() }
    return (out, sticky)
  }

  /// Truncating division of magnitudes, `d` nonzero: (quotient, remainder).
  func divMod(_ d: [UInt32]) -> ([UInt32], [UInt32]) {
    if compare(d) < 0 { return ([], self) }
    if d.count == 1 {
      let v = UInt64(d[0])
      var q = [UInt32](repeating: 0, count: count)
      var rem: UInt64 = 0
      var i = count - 1
      while i >= 0 {
        let cur = (rem << 32) | UInt64(self[i])
        q[i] = UInt32(cur / v)
        rem = cur % v
        i -= 1
      }
      while let last = q.last, last == 0 { q.removeLast() }
      return (q, rem == 0 ? [] : [UInt32(rem)])
    }
    // Shift-and-subtract, one quotient bit at a time (quotients here are short: true
    // division asks for 56 bits; `//` of bounded ints for at most `maxBits`).
    let shift = bitLength - d.bitLength
    var rem = self
    var q = [UInt32](repeating: 0, count: shift / 32 + 1)
    var k = shift
    var sub = d.shiftedLeft(shift)
    while k >= 0 {
      if rem.compare(sub) >= 0 {
        rem = rem.subtracting(sub)
        q[k / 32] |= 1 << UInt32(k % 32)
      }
      sub = sub.shiftedRight(1).value
      k -= 1
    }
    while let last = q.last, last == 0 { q.removeLast() }
    return (q, rem)
  }
}
