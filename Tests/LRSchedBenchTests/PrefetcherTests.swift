#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LRSchedBench

@Suite struct PrefetcherTests {
  /// The bytes the prefetcher reads for one image: one per 64-byte line and the last one.
  func touchedSum(_ split: CIFAR10Split, _ idx: Int) -> Int {
    let p = split.image(idx)
    var s = 0
    for off in stride(from: 0, to: CIFAR10.imageSize, by: 64) { s += Int(p[off]) }
    return s + Int(p[CIFAR10.imageSize - 1])
  }

  func waitUntil(_ cond: () -> Bool) -> Bool {
    let deadline = monotonicNanos() + 20_000_000_000  // the thread runs under SCHED_IDLE
    while !cond() {
      if monotonicNanos() > deadline { return false }
      var ts = timespec(tv_sec: 0, tv_nsec: 200_000)
      nanosleep(&ts, nil)
    }
    return true
  }

  @Test func touchesEveryBatchInBoundsAndStopsCleanly() throws {
    let d = SyntheticCIFAR.generate(train: 40, test: 0, seed: 3)
    // Bad indices (negative, past the end) must be skipped, never read.
    var order: [Int32] = (0..<40).reversed().map { Int32($0) }
    order[3] = -1
    order[17] = 40
    order[25] = Int32.max
    let p = try #require(BatchPrefetcher(split: d.train, orderCount: order.count, batchSize: 16))
    let expected = order.filter { $0 >= 0 && Int($0) < d.train.count }.reduce(0) { $0 + touchedSum(d.train, Int($1)) }
    for epoch in 1...3 {
      if epoch == 2 { order.reverse() }  // a new "shuffle"
      order.withUnsafeBufferPointer { p.begin(order: $0.baseAddress!) }
      let saved = order[0]
      order[0] = -7  // the trainer's array is copied, not shared
      for b in 0..<3 { p.advance(to: b) }
      #expect(waitUntil { p.touched.load(ordering: .relaxed) == 3 * epoch })
      #expect(p.sink.load(ordering: .relaxed) == expected * epoch)
      order[0] = saved
    }
    p.stop()
    p.stop()
    #expect(p.touched.load(ordering: .relaxed) == 9)
  }

  @Test func newEpochsWhileTheThreadIsBehindAndStopMidEpoch() throws {
    let d = SyntheticCIFAR.generate(train: 300, test: 0, seed: 3)
    let order = (0..<300).map { Int32($0) }
    // Never started: asleep.
    try #require(BatchPrefetcher(split: d.train, orderCount: 300, batchSize: 10)).stop()
    let p = try #require(BatchPrefetcher(split: d.train, orderCount: 300, batchSize: 10))
    // Epochs begun back to back, whatever the thread is doing (it never delays the trainer).
    for _ in 0..<50 { order.withUnsafeBufferPointer { p.begin(order: $0.baseAddress!) } }
    // Left at the lookahead limit, waiting for the trainer to advance; then stopped.
    #expect(waitUntil { p.touched.load(ordering: .relaxed) >= BatchPrefetcher.lookahead + 1 })
    p.stop()
  }

  func run(_ prefetch: TrainingConfig.Prefetch, threads: Int, stopAt: Int? = nil) throws -> ([Double], [Float], Int) {
    let d = SyntheticCIFAR.generate(train: 400, test: 50, seed: 2)
    let t = try Trainer(
      dataset: d, config: TrainingConfig(epochs: 2, batchSize: 50, threads: threads, seed: 4, prefetch: prefetch))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
    let stop = StopFlag()
    var batches = 0
    let r = try t.run(schedule: &s, stop: stop, progress: { _, _, _ in
      batches += 1
      if batches == stopAt { stop.request() }
    })
    return (r.epochs.flatMap { [$0.trainLoss, $0.testLoss!] }, t.net.parameterArray, r.epochs.count)
  }

  @Test func resultsDoNotDependOnThePrefetcher() throws {
    let off = try run(.never, threads: 1)
    let on = try run(.always, threads: 1)
    let onThreads = try run(.always, threads: 3)
    #expect(off.0 == on.0 && off.1 == on.1)
    #expect(off.0 == onThreads.0 && off.1 == onThreads.1)
    // Interrupted mid-epoch (the Ctrl-C path): the thread is stopped and the run ends normally.
    let cut = try run(.always, threads: 1, stopAt: 11)  // 8 batches per epoch
    #expect(cut.2 == 1 && cut.0 == Array(off.0.prefix(2)))  // the first epoch's loss and test loss
  }
}
