#if canImport(Glibc)
import Glibc
#endif

/// `lrsched data download`: fetch CIFAR-10's binary archive, check its MD5, unpack
/// `cifar-10-batches-bin/` and prepare the cache — what `torchvision.datasets.CIFAR10(download=True)`
/// does for the Python pickles (`download_and_extract_archive`, `check_integrity` with MD5).
///
/// Files in `DIR` during and after a run:
/// - `cifar-10-binary.tar.gz.part`: the download in progress. After a network failure (refused
///   connection, a stall, a body cut short) it stays, and the next run asks for the rest
///   (`Range`); a server that refuses ranges gets a restart from byte 0, and so does a resumed
///   file whose MD5 then differs (once). A wrong checksum, a body larger than the archive (or the
///   1 GiB cap) and a write error remove it.
/// - `cifar-10-binary.tar.gz`: appears only once its MD5 matches (then a later run skips the
///   download); removed again if it turns out not to be a valid archive.
/// - `cifar-10-batches-bin/`: unpacked into `.cifar-10-batches-bin.tmp.PID` and renamed in one
///   step, so it is either complete or absent (a previous one is replaced only on success).
public enum CIFAR10Download {
  public static let url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
  public static let md5 = "c32a1d4ab5d03f1284b67883e8d87530"
  public static let size: Int64 = 170_052_171
  public static let archiveName = "cifar-10-binary.tar.gz"
  /// The largest member `unpack` accepts: a batch of 10,000 records.
  static let maxBatchBytes = 10_000 * CIFAR10.recordSize
  /// The largest download accepted (`--size` at most; the cap when the size is unknown).
  public static let maxSize: Int64 = HTTPFetch.Limits.maxBytes

  public struct Options: Sendable {
    public var url = CIFAR10Download.url
    public var md5 = CIFAR10Download.md5
    public var directory = "."
    public var cachePath = CIFAR10Cache.defaultPath()
    public var connectSeconds = 30
    /// Give up when fewer than 1 KiB a second arrive for this long (`HTTPFetch.Limits`).
    public var stallSeconds = 60
    /// The archive's size: a larger body is refused (a shorter one fails the MD5 check).
    /// `nil`: CIFAR-10's own size when `md5` is CIFAR-10's, otherwise unknown (1 GiB cap).
    public var size: Int64?
    public init() {}

    /// The size the download is held to, if known.
    var expectedSize: Int64? { size ?? (md5.lowercased() == CIFAR10Download.md5 ? CIFAR10Download.size : nil) }
  }

  public enum Event: Sendable {
    /// Bytes in the file so far, and the expected total (0 when unknown).
    case progress(Int64, Int64)
    /// One line for the log.
    case note(String)
  }

  /// Returns the prepared dataset. `event` returns false to abort (Ctrl-C).
  public static func run(_ o: Options, event: @escaping (Event) -> Bool) throws -> CIFAR10Dataset {
    guard o.md5.count == 32, o.md5.allSatisfy(\.isHexDigit) else {
      throw BenchError.invalidArgument(name: "--md5", value: o.md5, reason: "expected 32 hexadecimal digits")
    }
    let md5 = o.md5.lowercased()
    try PosixFiles.makeDirectories(o.directory)
    let archive = PosixFiles.join(o.directory, archiveName)
    let folder = try lockingFolder(o.directory) { () throws -> String in
      if PosixFiles.fileSize(archive) != nil {
        if try digest(archive) == md5 {
          _ = event(.note("\(archive): already downloaded, MD5 matches"))
        } else {
          _ = event(.note("\(archive): MD5 differs; downloading again"))
          unlink(archive)
        }
      }
      if PosixFiles.fileSize(archive) == nil { try fetch(o, md5: md5, to: archive, event: event) }
      return try unpack(archive, into: o.directory)
    }
    _ = event(.note("unpacked \(folder)"))
    return try CIFAR10Cache.prepare(from: folder, to: o.cachePath, force: true) { _ = event(.note($0)) }
  }

  /// Runs `body` holding an exclusive `flock` on the folder itself (two downloads into one
  /// folder take turns; no lock file is left behind).
  static func lockingFolder<T>(_ dir: String, _ body: () throws -> T) throws -> T {
    let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw BenchError.io(path: dir, operation: "open", errno: errno) }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw BenchError.io(path: dir, operation: "flock", errno: errno) }
    }
    defer { flock(fd, LOCK_UN) }
    return try body()
  }

  static func digest(_ path: String) throws -> String {
    let fd = try PosixFiles.openRead(path)
    defer { close(fd) }
    var m = MD5()
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = read(fd, buffer, 1 << 20)
      if n < 0 {
        if errno == EINTR { continue }
        throw BenchError.io(path: path, operation: "read", errno: errno)
      }
      if n == 0 { break }
      m.update(UnsafeRawBufferPointer(start: buffer, count: n))
    }
    return MD5.hex(m.finalize())
  }

  /// Downloads into `archive.part` (resuming it), checks the MD5 and renames it to `archive`.
  /// A resumed download whose MD5 differs (the partial file was not a prefix of this archive) is
  /// fetched once more from byte 0 before the checksum error is final.
  static func fetch(_ o: Options, md5: String, to archive: String, event: @escaping (Event) -> Bool) throws {
    let part = archive + ".part"
    let fd = open(part, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw BenchError.io(path: part, operation: "open", errno: errno) }
    defer { close(fd) }
    let expected = o.expectedSize
    var offset = Int64(PosixFiles.fileSize(part) ?? 0)
    if let expected, offset > expected {
      _ = event(.note("\(part) is longer than the archive's \(expected) bytes; starting again"))
      try truncate(fd, part)
      offset = 0
    }
    var restarted = false
    while true {
      if offset > 0 { _ = event(.note("resuming \(part) at byte \(offset)")) }
      restarted = try transfer(o, fd: fd, part: part, from: offset, restarted: restarted, event: event)
      guard fsync(fd) == 0 else {
        let e = errno
        unlink(part)
        throw BenchError.io(path: part, operation: "fsync", errno: e)
      }
      let actual = try digest(part)
      if actual == md5 { break }
      guard offset > 0, !restarted else {
        unlink(part)
        throw BenchError.checksum(path: o.url, expected: md5, actual: actual)
      }
      _ = event(.note("MD5 differs after resuming at byte \(offset) (the partial file was not this archive's); downloading again"))
      try truncate(fd, part)
      offset = 0
      restarted = true
    }
    guard rename(part, archive) == 0 else { throw BenchError.io(path: archive, operation: "rename", errno: errno) }
  }

  static func truncate(_ fd: Int32, _ part: String) throws {
    guard ftruncate(fd, 0) == 0 else { throw BenchError.io(path: part, operation: "truncate", errno: errno) }
  }

  /// Fetches into `part` from `offset` until the body is complete, restarting from byte 0 once
  /// when the server refuses the range. Returns whether it restarted. On failure the partial
  /// file stays only when it is a resumable prefix (a network failure); otherwise it is removed.
  static func transfer(
    _ o: Options, fd: Int32, part: String, from start: Int64, restarted: Bool, event: @escaping (Event) -> Bool
  ) throws -> Bool {
    let expected = o.expectedSize
    let limits = HTTPFetch.Limits(
      connectSeconds: o.connectSeconds, stallSeconds: o.stallSeconds, maxBytes: expected ?? HTTPFetch.Limits.maxBytes)
    let progress = HTTPFetch.Progress { now, total in event(.progress(now, total > 0 ? total : expected ?? 0)) }
    var offset = start
    var restarted = restarted
    while true {
      let r: (written: Int64, outcome: HTTPFetch.Outcome)
      do {
        r = try HTTPFetch.get(o.url, appendingTo: fd, path: part, offset: offset, limits: limits, progress: progress)
      } catch BenchError.network(let url, let reason) {
        let kept = Int64(PosixFiles.fileSize(part) ?? 0)
        if kept == 0 {
          unlink(part)
          throw BenchError.network(url: url, reason: reason)
        }
        throw BenchError.network(url: url, reason: reason + "; kept \(kept) bytes in \(part): run the same command again to resume")
      } catch {
        unlink(part)  // a write error (full disk): nothing half-written stays
        throw error
      }
      switch r.outcome {
      case .complete:
        return restarted
      case .tooLarge:
        unlink(part)
        let what = expected == nil ? "the \(limits.maxBytes)-byte cap" : "the archive's \(limits.maxBytes) bytes"
        throw BenchError.network(url: o.url, reason: "the server sends more than \(what); stopped, nothing kept")
      case .rangeRefused:
        guard !restarted else {
          unlink(part)
          throw BenchError.network(url: o.url, reason: "the server refused the download range twice")
        }
        _ = event(.note("the server does not resume \(part) at byte \(offset); starting again"))
        try truncate(fd, part)
        offset = 0
        restarted = true
      }
    }
  }

  /// Unpacks `archive` into `dir/cifar-10-batches-bin` (complete or not at all); an archive that
  /// is not a valid CIFAR-10 one is removed.
  public static func unpack(_ archive: String, into dir: String) throws -> String {
    let final = PosixFiles.join(dir, CIFAR10.folderName)
    let tmp = PosixFiles.join(dir, ".\(CIFAR10.folderName).tmp.\(getpid())")
    removeFlatFolder(tmp)
    guard mkdir(tmp, 0o755) == 0 else { throw BenchError.io(path: tmp, operation: "mkdir", errno: errno) }
    var tar = TarExtractor(archive: archive, destination: tmp, root: CIFAR10.folderName)
    // CIFAR-10's members: six batches of 10,000 records (30,730,000 bytes each) and two small
    // text files; nothing larger is unpacked.
    tar.maxMember = maxBatchBytes
    tar.maxTotal = 6 * maxBatchBytes + (1 << 20)
    do {
      try Gunzip.stream(archive) { try tar.feed($0) }
      try tar.finish()
      for name in CIFAR10.trainFiles + [CIFAR10.testFile] where !tar.files.contains(where: { $0.name == name }) {
        throw BenchError.archive(path: archive, reason: "no \(CIFAR10.folderName)/\(name) in the archive")
      }
      _ = try CIFAR10Reader.files(in: tmp).map(CIFAR10Reader.recordCount)
    } catch {
      tar.abandon()
      removeFlatFolder(tmp)
      if case BenchError.archive = error { unlink(archive) }
      if case BenchError.truncatedRecord = error { unlink(archive) }
      throw error
    }
    if PosixFiles.isDirectory(final) {
      let old = PosixFiles.join(dir, ".\(CIFAR10.folderName).old.\(getpid())")
      guard rename(final, old) == 0 else { throw BenchError.io(path: final, operation: "rename", errno: errno) }
      guard rename(tmp, final) == 0 else {
        let e = errno
        _ = rename(old, final)
        removeFlatFolder(tmp)
        throw BenchError.io(path: final, operation: "rename", errno: e)
      }
      removeFlatFolder(old)
    } else {
      guard rename(tmp, final) == 0 else {
        let e = errno
        removeFlatFolder(tmp)
        throw BenchError.io(path: final, operation: "rename", errno: e)
      }
    }
    return final
  }

  /// Removes a folder of plain files (what `unpack` creates); leaves anything else alone.
  static func removeFlatFolder(_ path: String) {
    guard let d = opendir(path) else { return }
    while let e = readdir(d) {
      let name = withUnsafePointer(to: e.pointee.d_name) {
        String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
      }
      if name != "." && name != ".." { unlink(PosixFiles.join(path, name)) }
    }
    closedir(d)
    rmdir(path)
  }
}
