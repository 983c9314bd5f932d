import LRSchedBench
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `lrsched data download` against servers that misbehave (`TestHTTPServer` on 127.0.0.1): one
/// that stalls mid-body or never answers, one that sends more than the archive (or forever), one
/// that cannot resume, one whose file changed between two runs; and archives built to exhaust the
/// unpacker (a gzip bomb, a member larger than any CIFAR-10 file, thousands of members).
@Suite struct DownloadFaultTests {
  static func goodArchive() -> [UInt8] { DownloadTests.archive(DownloadTests.goodMembers()) }

  /// Runs `data download` with `extra` options into `dir` (a fresh folder when nil); returns the
  /// result, the folder and the seconds it took.
  func download(_ server: TestHTTPServer, _ path: String, md5: String, dir: String? = nil, _ extra: String...)
    -> (r: CLIResult, dir: String, seconds: Double)
  {
    let d = dir ?? makeTempDir() + "/data"
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let r = lrsched(
      ["data", "download", "-o", d, "--url", server.url(path), "--md5", md5, "--cache", d + ".cache"] + extra)
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return (r, d, Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9)
  }

  /// The one error line (every failure prints exactly one, last).
  func errorLine(_ r: CLIResult) -> String {
    let lines = r.err.split(separator: "\n").filter { $0.hasPrefix("error: ") }
    #expect(lines.count == 1, "\(r.err)")
    #expect(r.err.hasSuffix((lines.last ?? "") + "\n"), "\(r.err)")
    return String(lines.last ?? "")
  }

  @Test func aStalledDownloadTimesOutKeepsItsBytesAndResumes() {
    let bytes = Self.goodArchive()
    let half = bytes.count / 2
    let server = TestHTTPServer(["/s.tar.gz": .cutFirst(first: bytes, after: half, stall: true, ranges: true, then: bytes)])
    defer { server.stop() }
    let md5 = MD5.hex(of: bytes)
    let first = download(server, "/s.tar.gz", md5: md5, "--timeout", "1")
    #expect(first.r.code == 1)
    #expect(first.seconds < 30, "the stall was noticed after \(first.seconds) s")
    let part = first.dir + "/cifar-10-binary.tar.gz.part"
    #expect(
      errorLine(first.r)
        == "error: \(server.url("/s.tar.gz")): stalled: under 1024 bytes a second for 1 s after \(half) bytes; kept \(half) bytes in \(part): run the same command again to resume"
    )
    #expect(listDir(first.dir) == ["cifar-10-binary.tar.gz.part"])
    #expect(readBytes(part) == Array(bytes[0..<half]))
    let second = download(server, "/s.tar.gz", md5: md5, dir: first.dir, "--timeout", "1")
    #expect(second.r.code == 0, "\(second.r.err)")
    #expect(second.r.err.contains("resuming \(part) at byte \(half)"))
    #expect(server.requests.map(\.range) == [nil, "bytes=\(half)-"])
    #expect(readBytes(first.dir + "/cifar-10-binary.tar.gz") == bytes)
    #expect(listDir(first.dir) == ["cifar-10-batches-bin", "cifar-10-binary.tar.gz"])
  }

  @Test func aServerThatNeverAnswersTimesOutAndLeavesNothing() {
    let server = TestHTTPServer(["/q.tar.gz": .silent])
    defer { server.stop() }
    let (r, dir, seconds) = download(server, "/q.tar.gz", md5: CIFAR10Download.md5, "--timeout", "1")
    #expect(r.code == 1)
    #expect(seconds < 30, "\(seconds) s")
    #expect(errorLine(r) == "error: \(server.url("/q.tar.gz")): stalled: under 1024 bytes a second for 1 s after 0 bytes")
    #expect(listDir(dir).isEmpty)
  }

  @Test func aServerThatNeverAcceptsTimesOutConnecting() throws {
    // A listening socket whose accept queue is full: Linux drops further SYNs, so connecting
    // hangs until the connect limit (at most --timeout).
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(listener) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, len) == 0 && getsockname(listener, $0, &len) == 0 }
    }
    try #require(bound && listen(listener, 0) == 0)
    var fillers: [Int32] = []
    defer { fillers.forEach { close($0) } }
    for _ in 0..<4 {
      let c = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
      _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(c, $0, len) } }
      fillers.append(c)
    }
    usleep(200_000)
    let url = "http://127.0.0.1:\(UInt16(bigEndian: addr.sin_port))/c.tar.gz"
    let dir = makeTempDir() + "/data"
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let r = lrsched("data", "download", "-o", dir, "--url", url, "--cache", dir + ".cache", "--timeout", "1")
    var end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &end)
    #expect(r.code == 1)
    #expect(end.tv_sec - start.tv_sec < 30)
    #expect(errorLine(r).hasPrefix("error: \(url): no connection within 1 s ("), "\(r.err)")
    #expect(listDir(dir).isEmpty)
  }

  @Test func anEndlessBodyIsStoppedAtTheArchiveSize() {
    let server = TestHTTPServer(["/e.tar.gz": .endless(max: 256 << 20)])
    defer { server.stop() }
    let (r, dir, seconds) = download(server, "/e.tar.gz", md5: CIFAR10Download.md5, "--size", "100000")
    #expect(r.code == 1)
    #expect(seconds < 30, "\(seconds) s")
    #expect(
      errorLine(r) == "error: \(server.url("/e.tar.gz")): the server sends more than the archive's 100000 bytes; stopped, nothing kept")
    #expect(listDir(dir).isEmpty)
  }

  @Test func anAnnouncedOversizedBodyIsRefusedBeforeItStarts() {
    // Content-Length over the cap: refused on the headers, nothing written. Default MD5: CIFAR-10's
    // own size is the cap; another MD5 without --size: 1 GiB.
    let server = TestHTTPServer([
      "/big.tar.gz": .announces(length: Int(CIFAR10Download.size) + 1), "/huge.tar.gz": .announces(length: 3 << 30),
    ])
    defer { server.stop() }
    let (r, dir, _) = download(server, "/big.tar.gz", md5: CIFAR10Download.md5)
    #expect(r.code == 1)
    #expect(errorLine(r).hasSuffix("the server sends more than the archive's 170052171 bytes; stopped, nothing kept"))
    #expect(listDir(dir).isEmpty)
    let (r2, dir2, seconds) = download(server, "/huge.tar.gz", md5: "0123456789abcdef0123456789abcdef")
    #expect(r2.code == 1)
    #expect(seconds < 30, "\(seconds) s")
    #expect(errorLine(r2).hasSuffix("the server sends more than the 1073741824-byte cap; stopped, nothing kept"))
    #expect(listDir(dir2).isEmpty)
  }

  @Test func aPartialDownloadRestartsWhenTheServerIgnoresRanges() {
    let bytes = Self.goodArchive()
    let half = bytes.count / 2
    let server = TestHTTPServer(["/n.tar.gz": .cutFirst(first: bytes, after: half, stall: false, ranges: false, then: bytes)])
    defer { server.stop() }
    let md5 = MD5.hex(of: bytes)
    let first = download(server, "/n.tar.gz", md5: md5)
    #expect(first.r.code == 1)
    #expect(errorLine(first.r).hasSuffix("kept \(half) bytes in \(first.dir)/cifar-10-binary.tar.gz.part: run the same command again to resume"))
    let second = download(server, "/n.tar.gz", md5: md5, dir: first.dir)
    #expect(second.r.code == 0, "\(second.r.err)")
    #expect(second.r.err.contains("does not resume \(first.dir)/cifar-10-binary.tar.gz.part at byte \(half); starting again"))
    #expect(server.requests.map(\.range) == [nil, "bytes=\(half)-", nil])
    #expect(readBytes(first.dir + "/cifar-10-binary.tar.gz") == bytes)
  }

  @Test func aResumedFileWithTheWrongMD5IsFetchedAgainFromTheStart() {
    // The file on the server changed between the two runs: the kept half belongs to the old one.
    let old = Self.goodArchive()
    var members = DownloadTests.goodMembers()
    members[1].bytes = DownloadTests.records(4, seed: 77)
    let new = DownloadTests.archive(members)
    #expect(old.count == new.count)
    let half = old.count / 2
    let server = TestHTTPServer(["/c.tar.gz": .cutFirst(first: old, after: half, stall: false, ranges: true, then: new)])
    defer { server.stop() }
    let md5 = MD5.hex(of: new)
    let first = download(server, "/c.tar.gz", md5: md5)
    #expect(first.r.code == 1)
    let second = download(server, "/c.tar.gz", md5: md5, dir: first.dir)
    #expect(second.r.code == 0, "\(second.r.err)")
    #expect(second.r.err.contains("MD5 differs after resuming at byte \(half)"))
    #expect(server.requests.map(\.range) == [nil, "bytes=\(half)-", nil])
    #expect(readBytes(first.dir + "/cifar-10-binary.tar.gz") == new)
    #expect(readBytes(first.dir + "/cifar-10-batches-bin/data_batch_1.bin") == DownloadTests.records(4, seed: 77))
  }

  @Test func aPartialFileLongerThanTheArchiveStartsAgain() {
    let bytes = Self.goodArchive()
    let server = TestHTTPServer(["/c.tar.gz": .body(bytes)])
    defer { server.stop() }
    let dir = makeTempDir()
    writeBytes(dir + "/cifar-10-binary.tar.gz.part", [UInt8](repeating: 7, count: bytes.count + 5))
    let (r, _, _) = download(server, "/c.tar.gz", md5: MD5.hex(of: bytes), dir: dir, "--size", "\(bytes.count)")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.err.contains("is longer than the archive's \(bytes.count) bytes; starting again"))
    #expect(server.requests.map(\.range) == [nil])
    #expect(readBytes(dir + "/cifar-10-binary.tar.gz") == bytes)
  }

  @Test func aGzipBombIsCutOffAfterTheArchiveEnds() {
    // The good tar, then 256 MiB of zeros in 1.6 MB: the unpacker stops 1 MiB past the end marker.
    let bytes = ArchiveBuilder.bomb(prefix: ArchiveBuilder.tar(DownloadTests.goodMembers()), zeros: 256 << 20)
    #expect(bytes.count < 2_000_000)
    let server = TestHTTPServer(["/b.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir, seconds) = download(server, "/b.tar.gz", md5: MD5.hex(of: bytes))
    #expect(r.code == 2)
    #expect(seconds < 30, "\(seconds) s")
    #expect(
      errorLine(r) == "error: \(dir)/cifar-10-binary.tar.gz: more than 1048576 bytes of padding after the end-of-archive marker (not a dataset archive)")
    #expect(listDir(dir).isEmpty)
  }

  @Test func aMemberLargerThanAnyCIFARFileIsRefusedBeforeItIsWritten() {
    // The header claims one byte more than a 10,000-image batch; the data never comes.
    var members = DownloadTests.goodMembers()
    members[1].declaredSize = 30_730_001
    let tar = ArchiveBuilder.tar(Array(members[0...1]))
    let bytes = ArchiveBuilder.gzip(Array(tar[0..<1024]))
    let server = TestHTTPServer(["/m.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir, _) = download(server, "/m.tar.gz", md5: MD5.hex(of: bytes))
    #expect(r.code == 2)
    #expect(errorLine(r).hasSuffix("member 'cifar-10-batches-bin/data_batch_1.bin' is 30730001 bytes (limit 30730000)"))
    #expect(listDir(dir).isEmpty)
  }

  @Test func thousandsOfMembersAreRefused() {
    // Folder entries create nothing, but a stream of them is not a dataset archive.
    var members = [ArchiveBuilder.Member](repeating: .init(name: DownloadTests.root, type: 0x35), count: 5_000)
    members += DownloadTests.goodMembers()
    let bytes = DownloadTests.archive(members)
    let server = TestHTTPServer(["/d.tar.gz": .body(bytes)])
    defer { server.stop() }
    let (r, dir, _) = download(server, "/d.tar.gz", md5: MD5.hex(of: bytes))
    #expect(r.code == 2)
    #expect(errorLine(r).hasSuffix("more than 64 members (not a dataset archive)"))
    #expect(listDir(dir).isEmpty)
  }

  @Test func badSizeAndTimeoutAreUsageErrors() {
    for args in [["--size", "0"], ["--size", "2000000000"], ["--size", "x"], ["--timeout", "0"], ["--timeout", "soon"]] {
      let r = lrsched(["data", "download", "-o", makeTempDir()] + args)
      #expect(r.code == 2, "\(args)")
      #expect(r.err.hasPrefix("error: \(args[0]) "), "\(r.err)")
    }
  }
}
