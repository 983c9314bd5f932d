#if canImport(Glibc)
import Glibc
#endif

/// Thin wrappers over POSIX file calls that throw `BenchError.io` naming the path.
enum PosixFiles {
  static func fileSize(_ path: String) -> Int? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return Int(st.st_size)
  }

  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// Modification time in nanoseconds since the epoch, 0 if unknown.
  static func mtimeNanos(_ path: String) -> Int64 {
    var st = stat()
    guard stat(path, &st) == 0 else { return 0 }
    return Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec)
  }

  static func openRead(_ path: String) throws -> Int32 {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      if errno == ENOENT { throw BenchError.missingFile(path: path) }
      throw BenchError.io(path: path, operation: "open", errno: errno)
    }
    return fd
  }

  /// Reads exactly `count` bytes at `offset` (pread loop).
  static func readFully(fd: Int32, path: String, into p: UnsafeMutableRawPointer, count: Int, offset: Int) throws {
    var done = 0
    while done < count {
      let n = pread(fd, p + done, count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw BenchError.io(path: path, operation: "read", errno: errno)
      }
      if n == 0 {
        throw BenchError.shortRead(path: path, offset: offset + done, expected: offset + count)
      }
      done += n
    }
  }

  static func writeFully(fd: Int32, path: String, _ p: UnsafeRawPointer, count: Int) throws {
    var done = 0
    while done < count {
      let n = write(fd, p + done, min(count - done, 1 << 30))
      if n < 0 {
        if errno == EINTR { continue }
        throw BenchError.io(path: path, operation: "write", errno: errno)
      }
      done += n
    }
  }

  /// `mkdir -p`.
  static func makeDirectories(_ path: String) throws {
    if path.isEmpty || isDirectory(path) { return }
    let parent = dirname(of: path)
    if parent != path { try makeDirectories(parent) }
    if mkdir(path, 0o755) != 0 && errno != EEXIST {
      throw BenchError.io(path: path, operation: "mkdir", errno: errno)
    }
  }

  static func dirname(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  static func join(_ a: String, _ b: String) -> String { a.hasSuffix("/") ? a + b : a + "/" + b }

  /// Writes `body`'s output to `path` atomically: a temporary file in the same folder, `fsync`,
  /// then `rename`. Readers see the old file or the complete new one, never a partial one.
  static func writeAtomically(_ path: String, _ body: (_ fd: Int32, _ tmp: String) throws -> Void) throws {
    try makeDirectories(dirname(of: path))
    let tmp = "\(path).tmp.\(getpid())"
    let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw BenchError.io(path: tmp, operation: "open", errno: errno) }
    do {
      try body(fd, tmp)
      guard fsync(fd) == 0 else { throw BenchError.io(path: tmp, operation: "fsync", errno: errno) }
      close(fd)
      guard rename(tmp, path) == 0 else { throw BenchError.io(path: path, operation: "rename", errno: errno) }
    } catch {
      close(fd)
      unlink(tmp)
      throw error
    }
  }

  static func writeFile(_ path: String, bytes: [UInt8]) throws {
    try writeAtomically(path) { fd, tmp in
      try bytes.withUnsafeBytes { try writeFully(fd: fd, path: tmp, $0.baseAddress!, count: $0.count) }
    }
  }

  static func environment(_ name: String) -> String? {
    guard let v = getenv(name) else { return nil }
    let s = String(cString: v)
    return s.isEmpty ? nil : s
  }
}
