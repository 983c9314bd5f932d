import LRSchedBench
import Testing

/// MD5 against the RFC 1321 appendix A.5 test suite, and a million 'a's (a widely published
/// vector), fed in one piece and in uneven pieces.
@Suite struct MD5Tests {
  @Test(arguments: [
    ("", "d41d8cd98f00b204e9800998ecf8427e"),
    ("a", "0cc175b9c0f1b6a831c399e269772661"),
    ("abc", "900150983cd24fb0d6963f7d28e17f72"),
    ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
    ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
    (
      "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
      "57edf4a22be3c955ac49da2e2107b67a"
    ),
  ])
  func rfc1321(input: String, digest: String) {
    #expect(MD5.hex(of: Array(input.utf8)) == digest)
  }

  @Test func aMillionAsInUnevenPieces() {
    let bytes = [UInt8](repeating: 0x61, count: 1_000_000)
    #expect(MD5.hex(of: bytes) == "7707d6ae4e027c70eea2a935c2296f21")
    var m = MD5()
    var i = 0
    var step = 1
    while i < bytes.count {
      let n = min(step, bytes.count - i)
      bytes[i..<(i + n)].withUnsafeBytes { m.update($0) }
      i += n
      step = step * 3 % 1000 + 1
    }
    #expect(MD5.hex(m.finalize()) == "7707d6ae4e027c70eea2a935c2296f21")
  }
}
