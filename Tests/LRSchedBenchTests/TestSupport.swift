#if canImport(Glibc)
import Glibc
#endif
@testable import LRSchedBench
@_exported import LRSchedTestSupport

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
