import Synchronization
import Testing

@testable import LRSchedBench

@Suite struct WorkerPoolTests {
  /// Every task of every job runs exactly once, whatever the thread count, over many back-to-back
  /// jobs of varying sizes (late workers must never run a task of a finished job).
  @Test(arguments: [1, 2, 3, 5])
  func everyTaskRunsOnce(threads: Int) {
    let pool = WorkerPool(threads: threads)
    defer { pool.stop() }
    let slots = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: 64)
    for i in 0..<64 { (slots + i).initialize(to: Atomic(0)) }
    defer { slots.deallocate() }
    var expected = [Int](repeating: 0, count: 64)
    for job in 0..<3_000 {
      let n = job % 17 == 0 ? 0 : 1 + (job * 7) % 64
      pool.run(tasks: n) { i in slots[i].wrappingAdd(1, ordering: .relaxed) }
      for i in 0..<n { expected[i] += 1 }
      if job % 500 == 0 {
        for i in 0..<64 { #expect(slots[i].load(ordering: .relaxed) == expected[i], "job \(job) task \(i)") }
      }
    }
    for i in 0..<64 { #expect(slots[i].load(ordering: .relaxed) == expected[i]) }
    #expect(pool.count == threads)
  }
}
