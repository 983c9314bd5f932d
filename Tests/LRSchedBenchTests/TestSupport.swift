#if canImport(Glibc)
import Glibc
#endif
@testable import LRSchedBench

/// A fresh temporary directory (removed by `rm -rf` at the end of `body`).
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
  var template = Array("/tmp/lrsched-bench-test-XXXXXX".utf8CString)
  let dir = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
  defer { _ = system("rm -rf '\(dir)'") }
  return try body(dir)
}

func readBytes(_ path: String) -> [UInt8] {
  guard let f = fopen(path, "rb") else { return [] }
  defer { fclose(f) }
  var out: [UInt8] = []
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n == 0 { break }
    out += buf[0..<n]
  }
  return out
}

func writeBytes(_ path: String, _ bytes: [UInt8]) {
  let f = fopen(path, "wb")!
  _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
  fclose(f)
}

func splitBytes(_ s: CIFAR10Split) -> [UInt8] {
  Array(UnsafeBufferPointer(start: s.pixels, count: s.count * CIFAR10.imageSize))
}

func splitLabels(_ s: CIFAR10Split) -> [UInt8] { Array(UnsafeBufferPointer(start: s.labels, count: s.count)) }

func expectError(_ expected: (BenchError) -> Bool, _ body: () throws -> Void) -> BenchError? {
  do {
    try body()
  } catch let e as BenchError {
    return expected(e) ? e : nil
  } catch {
    return nil
  }
  return nil
}

@discardableResult func unlink(_ path: String) -> Int32 { Glibc.unlink(path) }
