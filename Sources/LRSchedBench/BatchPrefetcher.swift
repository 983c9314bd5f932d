#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A loader thread that pulls the coming batches' images into the cache while the current batch
/// is computed.
///
/// Samples are visited in shuffled order, so without it every 3,072-byte image comes from DRAM
/// in the forward pass (Swift has no usable prefetch instruction here). During an epoch this
/// thread walks the shuffled order batch by batch, staying at most `lookahead` batches ahead of
/// the compute thread, and reads one byte per 64-byte cache line of every image (plus the image's
/// last byte, in case images are not line-aligned), summed into `sink` so the loads are not
/// optimised away. It only *reads* the order and the pixels and writes nothing the trainer reads,
/// so results are bit-identical with or without it.
///
/// Protocol (atomics only; the compute thread never waits for this thread):
/// - `begin(order:)`: after the shuffle, copies the epoch's order (200 KB, ~20 µs) into whichever
///   of the prefetcher's two order buffers the thread is not reading, and publishes a new epoch
///   token naming it (waking the thread through the condition variable if it is asleep: at most
///   once per epoch). Which buffer is free is settled Dekker-style with sequentially consistent
///   accesses: the token is withdrawn before `using` is read, and the thread announces `using`
///   *before* re-reading the token for each batch, so it either sees the withdrawal or the trainer
///   sees which buffer it holds. The trainer's own order is never shared, so a thread that is
///   starved of CPU (below) can delay nothing.
/// - `advance(to: b)`: one relaxed store per batch telling the thread which batch is being
///   computed. When the thread is `lookahead` batches ahead it naps (`nanosleep`, ~20 µs + timer
///   slack) instead of spinning, and it runs under `SCHED_IDLE`, so on a loaded machine it takes
///   no time from the compute thread: it prefetches only with a core to spare.
/// - Indices are checked against the image count, so a bad index can never make it read out of
///   bounds. The thread holds a reference to the prefetcher until it ends, so the owner must call
///   `stop()` (idempotent): the trainer does when `run` returns or throws, including after Ctrl-C.
final class BatchPrefetcher: @unchecked Sendable {
  /// Batches the thread may run ahead of the one being computed.
  static let lookahead = 2

  private let split: CIFAR10Split  // keeps the pixels alive as long as the thread
  private let orderCount: Int
  private let batchSize: Int
  /// Two copies of an epoch's order, `orderCount` indices each.
  private let buffers: UnsafeMutablePointer<Int32>

  /// Current epoch token: `generation << 1 | buffer` (0: none).
  private let token = Atomic<Int>(0)
  /// The batch the compute thread is on.
  private let progress = Atomic<Int>(0)
  /// The buffer the thread is reading (-1: none).
  private let using = Atomic<Int>(-1)
  private let sleeping = Atomic<Bool>(false)
  private let shutdown = Atomic<Bool>(false)
  /// The black hole for the touched bytes.
  let sink = Atomic<Int>(0)
  /// Batches touched (for tests and diagnostics).
  let touched = Atomic<Int>(0)
  private var epochs = 0  // trainer side only
  private var thread: pthread_t?
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  /// Whether a prefetch thread is worth starting for `threads` compute threads: only when a core
  /// is left over (with every core computing it would only take time from them).
  static func worthwhile(threads: Int) -> Bool {
    sysconf(Int32(_SC_NPROCESSORS_ONLN)) > threads
  }

  /// Starts the thread for epochs of `orderCount` sample indices in batches of `batchSize`;
  /// `nil` if it cannot be created (training then runs without it, with the same results).
  init?(split: CIFAR10Split, orderCount: Int, batchSize: Int) {
    self.split = split
    self.orderCount = max(orderCount, 0)
    self.batchSize = max(batchSize, 1)
    buffers = .allocate(capacity: 2 * max(orderCount, 1))
    buffers.initialize(repeating: 0, count: 2 * max(orderCount, 1))
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(cond, nil)
    var tid = pthread_t()
    let ctx = Unmanaged.passRetained(self).toOpaque()
    let rc = pthread_create(&tid, nil, { raw in
      let me = Unmanaged<BatchPrefetcher>.fromOpaque(raw!).takeRetainedValue()
      me.loop()
      return nil
    }, ctx)
    if rc != 0 {
      Unmanaged<BatchPrefetcher>.fromOpaque(ctx).release()
      return nil
    }
    thread = tid
  }

  deinit {
    stop()
    pthread_mutex_destroy(mutex)
    pthread_cond_destroy(cond)
    mutex.deallocate()
    cond.deallocate()
    buffers.deallocate()
  }

  /// Starts walking a copy of `order` (`orderCount` indices, the epoch's shuffled order) from
  /// batch 0.
  func begin(order: UnsafePointer<Int32>) {
    token.store(0, ordering: .sequentiallyConsistent)
    let held = using.load(ordering: .sequentiallyConsistent)
    let free = held == 0 ? 1 : 0
    (buffers + free * orderCount).update(from: order, count: orderCount)
    epochs = epochs % 0x3FFF_FFFF + 1
    progress.store(0, ordering: .relaxed)
    token.store(epochs << 1 | free, ordering: .sequentiallyConsistent)
    if sleeping.load(ordering: .sequentiallyConsistent) {
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(cond)
      pthread_mutex_unlock(mutex)
    }
  }

  /// The compute thread is starting batch `batch`.
  @inline(__always)
  func advance(to batch: Int) {
    progress.store(batch, ordering: .relaxed)
  }

  /// Stops and joins the thread; safe to call more than once.
  func stop() {
    guard let t = thread else { return }
    shutdown.store(true, ordering: .sequentiallyConsistent)
    token.store(0, ordering: .sequentiallyConsistent)
    pthread_mutex_lock(mutex)
    pthread_cond_broadcast(cond)
    pthread_mutex_unlock(mutex)
    pthread_join(t, nil)
    thread = nil
  }

  private func loop() {
    // SCHED_IDLE (Linux policy 5): the thread only gets a CPU nobody else wants, so it never
    // preempts the compute thread (nor a busy neighbour) and the scheduler still treats its core
    // as idle when placing other threads. Unprivileged; ignored if refused.
    var param = sched_param()
    param.sched_priority = 0
    _ = pthread_setschedparam(pthread_self(), 5, &param)
    let batches = (orderCount + batchSize - 1) / batchSize
    var done = 0  // the last epoch token walked
    while !shutdown.load(ordering: .relaxed) {
      // Wait (asleep) for a new epoch.
      var current = token.load(ordering: .acquiring)
      if current == 0 || current == done {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(mutex)
        while !shutdown.load(ordering: .sequentiallyConsistent) {
          current = token.load(ordering: .sequentiallyConsistent)
          if current != 0 && current != done { break }
          pthread_cond_wait(cond, mutex)
        }
        pthread_mutex_unlock(mutex)
        sleeping.store(false, ordering: .relaxed)
        continue
      }
      done = current
      let buffer = current & 1
      walk: for k in 0..<batches {
        while k > progress.load(ordering: .relaxed) + Self.lookahead {
          if token.load(ordering: .relaxed) != current || shutdown.load(ordering: .relaxed) { break walk }
          var ts = timespec(tv_sec: 0, tv_nsec: 20_000)
          nanosleep(&ts, nil)
        }
        using.store(buffer, ordering: .sequentiallyConsistent)
        // Re-read after announcing `using`: a concurrent `begin` then either is seen here or
        // sees which buffer not to overwrite.
        guard token.load(ordering: .sequentiallyConsistent) == current else {
          using.store(-1, ordering: .sequentiallyConsistent)
          break walk
        }
        touch(buffers + buffer * orderCount, batch: k)
        using.store(-1, ordering: .sequentiallyConsistent)
      }
    }
  }

  /// One load per cache line of every image of batch `batch` of `order`.
  private func touch(_ order: UnsafePointer<Int32>, batch: Int) {
    let lo = batch * batchSize
    guard lo >= 0, lo < orderCount else { return }
    let hi = min(lo + batchSize, orderCount)
    let n = split.count
    let pixels = split.pixels
    var acc = 0
    for i in lo..<hi {
      let idx = Int(order[i])
      guard idx >= 0, idx < n else { continue }
      let p = pixels + idx * CIFAR10.imageSize
      var off = 0
      while off < CIFAR10.imageSize {
        acc &+= Int(p[off])
        off += 64
      }
      acc &+= Int(p[CIFAR10.imageSize - 1])
    }
    sink.wrappingAdd(acc, ordering: .relaxed)
    touched.wrappingAdd(1, ordering: .relaxed)
  }
}
