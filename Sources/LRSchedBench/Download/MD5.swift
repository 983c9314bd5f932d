#if canImport(Glibc)
import Glibc
#endif

/// MD5 (RFC 1321), streaming. Used only to check a downloaded archive against its published
/// digest (the CIFAR-10 page and torchvision's `tgz_md5` publish MD5); not for security.
public struct MD5: Sendable {
  private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
  private var input = BlockBuffer(size: 64)

  public init() {}

  /// Per-round left rotations (RFC 1321 3.4).
  static let shifts: [UInt32] = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ]
  /// `K[i] = floor(abs(sin(i + 1)) · 2^32)`.
  static let constants: [UInt32] = (0..<64).map { i in
    let v = (sin(Double(i + 1)).magnitude * 4_294_967_296.0).rounded(.down)
    return UInt32(v)
  }

  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    // The buffer is taken out while it calls back into `self` (exclusive access).
    var input = BlockBuffer(size: 0)
    swap(&input, &self.input)
    defer { swap(&input, &self.input) }
    input.feed(bytes) { p, count in
      for i in 0..<count { block(p + 64 * i) }
    }
  }

  public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

  private mutating func block(_ p: UnsafeRawPointer) {
    var m = [UInt32](repeating: 0, count: 16)
    for i in 0..<16 { m[i] = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
    var (a, b, c, d) = state
    for i in 0..<64 {
      var f: UInt32
      let g: Int
      switch i {
      case 0..<16:
        f = (b & c) | (~b & d)
        g = i
      case 16..<32:
        f = (d & b) | (~d & c)
        g = (5 * i + 1) % 16
      case 32..<48:
        f = b ^ c ^ d
        g = (3 * i + 5) % 16
      default:
        f = c ^ (b | ~d)
        g = (7 * i) % 16
      }
      f = f &+ a &+ Self.constants[i] &+ m[g]
      a = d
      d = c
      c = b
      let s = Self.shifts[i]
      b = b &+ ((f << s) | (f >> (32 - s)))
    }
    state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
  }

  /// The 16-byte digest (the state is consumed: call once).
  public mutating func finalize() -> [UInt8] {
    let bits = input.length &* 8
    var tail: [UInt8] = [0x80]
    while (input.pending.count + tail.count) % 64 != 56 { tail.append(0) }
    for k in 0..<8 { tail.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
    tail.withUnsafeBytes { update($0) }
    var out: [UInt8] = []
    for w in [state.0, state.1, state.2, state.3] {
      for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(k)))) }
    }
    return out
  }

  /// Lower-case hex of a digest.
  public static func hex(_ digest: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
  }

  public static func hex(of bytes: [UInt8]) -> String {
    var m = MD5()
    m.update(bytes)
    return hex(m.finalize())
  }
}
