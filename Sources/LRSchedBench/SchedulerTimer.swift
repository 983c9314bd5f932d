/// `t_sch` for one epoch: every interval holding scheduler calls is read right after an empty
/// interval taken at the same place with the same clock, and the empty ones (what the clock
/// readings cost there) are subtracted from the total (docs/bench.md, "t_sch, exactly").
struct SchedulerTimer {
  private(set) var busy: UInt64 = 0
  private(set) var clock: UInt64 = 0

  /// Runs `body` (scheduler calls) after the empty interval `start → now`, timing both; returns
  /// the reading that ends `body`'s interval, for the next phase to start from.
  @inline(__always)
  mutating func time(since start: UInt64, _ body: () throws -> Void) rethrows -> UInt64 {
    let t0 = monotonicNanos()
    clock &+= t0 &- start
    try body()
    let t1 = monotonicNanos()
    busy &+= t1 &- t0
    return t1
  }

  /// The scheduler alone: the intervals less the clock's share, never below zero.
  var net: UInt64 { busy > clock ? busy - clock : 0 }
}
