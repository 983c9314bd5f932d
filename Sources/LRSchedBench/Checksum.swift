/// A fast 64-bit checksum for the cache (no zlib here): four independent lanes over 8-byte words,
/// each `lane = rotl(lane ^ (word * P1), 31) * P2`, then a SplitMix-style finaliser over the lanes,
/// the tail bytes and the length. It detects truncation, bit flips and foreign data; it is not
/// cryptographic.
public struct Checksum64: Sendable {
  static let p1: UInt64 = 0x9E37_79B1_85EB_CA87
  static let p2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
  var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x6A09_E667_F3BC_C908, 0xBB67_AE85_84CA_A73B, 0x3C6E_F372_FE94_F82B, 0xA54F_F53A_5F1D_36F1)
  var input = BlockBuffer(size: 32)

  public init() {}

  @inline(__always) static func round(_ lane: UInt64, _ word: UInt64) -> UInt64 {
    let x = lane ^ (word &* p1)
    return ((x &<< 31) | (x &>> 33)) &* p2
  }

  /// Feeds bytes; any split of the same byte sequence gives the same result.
  public mutating func update(_ bytes: UnsafeRawBufferPointer) {
    // The buffer is taken out while it calls back into `self` (exclusive access).
    var input = BlockBuffer(size: 0)
    swap(&input, &self.input)
    defer { swap(&input, &self.input) }
    input.feed(bytes) { blocks($0, $1) }
  }

  mutating func blocks(_ p: UnsafeRawPointer, _ count: Int) {
    var (a, b, c, d) = lanes
    var q = p
    for _ in 0..<count {
      a = Self.round(a, q.loadUnaligned(as: UInt64.self))
      b = Self.round(b, q.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
      c = Self.round(c, q.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
      d = Self.round(d, q.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
      q += 32
    }
    lanes = (a, b, c, d)
  }

  public func finalize() -> UInt64 {
    var h = lanes.0 ^ (lanes.1 &* 3) ^ (lanes.2 &* 5) ^ (lanes.3 &* 7) ^ input.length
    for byte in input.pending { h = Self.round(h, UInt64(byte) | 0x100) }
    var sm = SplitMix64(seed: h)
    return sm.next()
  }

  public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var c = Checksum64()
    c.update(bytes)
    return c.finalize()
  }
}
