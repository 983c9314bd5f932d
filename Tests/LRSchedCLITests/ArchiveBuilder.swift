/// Builds `.tar.gz` archives for the download tests, independently of the code under test:
/// ustar headers written field by field (POSIX.1-1988), and gzip (RFC 1952) with deflate's
/// *stored* blocks (RFC 1951 3.2.4) and a table-free CRC-32, so no compressor is involved.
enum ArchiveBuilder {
  struct Member {
    var name: String
    var type: UInt8 = 0x30  // '0' regular, '5' directory, '2' symlink, '1' hard link
    var bytes: [UInt8] = []
    var link: String = ""
    /// The size the header states, when it is not `bytes.count` (a header that lies).
    var declaredSize: Int? = nil
  }

  static func tar(_ members: [Member]) -> [UInt8] {
    var out: [UInt8] = []
    for m in members {
      var h = [UInt8](repeating: 0, count: 512)
      func put(_ s: String, _ at: Int) { for (k, b) in s.utf8.enumerated() { h[at + k] = b } }
      func octal(_ v: Int, _ at: Int, _ width: Int) {
        let s = String(v, radix: 8)
        put(String(repeating: "0", count: width - 1 - s.count) + s, at)
      }
      put(m.name, 0)
      octal(0o644, 100, 8)
      octal(0, 108, 8)
      octal(0, 116, 8)
      octal(m.declaredSize ?? (m.type == 0x30 ? m.bytes.count : 0), 124, 12)
      octal(1_262_304_000, 136, 12)
      h[156] = m.type
      put(m.link, 157)
      put("ustar", 257)
      put("00", 263)
      for i in 148..<156 { h[i] = 0x20 }
      let sum = h.reduce(0) { $0 + Int($1) }
      octal(sum, 148, 7)
      out += h
      if m.type == 0x30 {
        out += m.bytes
        out += [UInt8](repeating: 0, count: (512 - m.bytes.count % 512) % 512)
      }
    }
    return out + [UInt8](repeating: 0, count: 1024)
  }

  static func crc32(_ data: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for b in data {
      c ^= UInt32(b)
      for _ in 0..<8 { c = (c & 1) != 0 ? (c >> 1) ^ 0xEDB8_8320 : c >> 1 }
    }
    return ~c
  }

  static func gzip(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    var i = 0
    repeat {
      let n = min(65535, data.count - i)
      let last: UInt8 = i + n == data.count ? 1 : 0
      out += [last, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
      out += data[i..<(i + n)]
      i += n
    } while i < data.count
    let crc = crc32(data)
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: crc >> (8 * UInt32(k)))) }
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: UInt32(data.count) >> (8 * UInt32(k)))) }
    return out
  }

  /// A gzip bomb: `prefix` in stored blocks, then `zeros` zero bytes in one fixed-Huffman block
  /// (RFC 1951 3.2.6): a literal 0, then matches of length 258 at distance 1 (code 285, eight
  /// bits 11000101, then distance code 0, five zero bits), 13 bits for 258 bytes, and the
  /// end-of-block code (seven zero bits). The trailer's CRC is left 0: a reader that inflates
  /// everything fails on it, one that stops early never reaches it.
  static func bomb(prefix: [UInt8], zeros: Int) -> [UInt8] {
    var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3]
    var i = 0
    while i < prefix.count {  // stored blocks, none final
      let n = min(65535, prefix.count - i)
      out += [0, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
      out += prefix[i..<(i + n)]
      i += n
    }
    var acc: UInt64 = 0
    var bits = 0
    func put(_ value: UInt64, _ n: Int) {
      acc |= value << UInt64(bits)
      bits += n
      while bits >= 8 {
        out.append(UInt8(acc & 0xFF))
        acc >>= 8
        bits -= 8
      }
    }
    put(0b011, 3)  // BFINAL 1, BTYPE 01 (fixed Huffman), low bit first
    put(0x0C, 8)  // literal 0: code 00110000, sent most significant bit first
    for _ in 0..<((zeros - 1) / 258) { put(0xA3, 13) }  // 11000101 reversed, then 00000
    for _ in 0..<((zeros - 1) % 258) { put(0x0C, 8) }
    put(0, 7)  // end of block
    if bits > 0 { put(0, 8 - bits) }
    let size = UInt32(truncatingIfNeeded: prefix.count + zeros)
    out += [0, 0, 0, 0]
    for k in 0..<4 { out.append(UInt8(truncatingIfNeeded: size >> (8 * UInt32(k)))) }
    return out
  }
}
