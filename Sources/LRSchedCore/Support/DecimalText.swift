/// Decimal text written straight into byte buffers: integers as `String(Int)` prints them, and
/// a decimal `f × 10^e` laid out as CPython's `repr(float)` does (`format_float_short` in
/// `Python/pystrtod.c` with the `repr` flags: exponent form below 1e-4 and from 1e16 on).
/// Callers guarantee the room (`ShortestDouble.maxReprBytes`, 20 bytes for an `Int`).
public enum DecimalText {
  /// "00", "01", … "99": two digits per table read.
  static let pairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

  static let powersOfTen: [UInt64] = [
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
    10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
    1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
    1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
  ]

  /// Copies `s` to `p`; returns its length.
  @inline(__always)
  static func put(_ s: StaticString, _ p: UnsafeMutablePointer<UInt8>) -> Int {
    p.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
    return s.utf8CodeUnitCount
  }

  /// How many decimal digits `f` has (1 for 0).
  @inline(__always)
  static func digitCount(_ f: UInt64) -> Int {
    let l = ((64 &- f.leadingZeroBitCount) &* 1233) >> 12  // floor(log10(2^bits)), maybe one short
    let more = powersOfTen.withUnsafeBufferPointer { f >= $0[l] }
    return f == 0 ? 1 : l &+ (more ? 1 : 0)
  }

  /// Writes the `count` digits of `f` at `p` (exactly `count`; `f < 10^count`).
  @inline(__always)
  static func writeDigits(_ f: UInt64, _ count: Int, _ p: UnsafeMutablePointer<UInt8>) {
    var x = f
    var end = p + count
    // Eight digits at a time in 32-bit arithmetic, as two independent halves.
    while x >= 100_000_000 {
      let q = x / 100_000_000
      let r = UInt32(truncatingIfNeeded: x &- q &* 100_000_000)
      x = q
      end -= 8
      let hi = r / 10_000
      let lo = r &- hi &* 10_000
      writePair(hi / 100, end)
      writePair(hi % 100, end + 2)
      writePair(lo / 100, end + 4)
      writePair(lo % 100, end + 6)
    }
    var y = UInt32(truncatingIfNeeded: x)
    while y >= 100 {
      let q = y / 100
      end -= 2
      writePair(y &- q &* 100, end)
      y = q
    }
    if y >= 10 {
      writePair(y, end - 2)
    } else {
      end[-1] = UInt8(truncatingIfNeeded: y) &+ 0x30
    }
  }

  @inline(__always)
  static func writePair(_ v: UInt32, _ p: UnsafeMutablePointer<UInt8>) {
    let d = pairs.utf8Start + Int(v) &* 2
    p[0] = d[0]
    p[1] = d[1]
  }

  /// Writes `v` as `String(v)` does; returns the byte count (at most 20).
  public static func writeInt(_ v: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
    var n = 0
    if v < 0 {
      p[0] = UInt8(ascii: "-")
      n = 1
    }
    let m = UInt64(v.magnitude)
    let count = digitCount(m)
    writeDigits(m, count, p + n)
    return n &+ count
  }

  /// Writes the positive decimal `f × 10^e` (`f > 0`) as `repr(float)` lays it out; returns the
  /// byte count.
  public static func layout(_ significand: UInt64, _ exponent: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
    var f = significand
    var e = exponent
    if f % 100_000_000 == 0 {
      f /= 100_000_000
      e &+= 8
    }
    while true {
      let q = f / 10
      if q &* 10 != f { break }
      f = q
      e &+= 1
    }
    let count = digitCount(f)
    let sci = count &- 1 &+ e
    if sci < -4 || sci >= 16 {
      // d.ddde±XX
      writeDigits(f, count, p + 1)
      p[0] = p[1]
      var n = 1
      if count > 1 {
        p[1] = UInt8(ascii: ".")
        n = count &+ 1
      }
      p[n] = UInt8(ascii: "e")
      var x = sci
      if x < 0 {
        p[n &+ 1] = UInt8(ascii: "-")
        x = -x
      } else {
        p[n &+ 1] = UInt8(ascii: "+")
      }
      n &+= 2
      if x >= 100 {
        p[n] = UInt8(truncatingIfNeeded: x / 100) &+ 0x30
        x %= 100
        n &+= 1
      }
      writePair(UInt32(truncatingIfNeeded: x), p + n)
      return n &+ 2
    }
    if sci < 0 {
      // 0.000ddd
      // "0.000000" in one store (at most three zeros are kept; the digits overwrite the rest).
      UnsafeMutableRawPointer(p).storeBytes(of: UInt64(0x3030_3030_3030_2E30).littleEndian, as: UInt64.self)
      let zeros = -sci &- 1
      writeDigits(f, count, p + 2 + zeros)
      return 2 &+ zeros &+ count
    }
    if count <= sci {
      // ddd000.0
      writeDigits(f, count, p)
      for i in count...sci { p[i] = UInt8(ascii: "0") }
      p[sci &+ 1] = UInt8(ascii: ".")
      p[sci &+ 2] = UInt8(ascii: "0")
      return sci &+ 3
    }
    if count == sci &+ 1 {
      writeDigits(f, count, p)
      p[count] = UInt8(ascii: ".")
      p[count &+ 1] = UInt8(ascii: "0")
      return count &+ 2
    }
    // ddd.ddd: the digits one byte to the right, then the integer part moved back over.
    writeDigits(f, count, p + 1)
    for i in 0...sci { p[i] = p[i &+ 1] }
    p[sci &+ 1] = UInt8(ascii: ".")
    return count &+ 1
  }
}
