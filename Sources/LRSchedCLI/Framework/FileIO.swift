#if canImport(Glibc)
  import Glibc
#endif

/// Reading input files with errors that name the file.
public enum FileIO {
  /// Reads a whole text file (at most `limit` bytes).
  public static func readText(_ path: String, limit: Int = 256 << 20) throws(CLIError) -> String {
    let bytes = try readBytes(path, limit: limit)
    return String(decoding: bytes, as: UTF8.self)
  }

  public static func readBytes(_ path: String, limit: Int = 256 << 20) throws(CLIError) -> [UInt8] {
    var st = stat()
    guard stat(path, &st) == 0 else {
      throw .input("cannot read '\(path)': \(String(cString: strerror(errno)))")
    }
    if (st.st_mode & S_IFMT) == S_IFDIR { throw .input("cannot read '\(path)': it is a directory") }
    guard let f = fopen(path, "rb") else {
      throw .input("cannot read '\(path)': \(String(cString: strerror(errno)))")
    }
    defer { fclose(f) }
    var out = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n > 0 { out.append(contentsOf: buf[0..<n]) }
      if out.count > limit { throw .input("'\(path)' is too large (limit \(limit >> 20) MiB)") }
      if n < buf.count {
        if ferror(f) != 0 { throw .input("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        break
      }
    }
    return out
  }
}
