import LRSchedBench
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `lrsched data download` against a real HTTP server on 127.0.0.1 (`TestHTTPServer`) serving
/// archives built here (`ArchiveBuilder`) and one written by GNU tar + gzip.
@Suite struct DownloadTests {
  static let root = "cifar-10-batches-bin/"

  /// CIFAR records: `count` of them, labels `k % 10`, pixels from `seed`.
  static func records(_ count: Int, seed: Int) -> [UInt8] {
    var out: [UInt8] = []
    for k in 0..<count {
      out.append(UInt8(k % 10))
      for p in 0..<3072 { out.append(UInt8(truncatingIfNeeded: p &* 7 &+ k &* 13 &+ seed)) }
    }
    return out
  }

  /// Five training batches of 4 records and a test batch of 3.
  static func goodMembers() -> [ArchiveBuilder.Member] {
    var m = [ArchiveBuilder.Member(name: root, type: 0x35)]
    for i in 1...5 { m.append(.init(name: root + "data_batch_\(i).bin", bytes: records(4, seed: i))) }
    m.append(.init(name: root + "test_batch.bin", bytes: records(3, seed: 9)))
    m.append(.init(name: root + "batches.meta.txt", bytes: Array("airplane\n".utf8)))
    return m
  }

  static func archive(_ members: [ArchiveBuilder.Member]) -> [UInt8] { ArchiveBuilder.gzip(ArchiveBuilder.tar(members)) }

  /// Runs `data download` into a fresh folder; returns the result and the folder.
  func download(_ server: TestHTTPServer, _ path: String, md5: String, dir: String? = nil) -> (CLIResult, String) {
    let d = dir ?? makeTempDir() + "/data"
    let r = lrsched("data", "download", "-o", d, "--url", server.url(path), "--md5", md5, "--cache", d + ".cache")
    return (r, d)
  }

  func lastLine(_ s: String) -> String { String(s.split(separator: "\n").last ?? "") }

  @Test func aGoodArchiveIsCheckedUnpackedAndCached() {
    let bytes = Self.archive(Self.goodMembers())
    let server = TestHTTPServer(["/c.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir) = download(server, "/c.tar.gz", md5: MD5.hex(of: bytes))
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out == "wrote \(dir).cache: 20 training and 3 test images\n")
    #expect(listDir(dir) == ["cifar-10-batches-bin", "cifar-10-binary.tar.gz"])
    #expect(
      listDir(dir + "/cifar-10-batches-bin")
        == ["batches.meta.txt", "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"])
    #expect(readBytes(dir + "/cifar-10-batches-bin/data_batch_3.bin") == Self.records(4, seed: 3))
    #expect(readBytes(dir + "/cifar-10-binary.tar.gz") == bytes)
    // A second run finds the archive and does not fetch it again.
    let again = download(server, "/c.tar.gz", md5: MD5.hex(of: bytes), dir: dir).0
    #expect(again.code == 0)
    #expect(again.err.contains("already downloaded, MD5 matches"))
    #expect(server.requests.count == 1)
  }

  @Test func anArchiveMadeByGNUTarUnpacks() {
    let fixture = #filePath.split(separator: "/").dropLast().joined(separator: "/")
    let bytes = readBytes("/" + fixture + "/Fixtures/gnu-tar-synth.tar.gz")!
    let server = TestHTTPServer(["/g.tar.gz": .body(bytes)])
    defer { server.stop() }
    // md5sum of the fixture, computed by coreutils when it was made.
    let (r, dir) = download(server, "/g.tar.gz", md5: "609b81ac586528a784eacc9947528fb2")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.hasSuffix(": 10 training and 5 test images\n"))
    #expect(lrsched("data", "info", dir + "/cifar-10-batches-bin").out.contains("images: 10 train, 5 test"))
  }

  @Test func aWrongChecksumLeavesNothing() {
    let bytes = Self.archive(Self.goodMembers())
    let server = TestHTTPServer(["/c.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir) = download(server, "/c.tar.gz", md5: "0123456789abcdef0123456789abcdef")
    #expect(r.code == 2)
    #expect(lastLine(r.err).hasPrefix("error: \(server.url("/c.tar.gz")): MD5 \(MD5.hex(of: bytes)), expected 0123456789abcdef0123456789abcdef"))
    #expect(listDir(dir).isEmpty)
    #expect(!fileExists(dir + ".cache"))
  }

  @Test(arguments: [
    ("cifar-10-batches-bin/../../evil.bin", "climbs out of the folder"),
    ("/tmp/evil.bin", "absolute path"),
    ("other/data_batch_1.bin", "outside cifar-10-batches-bin/"),
    ("cifar-10-batches-bin/sub/data_batch_1.bin", "unexpected member"),
  ])
  func aHostileMemberIsRefusedAndNothingIsLeft(name: String, reason: String) {
    var members = Self.goodMembers()
    members.insert(.init(name: name, bytes: Self.records(1, seed: 0)), at: 2)
    let bytes = Self.archive(members)
    let server = TestHTTPServer(["/h.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir) = download(server, "/h.tar.gz", md5: MD5.hex(of: bytes))
    #expect(r.code == 2)
    #expect(lastLine(r.err).contains(reason), "\(r.err)")
    #expect(listDir(dir).isEmpty)
    #expect(!fileExists(dir + "/../evil.bin") && !fileExists("/tmp/evil.bin"))
  }

  @Test(arguments: [(UInt8(0x32), "symbolic link"), (UInt8(0x31), "hard link")])
  func linksAreRefused(type: UInt8, reason: String) {
    var members = Self.goodMembers()
    members[1] = .init(name: Self.root + "data_batch_1.bin", type: type, link: "/etc/passwd")
    let bytes = Self.archive(members)
    let server = TestHTTPServer(["/l.tar.gz": .body(bytes)])
    defer { server.stop() }
    let existing = makeTempDir()
    // A previous cifar-10-batches-bin survives a failed run untouched.
    mkdir(existing + "/cifar-10-batches-bin", 0o755)
    writeFile(existing + "/cifar-10-batches-bin/data_batch_1.bin", "old")
    let (r, dir) = download(server, "/l.tar.gz", md5: MD5.hex(of: bytes), dir: existing)
    #expect(r.code == 2)
    #expect(lastLine(r.err).contains(reason), "\(r.err)")
    #expect(listDir(dir) == ["cifar-10-batches-bin"])
    #expect(readFile(dir + "/cifar-10-batches-bin/data_batch_1.bin") == "old")
  }

  @Test func aTruncatedArchiveIsReported() {
    let whole = Self.archive(Self.goodMembers())
    let cut = Array(whole[0..<(whole.count / 2)])
    let server = TestHTTPServer(["/t.tar.gz": .body(cut)])
    defer { server.stop() }
    let (r, dir) = download(server, "/t.tar.gz", md5: MD5.hex(of: cut))
    #expect(r.code == 2)
    #expect(lastLine(r.err).contains("truncated"), "\(r.err)")
    #expect(listDir(dir).isEmpty)
  }

  @Test func anHTTPErrorIsAFailureAndLeavesNothing() {
    let server = TestHTTPServer(["/gone.tar.gz": .status(404), "/err.tar.gz": .status(503)])
    defer { server.stop() }
    let (r, dir) = download(server, "/gone.tar.gz", md5: CIFAR10Download.md5)
    #expect(r.code == 1)
    #expect(lastLine(r.err) == "error: \(server.url("/gone.tar.gz")): the server answered HTTP 404")
    #expect(listDir(dir).isEmpty)
    let (r2, _) = download(server, "/err.tar.gz", md5: CIFAR10Download.md5)
    #expect(r2.code == 1)
    #expect(lastLine(r2.err).hasSuffix("the server answered HTTP 503"))
  }

  @Test func aDroppedConnectionResumesWithARange() {
    let bytes = Self.archive(Self.goodMembers())
    let half = bytes.count / 2
    let server = TestHTTPServer(["/r.tar.gz": .dropsFirst(bytes, after: half)])
    defer { server.stop() }
    let md5 = MD5.hex(of: bytes)
    let (first, dir) = download(server, "/r.tar.gz", md5: md5)
    #expect(first.code == 1)
    #expect(lastLine(first.err).contains("kept \(half) bytes in \(dir)/cifar-10-binary.tar.gz.part"), "\(first.err)")
    #expect(listDir(dir) == ["cifar-10-binary.tar.gz.part"])
    let (second, _) = download(server, "/r.tar.gz", md5: md5, dir: dir)
    #expect(second.code == 0, "\(second.err)")
    #expect(server.requests.map(\.range) == [nil, "bytes=\(half)-"])
    #expect(readBytes(dir + "/cifar-10-binary.tar.gz") == bytes)
    #expect(listDir(dir) == ["cifar-10-batches-bin", "cifar-10-binary.tar.gz"])
  }

  @Test func aServerWithoutRangesRestartsCleanly() {
    let bytes = Self.archive(Self.goodMembers())
    let server = TestHTTPServer(["/n.tar.gz": .ignoresRange(bytes)])
    defer { server.stop() }
    let dir = makeTempDir()
    writeFile(dir + "/cifar-10-binary.tar.gz.part", "stale partial bytes")
    let (r, _) = download(server, "/n.tar.gz", md5: MD5.hex(of: bytes), dir: dir)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.err.contains("starting again"))
    #expect(readBytes(dir + "/cifar-10-binary.tar.gz") == bytes)
  }

  @Test func aFullDiskIsAFailureAndLeavesNothing() {
    let bytes = Self.archive(Self.goodMembers())
    let server = TestHTTPServer(["/c.tar.gz": .body(bytes)])
    defer { server.stop() }
    // The partial file leads to /dev/full: every write fails with ENOSPC, as on a full disk.
    let dir = makeTempDir()
    symlink("/dev/full", dir + "/cifar-10-binary.tar.gz.part")
    let (r, _) = download(server, "/c.tar.gz", md5: MD5.hex(of: bytes), dir: dir)
    #expect(r.code == 1)
    #expect(lastLine(r.err) == "error: \(dir)/cifar-10-binary.tar.gz.part: write failed: No space left on device")
    #expect(listDir(dir).isEmpty)
  }

  @Test func badOptionsAreUsageErrors() {
    #expect(lrsched("data", "download", "--md5", "xyz", "-o", makeTempDir()).code == 2)
    let r = lrsched("data", "download", "--url", "ftp://example.org/x", "-o", makeTempDir())
    #expect(r.code == 2)
    #expect(r.err.contains("--url must be an http:// or https:// address"))
  }
}
