/// A training run reduced to its schedule: the optimizer's groups, the steppers that
/// drive them, and the loop position. It streams: `forEachStep` hands the values optimizer
/// step `k` trains with to its body (lent, not copied: no allocation per step), then runs the
/// scheduler calls that follow step `k`. `groups` are the values before step `step`;
/// `advance()` runs one step's scheduler calls.
///
/// ```swift
/// var run = ScheduleRun(groups: groups, steppers: [s], epochs: 15, stepsPerEpoch: 391)
/// if let (error, k) = run.forEachStep({ k, groups in use(groups[0].lr) }) { report(error, after: k) }
/// ```
public struct ScheduleRun: Sendable {
  public internal(set) var groups: [ParamGroup]
  public var steppers: [any Stepper]
  public let epochs: Int
  public let stepsPerEpoch: Int
  /// One metric per epoch for metric-driven schedulers (`nil`: none given).
  public var metrics: [Double]?
  /// The next optimizer step to be recorded.
  public internal(set) var step: Int = 0
  /// Epoch and batch of `step`, tracked incrementally (no division per step).
  var epoch = 0
  var batch = 0
  private var pendingError: ScheduleError?

  /// `stepLimit`: stop after that many optimizer steps when it is fewer than
  /// `epochs * stepsPerEpoch` (the HF Trainer's `max_steps`).
  public init(
    groups: [ParamGroup], steppers: [any Stepper], epochs: Int, stepsPerEpoch: Int,
    metrics: [Double]? = nil, stepLimit: Int? = nil
  ) {
    self.groups = groups
    self.steppers = steppers
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.metrics = metrics
    totalSteps = Swift.min(epochs * stepsPerEpoch, stepLimit ?? Int.max)
  }

  /// Total optimizer steps: `epochs * stepsPerEpoch` (or the step limit).
  public let totalSteps: Int

  /// Whether any stepper reads a metric.
  public var needsMetric: Bool { steppers.contains { $0.needsMetric } }

  /// The error a scheduler raised and the optimizer step after which it was raised.
  public typealias Raised = (error: ScheduleError, afterStep: Int)

  /// Streams the run from `step`: for each optimizer step `k` (at most `limit` of them, up to
  /// the end of the run) calls `body(k, groups)` with the values step `k` trains with, then
  /// runs the scheduler calls that follow step `k`. Returns the first error a scheduler
  /// raised (the run stops after the step it follows, which `body` has seen), else nil.
  /// The groups are lent to `body`: nothing is copied or allocated per step.
  @inlinable
  public mutating func forEachStep<E: Error>(
    limit: Int = Int.max, _ body: (_ step: Int, _ groups: [ParamGroup]) throws(E) -> Void
  ) throws(E) -> Raised? {
    let count = Swift.max(0, Swift.min(limit, totalSteps - step))
    if steppers.count == 1 && count > 0 {
      // One stepper: opened once for the whole stream (ScheduleRun+Steps.swift).
      var stepper = steppers.removeLast()
      defer { steppers.append(stepper) }
      return try forEachStepOpened(&stepper, count, body)
    }
    var remaining = count
    while remaining > 0 {
      let k = step
      try body(k, groups)
      remaining -= 1
      do {
        try advance()
      } catch {
        return (error, k)
      }
    }
    return nil
  }

  /// The values optimizer step `step` trains with (a copy), or `nil` when the run is over. After
  /// returning them it runs the scheduler calls that follow that step; if one raises,
  /// the values are still returned and the *next* call throws the error, so a caller
  /// records exactly `k + 1` values for an error at step `k`.
  public mutating func next() throws(ScheduleError) -> [ParamGroup]? {
    if let e = pendingError {
      pendingError = nil
      step = totalSteps
      throw e
    }
    guard step < totalSteps else { return nil }
    let values = groups
    do {
      try advance()
    } catch {
      pendingError = error
    }
    return values
  }

  /// Runs the scheduler calls that follow the current step and moves to the next one.
  public mutating func advance() throws(ScheduleError) {
    let (position, metric) = moveToNextStep()
    do {
      if steppers.count == 1 {
        try steppers[0].afterOptimizerStep(&groups, at: position, metric: metric)
      } else {
        for i in steppers.indices {
          try steppers[i].afterOptimizerStep(&groups, at: position, metric: metric)
        }
      }
    } catch {
      if !isHeldWithoutRaising(error) { throw error }
    }
  }

  /// Moves the loop counters past the current optimizer step and returns where that step
  /// stood and the metric its scheduler calls read (the epoch's, at an epoch's last batch).
  @inline(__always)
  mutating func moveToNextStep() -> (LoopPosition, Double?) {
    let position = LoopPosition(step: step, epoch: epoch, batch: batch, stepsPerEpoch: stepsPerEpoch)
    var metric: Double?
    if batch == stepsPerEpoch - 1 {
      if let m = metrics, epoch < m.count { metric = m[epoch] }
      batch = 0
      epoch += 1
    } else {
      batch += 1
    }
    step += 1
    return (position, metric)
  }

  /// A value Python holds without raising (a complex lr) that no step trains with: the
  /// scheduler call after the run's last step is not an error.
  @inline(__always)
  func isHeldWithoutRaising(_ error: ScheduleError) -> Bool {
    error.unrepresentable && step >= totalSteps
  }
}
