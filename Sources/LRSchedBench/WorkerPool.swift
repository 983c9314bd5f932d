#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A fixed set of threads that run the tasks `0..<n` of one job at a time. Threads *claim* tasks
/// (the caller of `run` included) until none are left, so a thread that the OS has descheduled —
/// another process on the core — delays nothing: the others take its share. Which thread runs
/// which task never matters to the results (each task writes its own slot).
///
/// One atomic `ticket` holds the job's generation, its task count and the next task, so a worker
/// that wakes up late can only claim tasks of the job in progress: a successful claim proves the
/// job has not finished (`run` returns only when all `n` tasks have finished), so its body is
/// still valid. Idle workers spin briefly (a batch takes ~50 µs, less than a wake-up through the
/// kernel), then sleep on a condition variable.
final class WorkerPool: @unchecked Sendable {
  /// Threads, the caller of `run` included.
  private(set) var count: Int
  /// `generation << 32 | tasks << 16 | next`.
  private let ticket = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let generation = Atomic<Int>(0)
  private let sleepers = Atomic<Int>(0)
  private let shutdown = Atomic<Bool>(false)
  /// The current job's body: written by `run` before the ticket is published, read by a worker
  /// only after it claimed a task.
  private var body: ((Int) -> Void)?
  private var threads: [pthread_t] = []
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

  /// Largest task count of one job.
  static let maxTasks = 0xFFFF

  private final class Context {
    let pool: WorkerPool
    init(_ pool: WorkerPool) { self.pool = pool }
  }

  init(threads: Int) {
    count = max(1, threads)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(cond, nil)
    let wanted = count
    for _ in 1..<wanted {
      var tid = pthread_t()
      let ctx = Unmanaged.passRetained(Context(self)).toOpaque()
      let rc = pthread_create(&tid, nil, { raw in
        let ctx = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue()
        ctx.pool.workerLoop()
        return nil
      }, ctx)
      if rc != 0 {
        // Fewer threads than asked (a resource limit): the tasks go to the threads that exist.
        Unmanaged<Context>.fromOpaque(ctx).release()
        break
      }
      self.threads.append(tid)
    }
    count = self.threads.count + 1
  }

  /// Runs `body(i)` for every `i` in `0..<tasks`, on whichever threads claim them; returns when
  /// all have finished. Not reentrant; one caller at a time.
  func run(tasks n: Int, _ body: @escaping (Int) -> Void) {
    precondition(n >= 0 && n <= Self.maxTasks)
    if count == 1 || n <= 1 {
      for i in 0..<n { body(i) }
      return
    }
    self.body = body
    finished.store(0, ordering: .relaxed)
    let g = generation.load(ordering: .relaxed) % 0x7FFF_FFFF + 1
    ticket.store(g << 32 | n << 16, ordering: .sequentiallyConsistent)
    generation.store(g, ordering: .sequentiallyConsistent)
    if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
      pthread_mutex_lock(mutex)
      pthread_cond_broadcast(cond)
      pthread_mutex_unlock(mutex)
    }
    while let i = claim(g) {
      body(i)
      finished.wrappingAdd(1, ordering: .releasing)
    }
    // Only tasks another thread is in the middle of are left.
    var spins = 0
    while finished.load(ordering: .acquiring) < n {
      spins += 1
      if spins & 0x3FF == 0 { sched_yield() }
    }
    self.body = nil
  }

  /// The next task of job `g`, or nil when it has none left (or is not the current job).
  private func claim(_ g: Int) -> Int? {
    var t = ticket.load(ordering: .relaxed)
    while true {
      let n = (t >> 16) & 0xFFFF
      let next = t & 0xFFFF
      guard t >> 32 == g, next < n else { return nil }
      let (done, original) = ticket.compareExchange(expected: t, desired: t + 1, ordering: .acquiringAndReleasing)
      if done { return next }
      t = original
    }
  }

  @inline(never)
  private func runClaimed(_ i: Int) {
    body!(i)
  }

  private func workerLoop() {
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
      while let i = claim(g) {
        runClaimed(i)
        finished.wrappingAdd(1, ordering: .releasing)
      }
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
