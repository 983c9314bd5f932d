#if canImport(Glibc)
  import Glibc
#endif

/// A file the CLI could not read: the path and why.
public struct FileReadError: Error, Sendable, Equatable {
  public enum Reason: Sendable, Equatable {
    /// The system's reason (`No such file or directory`, `it is a directory`).
    case cannotRead(String)
    /// Larger than the reader's limit (bytes).
    case tooLarge(limit: Int)
  }
  public var path: String
  public var reason: Reason

  /// The one-line message: `cannot read 'x.csv': No such file or directory`.
  public var message: String {
    switch reason {
    case .cannotRead(let why): return "cannot read '\(path)': \(why)"
    case .tooLarge(let limit): return "'\(path)' is too large (limit \(limit >> 20) MiB)"
    }
  }

  /// What Python's `OSError` says for it, for `file()` in specs (the path is shown with the spec).
  public var osErrorMessage: String {
    if case .cannotRead(let why) = reason { return why }
    return message
  }
}

/// Reading input files with errors that name the file.
public enum FileIO {
  /// Reads a whole text file (at most `limit` bytes) for a command.
  public static func readText(_ path: String, limit: Int = 256 << 20) throws(CLIError) -> String {
    String(decoding: try readBytes(path, limit: limit), as: UTF8.self)
  }

  /// Reads a whole file (at most `limit` bytes) for a command.
  public static func readBytes(_ path: String, limit: Int = 256 << 20) throws(CLIError) -> [UInt8] {
    do {
      return try contents(of: path, limit: limit)
    } catch {
      throw CLIError(error)
    }
  }

  /// A whole file's bytes (at most `limit`).
  public static func contents(of path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    func failure() -> FileReadError { FileReadError(path: path, reason: .cannotRead(String(cString: strerror(errno)))) }
    var st = stat()
    guard stat(path, &st) == 0 else { throw failure() }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw FileReadError(path: path, reason: .cannotRead("it is a directory")) }
    guard let f = fopen(path, "rb") else { throw failure() }
    defer { fclose(f) }
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n > 0 { out.append(contentsOf: buf[0..<n]) }
      if out.count > limit { throw FileReadError(path: path, reason: .tooLarge(limit: limit)) }
      if n < buf.count {
        if ferror(f) != 0 { throw failure() }
        break
      }
    }
    return out
  }
}
