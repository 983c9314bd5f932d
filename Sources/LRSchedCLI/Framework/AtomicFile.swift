#if canImport(Glibc)
  import Glibc
#endif

/// Writes a file atomically: into a temporary file in the same directory, then `rename`.
/// On any error the temporary file is removed and an existing file at the path is left
/// untouched, so no partial file is ever seen. A path that exists and is not a regular file
/// (`/dev/null`, `/dev/stdout`, a FIFO) is written directly: it can't be replaced.
public final class AtomicFileWriter: BufferedSink {
  public let path: String
  let tempPath: String
  /// Writing straight to a device or FIFO (no rename).
  let direct: Bool
  /// Where the temporary file is renamed to (the symlink's target for a symlink).
  var targetPath: String = ""
  var file: UnsafeMutablePointer<FILE>?
  var failed: CLIError?
  /// `fsync` before the rename: the file survives a power cut once `commit` returns. Without
  /// it the rename still shows readers the old file or the whole new one, never a part.
  let durable: Bool

  public init(path requested: String, durable: Bool = true) throws(CLIError) {
    self.durable = durable
    var path = requested
    var st = stat()
    // A symlink (`/dev/stdout` → `/proc/self/fd/1`) is never replaced: writes go to what
    // it points at, atomically when that is a regular file outside /proc and /dev.
    if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
      var resolved = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      if realpath(path, &resolved) != nil {
        let target = resolved.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        path = target
      }
    }
    self.path = requested
    if stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
      throw CLIError.input("cannot write '\(requested)': it is a directory")
    }
    let special = path.hasPrefix("/proc/") || path.hasPrefix("/dev/")
    if special || stat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG || requested.hasPrefix("/dev/") {
      guard let f = fopen(requested, "w") else {
        throw CLIError.input("cannot write '\(requested)': \(String(cString: strerror(errno)))")
      }
      direct = true
      tempPath = requested
      file = f
      return
    }
    direct = false
    targetPath = path
    let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
    let base = path.contains("/") ? String(path[path.index(after: path.lastIndex(of: "/")!)...]) : path
    let templateText = (dir.isEmpty ? "/" : dir) + "/.\(base).tmp-XXXXXX"
    var template = Array(templateText.utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard fd >= 0 else {
      // A missing or mistyped folder is bad input (2); a read-only, full or forbidden
      // destination is a failure of the environment (1).
      let e = errno
      let message = "cannot write '\(requested)': \(String(cString: strerror(e)))"
      throw (e == ENOENT || e == ENOTDIR) ? CLIError.input(message) : CLIError.failure(message)
    }
    tempPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    fchmod(fd, 0o644)
    file = fdopen(fd, "w")
  }

  override func emit(_ bytes: UnsafeRawBufferPointer) {
    guard let file, failed == nil else { return }
    if fwrite(bytes.baseAddress, 1, bytes.count, file) != bytes.count {
      failed = CLIError.failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
    }
  }

  /// Flushes, syncs (when durable) and renames into place.
  public func commit() throws(CLIError) {
    flush()
    if let failed {
      discard()
      throw failed
    }
    guard let f = file else { return }
    if direct {
      let ok = fflush(f) == 0
      let e = errno
      fclose(f)
      file = nil
      if !ok { throw CLIError.failure("cannot write '\(path)': \(String(cString: strerror(e)))") }
      return
    }
    if fflush(f) != 0 || durable && fsync(fileno(f)) != 0 && errno != EINVAL {
      let e = CLIError.failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
      discard()
      throw e
    }
    fclose(f)
    file = nil
    if rename(tempPath, targetPath) != 0 {
      let e = CLIError.failure("cannot write '\(path)': \(String(cString: strerror(errno)))")
      unlink(tempPath)
      throw e
    }
  }

  /// Removes the temporary file; the destination is untouched.
  public func discard() {
    if let f = file {
      fclose(f)
      file = nil
    }
    if !direct { unlink(tempPath) }
  }

  deinit {
    if file != nil { discard() }
  }
}
