/// `ReduceLROnPlateau(mode='min', factor=0.1, patience=10, threshold=1e-4,
/// threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8)`: multiplies lr by `factor`
/// when the metric has not improved for more than `patience` epochs.
///
/// ```
/// better(a, best): min/rel a < best * (1 - threshold)   min/abs a < best - threshold
///                  max/rel a > best * (threshold + 1)   max/abs a > best + threshold
/// reduce: new = max(old * factor, min_lr); applied only if old - new > eps
/// ```
/// `patience` and `cooldown` may be floats, as torch allows: the bad-epoch count is
/// compared with `patience` and the cooldown counter counts down from `cooldown` by 1
/// (a float counter then, e.g. 1.5, 0.5, -0.5).
public struct TorchReduceLROnPlateau: TorchScheduler {
  public enum Mode: String, Sendable { case min, max }
  public enum ThresholdMode: String, Sendable { case rel, abs }

  public let field: Field
  public let mode: Mode
  public let factor: Double
  public let patience: Double
  public let threshold: Double
  public let thresholdMode: ThresholdMode
  public let cooldown: Double
  public let minValues: [Double]
  public let eps: Double
  public private(set) var lastEpoch = 0
  public private(set) var best: Double
  public private(set) var numBadEpochs = 0
  public private(set) var cooldownCounter = 0.0

  public init(
    groups: inout [ParamGroup], field: Field = .lr, mode: String = "min", factor: Double = 0.1, patience: Double = 10,
    threshold: Double = 1e-4, thresholdMode: String = "rel", cooldown: Double = 0, minLR: [Double] = [0],
    minLRIsList: Bool = false, eps: Double = 1e-8
  ) throws(ScheduleError) {
    guard factor < 1.0 else { throw .value("Factor should be < 1.0.") }
    if minLRIsList {
      guard minLR.count == groups.count else {
        throw .value("expected \(groups.count) min_lrs, got \(minLR.count)")
      }
      minValues = minLR
    } else {
      minValues = Array(repeating: minLR[0], count: groups.count)
    }
    let (m, tm) = try Self.modes(mode, thresholdMode)
    self.field = field
    self.mode = m
    self.factor = factor
    self.patience = patience
    self.threshold = threshold
    self.thresholdMode = tm
    self.cooldown = cooldown
    self.eps = eps
    best = m == .min ? .infinity : -.infinity
  }

  public var needsMetric: Bool { true }

  func isBetter(_ a: Double, _ best: Double) -> Bool {
    Self.isBetter(a, best, mode: mode, thresholdMode: thresholdMode, threshold: threshold)
  }

  /// `_init_is_better`'s checks (transformers' `GreedyLR.__init__` makes the same, with the
  /// same messages).
  static func modes(_ mode: String, _ thresholdMode: String) throws(ScheduleError) -> (Mode, ThresholdMode) {
    guard let m = Mode(rawValue: mode) else { throw .value("mode \(mode) is unknown!") }
    guard let tm = ThresholdMode(rawValue: thresholdMode) else {
      throw .value("threshold mode \(thresholdMode) is unknown!")
    }
    return (m, tm)
  }

  /// `is_better` (`GreedyLR.is_better` is the same comparison; `1 + threshold` and
  /// `threshold + 1` are the same double).
  static func isBetter(_ a: Double, _ best: Double, mode: Mode, thresholdMode: ThresholdMode, threshold: Double) -> Bool {
    switch (mode, thresholdMode) {
    case (.min, .rel): return a < best * (1.0 - threshold)
    case (.min, .abs): return a < best - threshold
    case (.max, .rel): return a > best * (threshold + 1.0)
    case (.max, .abs): return a > best + threshold
    }
  }

  public mutating func step(_ groups: inout [ParamGroup], metric current: Double) throws(ScheduleError) {
    lastEpoch += 1
    if isBetter(current, best) {
      best = current
      numBadEpochs = 0
    } else {
      numBadEpochs += 1
    }
    if cooldownCounter > 0 {
      cooldownCounter -= 1
      numBadEpochs = 0
    }
    if Double(numBadEpochs) > patience {
      for i in groups.indices {
        let old = groups[i][field]
        let new = Swift.max(old * factor, minValues[i])
        if old - new > eps { groups[i][field] = new }
      }
      cooldownCounter = cooldown
      numBadEpochs = 0
    }
  }

  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    throw ScheduleError("TypeError", "ReduceLROnPlateau.step() missing 1 required positional argument: 'metrics'")
  }

  public mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {}
  public mutating func undoStep() { lastEpoch -= 1 }
}
