/// A training run reduced to its schedule: the optimizer's groups, the steppers that
/// drive them, and the loop position. It streams: each `next()` returns the values
/// optimizer step `k` trains with, then runs the scheduler calls that follow step `k`.
///
/// ```swift
/// var run = ScheduleRun(groups: groups, steppers: [s], epochs: 15, stepsPerEpoch: 391)
/// while let values = try run.next() { use(values[0].lr) }
/// ```
public struct ScheduleRun: Sendable {
  public private(set) var groups: [ParamGroup]
  public var steppers: [any Stepper]
  public let epochs: Int
  public let stepsPerEpoch: Int
  /// One metric per epoch for metric-driven schedulers (`nil`: none given).
  public var metrics: [Double]?
  /// The next optimizer step to be recorded.
  public private(set) var step: Int = 0
  /// Epoch and batch of `step`, tracked incrementally (no division per step).
  private var epoch = 0
  private var batch = 0
  private var pendingError: ScheduleError?

  public init(
    groups: [ParamGroup], steppers: [any Stepper], epochs: Int, stepsPerEpoch: Int,
    metrics: [Double]? = nil
  ) {
    self.groups = groups
    self.steppers = steppers
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.metrics = metrics
  }

  /// Total optimizer steps: `epochs * stepsPerEpoch`.
  public var totalSteps: Int { epochs * stepsPerEpoch }

  /// Whether any stepper reads a metric.
  public var needsMetric: Bool { steppers.contains { $0.needsMetric } }

  /// The values optimizer step `step` trains with, or `nil` when the run is over. After
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
    do {
      if steppers.count == 1 {
        try steppers[0].afterOptimizerStep(&groups, at: position, metric: metric)
      } else {
        for i in steppers.indices {
          try steppers[i].afterOptimizerStep(&groups, at: position, metric: metric)
        }
      }
    } catch {
      // A value Python holds without raising (a complex lr) that no step trains with.
      if error.unrepresentable && step >= totalSteps { return }
      throw error
    }
  }

  /// The current values (before the next optimizer step).
  public var current: [ParamGroup] { groups }
}
