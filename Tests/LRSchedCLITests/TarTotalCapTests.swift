@testable import LRSchedBench
import LRSchedTestSupport
import Testing

/// The unpacker's cap on the total it writes, with a small cap so the test stays small (the real
/// one, six CIFAR-10 batches plus 1 MiB, would need ~180 MB): members that fit are written, the
/// first one past the cap is refused before a byte of it is written.
@Suite struct TarTotalCapTests {
  static func archive(_ sizes: [Int]) -> [UInt8] {
    ArchiveBuilder.tar(
      sizes.enumerated().map { k, n in
        ArchiveBuilder.Member(name: "root/m\(k).bin", bytes: [UInt8](repeating: UInt8(k + 1), count: n))
      })
  }

  func unpack(_ bytes: [UInt8], cap: Int, into dir: String) throws {
    var x = TarExtractor(archive: "t.tar", destination: dir, root: "root")
    x.maxTotal = cap
    try bytes.withUnsafeBytes { raw in
      // In uneven chunks, as the gzip reader hands them over.
      var at = 0
      var step = 1
      while at < raw.count {
        let n = min(step, raw.count - at)
        try x.feed(UnsafeRawBufferPointer(rebasing: raw[at..<at + n]))
        at += n
        step = step * 3 + 7
      }
    }
    try x.finish()
  }

  @Test func aTotalAtTheCapIsUnpacked() throws {
    let dir = makeTempDir()
    try unpack(Self.archive([2000, 2000]), cap: 4000, into: dir)
    #expect(readBytes(dir + "/m0.bin") == [UInt8](repeating: 1, count: 2000))
    #expect(readBytes(dir + "/m1.bin") == [UInt8](repeating: 2, count: 2000))
  }

  @Test func theMemberPastTheCapIsRefusedUnwritten() {
    let dir = makeTempDir()
    #expect {
      try unpack(Self.archive([2000, 2000]), cap: 3999, into: dir)
    } throws: { error in
      "\(error)".contains("unpacks to more than 3999 bytes")
    }
    #expect(readBytes(dir + "/m0.bin")?.count == 2000)
    #expect(readBytes(dir + "/m1.bin") == nil)
  }
}
