import LRSchedKernels

/// The trainer's view of a `TrainingSchedule`: the hyperparameters of the coming steps, read from
/// the schedule `chunk` steps at a time.
///
/// Per step the trainer then only moves an index into a buffer, and the schedule runs in one
/// tight loop per chunk (`TrainingSchedule.advance(upTo:second:into:)`), where calling it after
/// every batch — through generic code, its code and state evicted by the ~400 KB of pixels each
/// batch streams through L1/L2 — cost ~250 ns per step. A refill still starts cold: ~7–10 µs
/// of misses on the engine's code and state before its steps run at their warm speed, which is
/// why a chunk is 4096 steps (measured: 128 steps per refill cost ~100 ns per step, 1024 ~40,
/// 4096 ~30; 256 KB of buffer, written once at start-up so that no page fault lands in a
/// refill). The schedule's own calls all still happen, in order, inside the trainer's timed
/// `t_sch` intervals (a refill is part of the step that triggers it), and:
/// - the schedule is never advanced more often than a complete run advances it (`remaining`); a
///   run stopped early leaves it up to `chunk − 1` steps ahead of the last step trained;
/// - an error thrown while reading ahead is held back and thrown at the step it belongs to, so
///   the trainer sees it exactly where it would without the buffer.
///
/// A schedule read ahead must not depend on training results, except through an epoch's metric:
/// for one that reads it (`TrainingSchedule.readsEpochMetric`) the trainer caps each refill at the
/// epoch's last step (`advance(_:cap:)`) and makes that step's advance after the evaluation.
struct ScheduleLookahead {
  static var chunk: Int { 4096 }

  /// Hyperparameters of groups 0 and `second` per buffered step.
  private var buffer: [(StepHyperparameters, StepHyperparameters)] = []
  private var position = 0
  /// Advances of the schedule still allowed.
  private var remaining: Int
  private var pending: (any Error)?

  /// `first`: the values before the first step; `advances`: how many times the trainer will
  /// advance in all.
  init(first: (StepHyperparameters, StepHyperparameters), advances: Int) {
    remaining = max(advances, 0)
    // Written once here, so its pages are mapped before the first timed refill.
    buffer = Array(repeating: first, count: min(Self.chunk, max(remaining, 1)))
    buffer.removeAll(keepingCapacity: true)
    buffer.append(first)
  }

  /// Layer 1's and layer 2's hyperparameters for the current step.
  @inline(__always)
  var current: (StepHyperparameters, StepHyperparameters) { buffer[position] }

  /// Asks for the next step's values to be brought into cache (called before the optimizer
  /// step, so the read after it does not wait for memory).
  @inline(__always)
  func prefetchNext() {
    buffer.withUnsafeBufferPointer { b in
      if position + 1 < b.count { Prefetch.read(UnsafeRawPointer(b.baseAddress! + position + 1)) }
    }
  }

  /// Advances the schedule up to `n` times, appending the values after each advance; returns
  /// the error that stopped it early (`TrainingSchedule.advance(upTo:second:into:)`).
  typealias Fill = (_ n: Int, _ values: inout [(StepHyperparameters, StepHyperparameters)]) -> (any Error)?

  /// Whether the next advance needs the schedule: the buffered steps are used up.
  @inline(__always)
  var needsRefill: Bool { position + 1 >= buffer.count }

  /// Moves to the next buffered step (no scheduler call: its values were computed by a refill).
  @inline(__always)
  mutating func moveToNextBuffered() {
    position += 1
  }

  /// Moves to the next step (the scheduler call after an optimizer step): the next buffered
  /// values, or a refill.
  @inline(__always)
  mutating func advance(_ fill: Fill, cap: Int = .max) throws {
    if needsRefill {
      try refill(fill, cap: cap)
    } else {
      position += 1
    }
  }

  /// `cap`: advances the schedule may make before it needs something the trainer has not got yet.
  /// Runs the schedule for the next chunk of steps (the scheduler's work: the trainer times it).
  mutating func refill(_ fill: Fill, cap: Int) throws {
    if let e = pending {
      pending = nil
      throw e
    }
    // At least one step, even past the announced count (then one at a time).
    let n = max(1, min(Self.chunk, remaining, cap))
    buffer.removeAll(keepingCapacity: true)
    position = 0
    let error = fill(n, &buffer)
    remaining -= buffer.count
    if let error {
      if buffer.isEmpty { throw error }
      pending = error
    } else if buffer.isEmpty {
      throw BenchError.schedule(message: "the schedule's advance(upTo:) gave no values and no error")
    }
  }
}
