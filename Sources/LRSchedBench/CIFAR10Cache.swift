#if canImport(Glibc)
import Glibc
#endif

/// Where a cache's data came from: the batch folder, the total size and newest mtime of its files.
public struct SourceStamp: Equatable, Sendable {
  public var path: String
  public var bytes: UInt64
  public var mtime: Int64

  public init(path: String, bytes: UInt64, mtime: Int64) {
    self.path = path
    self.bytes = bytes
    self.mtime = mtime
  }

  /// The stamp of a `cifar-10-batches-bin` folder as it is now.
  public init(folder: String) {
    path = folder
    bytes = 0
    mtime = 0
    for f in CIFAR10Reader.files(in: folder) {
      bytes += UInt64(PosixFiles.fileSize(f) ?? 0)
      mtime = max(mtime, PosixFiles.mtimeNanos(f))
    }
  }
}

/// The decoded 4,096-byte header of a cache file.
public struct CacheHeader: Equatable, Sendable {
  public var version: UInt32
  public var trainCount: Int
  public var testCount: Int
  public var dataChecksum: UInt64
  public var stats: ChannelStats
  public var source: SourceStamp?

  /// Expected file size: header plus data region.
  public var fileSize: Int { CIFAR10Cache.headerSize + CIFAR10Dataset.dataSize(train: trainCount, test: testCount) }
}

/// The dataset cache: one file whose data part is read into memory as is, never parsed.
///
/// Layout (little-endian):
/// ```
/// 0     8  magic "LRSCIFAR"          40   24  train mean R, G, B (Float64, [0, 1] scale)
/// 8     4  format version (1)        64   24  train std R, G, B
/// 12    4  header size (4096)        88    8  source bytes      96  8  source mtime (ns)
/// 16    8  train count               104   4  source path length
/// 24    8  test count                112   8  header checksum (this field zero)
/// 32    8  data checksum             120   …  source path (UTF-8)
/// 4096  …  train pixels (N × 3072, channel-planar as CIFAR), test pixels, train labels, test labels
/// ```
/// The file is written atomically (temporary file + `rename`) under an exclusive `flock` on
/// `PATH.lock`, so two concurrent prepares leave one complete cache. Opening checks magic, version,
/// header checksum and the file size against the header, then reads the file into anonymous
/// memory advised for transparent huge pages (`ByteStorage`). Reading costs about what mapping
/// with `MAP_POPULATE` did (the checksum touches every byte either way), but shuffled batches then
/// run on 2 MB pages — about 10% off each epoch here — and a file truncated or rewritten by
/// another process while in use can no longer kill the process with `SIGBUS`.
public enum CIFAR10Cache {
  public static let magic: [UInt8] = Array("LRSCIFAR".utf8)
  public static let version: UInt32 = 1
  public static let headerSize = 4096

  /// `$LRSCHED_CACHE`, else `$XDG_CACHE_HOME/lrsched/cifar10.cache`, else `~/.cache/lrsched/cifar10.cache`.
  public static func defaultPath() -> String {
    if let p = PosixFiles.environment("LRSCHED_CACHE") { return p }
    if let x = PosixFiles.environment("XDG_CACHE_HOME") { return PosixFiles.join(x, "lrsched/cifar10.cache") }
    let home = PosixFiles.environment("HOME") ?? "."
    return PosixFiles.join(home, ".cache/lrsched/cifar10.cache")
  }

  // MARK: Header

  static func encodeHeader(_ h: CacheHeader) -> [UInt8] {
    var b = [UInt8](repeating: 0, count: headerSize)
    func put<T: FixedWidthInteger>(_ v: T, _ at: Int) {
      withUnsafeBytes(of: v.littleEndian) { for (k, x) in $0.enumerated() { b[at + k] = x } }
    }
    for (k, x) in magic.enumerated() { b[k] = x }
    put(h.version, 8)
    put(UInt32(headerSize), 12)
    put(UInt64(h.trainCount), 16)
    put(UInt64(h.testCount), 24)
    put(h.dataChecksum, 32)
    for c in 0..<3 {
      put(h.stats.mean[c].bitPattern, 40 + 8 * c)
      put(h.stats.std[c].bitPattern, 64 + 8 * c)
    }
    if let s = h.source {
      let path = Array(s.path.utf8.prefix(headerSize - 120))
      put(s.bytes, 88)
      put(UInt64(bitPattern: s.mtime), 96)
      put(UInt32(path.count), 104)
      for (k, x) in path.enumerated() { b[120 + k] = x }
    }
    let sum = b.withUnsafeBytes { Checksum64.of($0) }
    put(sum, 112)
    return b
  }

  static func decodeHeader(_ b: [UInt8], path: String) throws -> CacheHeader {
    func get<T: FixedWidthInteger>(_ at: Int, _: T.Type) -> T {
      var v = T.zero
      withUnsafeMutableBytes(of: &v) { for k in 0..<$0.count { $0[k] = b[at + k] } }
      return T(littleEndian: v)
    }
    guard b.count >= 120, Array(b[0..<8]) == magic else { throw BenchError.notACache(path: path) }
    let version = get(8, UInt32.self)
    guard version == Self.version else {
      throw BenchError.cacheVersion(path: path, found: version, expected: Self.version)
    }
    guard b.count == headerSize, get(12, UInt32.self) == UInt32(headerSize) else {
      throw BenchError.cacheSize(path: path, expected: headerSize, actual: b.count)
    }
    var zeroed = b
    for k in 112..<120 { zeroed[k] = 0 }
    guard zeroed.withUnsafeBytes({ Checksum64.of($0) }) == get(112, UInt64.self) else {
      throw BenchError.cacheChecksum(path: path, part: "header")
    }
    let trainCount = Int(get(16, UInt64.self))
    let testCount = Int(get(24, UInt64.self))
    let stats = ChannelStats(
      mean: (0..<3).map { Double(bitPattern: get(40 + 8 * $0, UInt64.self)) },
      std: (0..<3).map { Double(bitPattern: get(64 + 8 * $0, UInt64.self)) })
    let pathLength = Int(get(104, UInt32.self))
    var source: SourceStamp?
    if pathLength > 0 && pathLength <= headerSize - 120 {
      source = SourceStamp(
        path: String(decoding: b[120..<(120 + pathLength)], as: UTF8.self), bytes: get(88, UInt64.self),
        mtime: Int64(bitPattern: get(96, UInt64.self)))
    }
    return CacheHeader(
      version: version, trainCount: trainCount, testCount: testCount, dataChecksum: get(32, UInt64.self),
      stats: stats, source: source)
  }

  /// Reads and validates the header of `path` (magic, version, header checksum, file size).
  public static func readHeader(_ path: String) throws -> CacheHeader {
    let fd = try PosixFiles.openRead(path)
    defer { close(fd) }
    return try readHeader(fd: fd, path: path)
  }

  static func readHeader(fd: Int32, path: String) throws -> CacheHeader {
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw BenchError.io(path: path, operation: "stat", errno: errno) }
    let size = Int(st.st_size)
    var b = [UInt8](repeating: 0, count: min(size, headerSize))
    if !b.isEmpty {
      try b.withUnsafeMutableBytes { try PosixFiles.readFully(fd: fd, path: path, into: $0.baseAddress!, count: $0.count, offset: 0) }
    }
    if b.count < magic.count || Array(b[0..<magic.count]) != magic { throw BenchError.notACache(path: path) }
    if b.count < headerSize { throw BenchError.cacheSize(path: path, expected: headerSize, actual: size) }
    let h = try decodeHeader(b, path: path)
    guard size == h.fileSize else { throw BenchError.cacheSize(path: path, expected: h.fileSize, actual: size) }
    return h
  }

  // MARK: Write / open

  /// Writes `dataset` to `path` atomically.
  public static func write(_ dataset: CIFAR10Dataset, to path: String, source: SourceStamp?) throws {
    let data = dataset.dataRegion
    let header = CacheHeader(
      version: version, trainCount: dataset.train.count, testCount: dataset.test.count,
      dataChecksum: Checksum64.of(data), stats: dataset.stats, source: source)
    let bytes = encodeHeader(header)
    try PosixFiles.writeAtomically(path) { fd, tmp in
      try bytes.withUnsafeBytes { try PosixFiles.writeFully(fd: fd, path: tmp, $0.baseAddress!, count: $0.count) }
      try PosixFiles.writeFully(fd: fd, path: tmp, data.baseAddress!, count: data.count)
    }
  }

  /// Reads a cache file into memory. The size is checked against the header first; `verify`
  /// also recomputes the data checksum.
  public static func open(_ path: String, verify: Bool = true) throws -> CIFAR10Dataset {
    let fd = try PosixFiles.openRead(path)
    defer { close(fd) }
    let h = try readHeader(fd: fd, path: path)
    let size = h.fileSize
    let storage = ByteStorage(allocating: size)
    try PosixFiles.readFully(fd: fd, path: path, into: storage.base, count: size, offset: 0)
    let dataset = CIFAR10Dataset(
      storage: storage, offset: headerSize, trainCount: h.trainCount, testCount: h.testCount, stats: h.stats,
      origin: .cache(path: path))
    if verify && Checksum64.of(dataset.dataRegion) != h.dataChecksum {
      throw BenchError.cacheChecksum(path: path, part: "data")
    }
    return dataset
  }

  // MARK: Prepare

  /// Runs `body` holding an exclusive `flock` on `path.lock`. When `body` fails, what this
  /// call created is removed again (the lock file and the directories made for it), so a
  /// failed run leaves nothing behind.
  static func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
    var missing: [String] = []
    var dir = PosixFiles.dirname(of: path)
    while !dir.isEmpty && !PosixFiles.isDirectory(dir) {
      missing.append(dir)
      let parent = PosixFiles.dirname(of: dir)
      if parent == dir { break }
      dir = parent
    }
    func removeCreatedDirectories() { for d in missing { _ = rmdir(d) } }  // deepest first; only if empty
    do {
      try PosixFiles.makeDirectories(PosixFiles.dirname(of: path))
    } catch {
      removeCreatedDirectories()
      throw error
    }
    let lockPath = path + ".lock"
    let lockExisted = PosixFiles.fileSize(lockPath) != nil
    let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      let e = errno
      removeCreatedDirectories()
      throw BenchError.io(path: lockPath, operation: "open", errno: e)
    }
    defer { close(fd) }
    while flock(fd, LOCK_EX) != 0 {
      if errno != EINTR { throw BenchError.io(path: lockPath, operation: "flock", errno: errno) }
    }
    defer { flock(fd, LOCK_UN) }
    do {
      return try body()
    } catch {
      // Unlinked while still held: a process waiting on this lock file builds on its own
      // open file, as it would after a success.
      if !lockExisted { _ = unlink(lockPath) }
      removeCreatedDirectories()
      throw error
    }
  }

  /// Builds the cache at `cachePath` from the batch folder `folder` unless an up-to-date one is
  /// already there (same source path, size and mtime), then opens it.
  /// - Parameter log: receives one line when a cache is (re)built.
  public static func prepare(
    from folder: String, to cachePath: String = defaultPath(), force: Bool = false, log: (String) -> Void = { _ in }
  ) throws -> CIFAR10Dataset {
    guard let batches = CIFAR10Reader.batchFolder(folder) else {
      throw BenchError.missingFile(path: PosixFiles.join(folder, CIFAR10.testFile))
    }
    let stamp = SourceStamp(folder: batches)
    func upToDate() -> Bool {
      guard !force, let h = try? readHeader(cachePath) else { return false }
      return h.source == stamp
    }
    if upToDate(), let d = try? open(cachePath) { return d }
    return try withLock(cachePath) {
      // Another process may have built it while this one waited for the lock.
      if upToDate(), let d = try? open(cachePath, verify: true) { return d }
      let reason = PosixFiles.fileSize(cachePath) == nil ? "building" : "rebuilding"
      log("\(reason) cache \(cachePath) from \(batches)")
      let dataset = try CIFAR10Reader.readFolder(batches)
      try write(dataset, to: cachePath, source: stamp)
      return try open(cachePath)  // read back: what later runs will see
    }
  }

  /// Resolves a `--data` argument.
  ///
  /// - `cifar-cache`: the cache at `defaultPath()`; `nil` when there is none (the caller falls back
  ///   to synthetic data). A stale cache whose recorded source folder still exists is rebuilt.
  /// - a directory: a `cifar-10-batches-bin` folder (or its parent), prepared into `defaultPath()`.
  /// - a file: a cache file, opened as is (errors name the problem; nothing is rebuilt).
  public static func load(_ data: String, log: (String) -> Void = { _ in }) throws -> CIFAR10Dataset? {
    if data == "cifar-cache" {
      let path = defaultPath()
      guard PosixFiles.fileSize(path) != nil else { return nil }
      do {
        let h = try readHeader(path)
        if let src = h.source, CIFAR10Reader.batchFolder(src.path) != nil, SourceStamp(folder: src.path) != src {
          log("cache \(path) is stale (\(src.path) changed)")
          return try prepare(from: src.path, to: path, force: true, log: log)
        }
        return try open(path)
      } catch let error as BenchError {
        if case .notACache = error { throw error }
        // Rebuild from the recorded source when there is one; otherwise report the problem.
        if let h = try? readHeader(path), let src = h.source, CIFAR10Reader.batchFolder(src.path) != nil {
          log("\(error.description); rebuilding")
          return try prepare(from: src.path, to: path, force: true, log: log)
        }
        throw error
      }
    }
    if PosixFiles.isDirectory(data) { return try prepare(from: data, log: log) }
    return try open(data)
  }
}
