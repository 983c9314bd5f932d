#if canImport(Glibc)
  import Glibc
#endif

// File helpers the test targets share: temporary folders, whole-file reads and writes.

/// A fresh temporary directory under /tmp (left for the system to clean).
public func makeTempDir(prefix: String = "lrsched-test") -> String {
  var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
  let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  return String(cString: p!)
}

/// Runs `body` with a fresh temporary directory, removed afterwards.
public func withTemporaryDirectory<T>(_ body: (String) throws -> T) rethrows -> T {
  let dir = makeTempDir()
  defer { _ = system("rm -rf '\(dir)'") }
  return try body(dir)
}

public func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

/// A whole file's bytes, nil when it cannot be opened.
public func readBytes(_ path: String) -> [UInt8]? {
  guard let f = fopen(path, "rb") else { return nil }
  defer { fclose(f) }
  var out: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 1 << 16)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    out.append(contentsOf: buf[0..<n])
  }
  return out
}

/// Writes a whole file; false when it cannot be written completely.
@discardableResult public func writeBytes(_ path: String, _ bytes: [UInt8]) -> Bool {
  guard let f = fopen(path, "wb") else { return false }
  let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  return fclose(f) == 0 && n == bytes.count
}

/// A whole file as UTF-8 text, nil when it cannot be opened.
public func readFile(_ path: String) -> String? {
  readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

@discardableResult public func writeFile(_ path: String, _ text: String) -> Bool {
  writeBytes(path, Array(text.utf8))
}

/// Files in a directory (names only, sorted).
public func listDir(_ path: String) -> [String] {
  guard let d = opendir(path) else { return [] }
  defer { closedir(d) }
  var names: [String] = []
  while let e = readdir(d) {
    let name = withUnsafePointer(to: e.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}

/// The folder of a source file (`#filePath`): fixtures and goldens live next to their tests.
public func directory(of filePath: String) -> String {
  String(filePath[..<filePath.lastIndex(of: "/")!])
}

/// The reference files `lrsched verify` reads, recorded from the real libraries; they live with
/// the verify tests in `Tests/LRSchedSpecTests/Fixtures/` (format: its README.md).
public enum ReferenceFiles {
  public static let directory = LRSchedTestSupport.directory(of: LRSchedTestSupport.directory(of: #filePath))
    + "/LRSchedSpecTests/Fixtures"

  public struct Missing: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "cannot read \(path)" }
  }

  /// A reference file's text by name (`torch.json`).
  public static func load(_ name: String) throws -> String {
    let path = directory + "/" + name
    guard let text = readFile(path) else { throw Missing(path: path) }
    return text
  }
}
