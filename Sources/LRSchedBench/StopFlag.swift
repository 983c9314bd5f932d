#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A flag the trainer checks after every batch; setting it ends training after the current batch
/// (the unfinished epoch is dropped). Lock-free, so it can be set from a signal handler.
public final class StopFlag: Sendable {
  let flag = Atomic<Bool>(false)
  public init() {}
  public func request() { flag.store(true, ordering: .relaxed) }
  public var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// The process-wide flag that `installInterruptHandler()` sets on SIGINT.
  public static let interrupt = StopFlag()

  /// Installs a SIGINT handler that sets `StopFlag.interrupt` (a second Ctrl-C exits at once
  /// with status 130). Returns the flag.
  @discardableResult
  public static func installInterruptHandler() -> StopFlag {
    let flag = interrupt  // initialise the global before the handler can run
    signal(SIGINT) { _ in
      if StopFlag.interrupt.isRequested { _exit(130) }
      StopFlag.interrupt.request()
    }
    return flag
  }
}
