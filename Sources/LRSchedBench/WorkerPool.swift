#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A fixed set of threads that run one job at a time: `run` hands every thread (the caller is
/// thread 0) its index and returns when all are done. Workers spin briefly between jobs (a batch
/// takes ~100 µs, far less than a wake-up through the kernel) and then sleep on a condition variable.
final class WorkerPool: @unchecked Sendable {
  private(set) var count: Int
  private let generation = Atomic<Int>(0)
  private let pending = Atomic<Int>(0)
  private let sleepers = Atomic<Int>(0)
  private let shutdown = Atomic<Bool>(false)
  private var job: ((Int) -> Void)?
  private var threads: [pthread_t] = []
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  private final class Context {
    let pool: WorkerPool
    let index: Int
    init(_ pool: WorkerPool, _ index: Int) {
      self.pool = pool
      self.index = index
    }
  }

  init(threads: Int) {
    count = max(1, threads)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(cond, nil)
    let wanted = count
    for i in 1..<wanted {
      var tid = pthread_t()
      let ctx = Unmanaged.passRetained(Context(self, i)).toOpaque()
      let rc = pthread_create(&tid, nil, { raw in
        let ctx = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
        ctx.pool.workerLoop(ctx.index)
        return nil
      }, ctx)
      if rc != 0 {
        // Fewer threads than asked (a resource limit): the remaining partitions go to the
        // threads that exist, with the same results.
        Unmanaged<Context>.fromOpaque(ctx).release()
        break
      }
      self.threads.append(tid)
    }
    count = self.threads.count + 1
  }

  /// Runs `body(i)` for i in 0..<count, i = 0 on the calling thread; returns when all have finished.
  func run(_ body: @escaping (Int) -> Void) {
    if count == 1 {
      body(0)
      return
    }
    job = body
    pending.store(count - 1, ordering: .sequentiallyConsistent)
    generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(cond)
      pthread_mutex_unlock(mutex)
    }
    body(0)
    while pending.load(ordering: .acquiring) != 0 {}
    job = nil
  }


  private func workerLoop(_ index: Int) {
    var seen = 0
    while true {
      var spins = 0
      var g = generation.load(ordering: .acquiring)
      while g == seen {
        if shutdown.load(ordering: .relaxed) { return }
        spins += 1
        if spins > 50_000 {
          sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
          pthread_mutex_lock(mutex)
          while generation.load(ordering: .sequentiallyConsistent) == seen && !shutdown.load(ordering: .relaxed) {
            pthread_cond_wait(cond, mutex)
          }
          pthread_mutex_unlock(mutex)
          sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
          spins = 0
        }
        g = generation.load(ordering: .acquiring)
      }
      seen = g
      job!(index)
      pending.wrappingSubtract(1, ordering: .releasing)
    }
  }

  /// Stops and joins the workers. Call once; the pool is unusable afterwards.
  func stop() {
    shutdown.store(true, ordering: .sequentiallyConsistent)
    pthread_mutex_lock(mutex)
    pthread_cond_broadcast(cond)
    pthread_mutex_unlock(mutex)
    for t in threads { pthread_join(t, nil) }
    threads = []
  }

  deinit {
    if !threads.isEmpty { stop() }
    pthread_mutex_destroy(mutex)
    pthread_cond_destroy(cond)
    mutex.deallocate()
    cond.deallocate()
  }
}
