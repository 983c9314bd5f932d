/// transformers 5.25 `GreedyLR(optimizer, mode='min', factor=0.95, patience=10,
/// threshold=1e-6, threshold_mode='abs', cooldown=0, warmup=0, min_lr=1e-3, max_lr=1.0,
/// eps=1e-8, verbose=False, smooth=False, window_size=50, reset_start=500)`
/// (`transformers/optimization.py`, class `GreedyLR`), stepped with a metric like
/// `ReduceLROnPlateau`.
///
/// Unlike ReduceLROnPlateau it also **raises** the lr: after more than `patience`
/// consecutive improvements every group's lr becomes `min(lr / factor, max_lr)` (then
/// `warmup` steps without counting); after more than `patience` bad steps,
/// `max(lr · factor, min_lr)` (then `cooldown` steps). A change smaller than `eps` is not
/// applied. Each reduction that leaves every group at or below its `min_lr` counts
/// `reset_start` down; at 0 every lr returns to its value at construction and the state
/// resets. With `smooth`, the metric is replaced by its running mean over `window_size` steps.
public struct HFGreedyLR: Sendable {
  public let field: Field
  public let mode: TorchReduceLROnPlateau.Mode
  public let factor: Double
  public let patience: Double
  public let threshold: Double
  public let thresholdMode: TorchReduceLROnPlateau.ThresholdMode
  public let cooldown: Double
  public let warmup: Double
  public let minLRs: [Double]
  public let maxLRs: [Double]
  public let eps: Double
  public let smooth: Bool
  public let windowSize: Int
  public let resetStartOriginal: Int
  public let initLRs: [Double]
  public private(set) var lastEpoch = 0
  public private(set) var best: Double
  public private(set) var numBadEpochs = 0
  public private(set) var numGoodEpochs = 0
  public private(set) var cooldownCounter = 0.0
  public private(set) var warmupCounter = 0.0
  public private(set) var resetStart: Int
  /// `StreamingAverage`: the window's values and their running sum (in Python's order).
  private var window: [Double] = []
  private var windowHead = 0
  private var windowSum = 0.0

  /// A per-group bound as given: a scalar for every group, or a list of one per group.
  public struct Bound: Sendable {
    public var values: [Double]
    public var isList: Bool
    public init(_ values: [Double], isList: Bool) {
      self.values = values
      self.isList = isList
    }
  }

  /// `GreedyLR.__init__`, with its checks in its order.
  public init(
    groups: [ParamGroup], field: Field = .lr, mode: String = "min", factor: Double = 0.95, patience: Double = 10,
    threshold: Double = 1e-6, thresholdMode: String = "abs", cooldown: Double = 0, warmup: Double = 0,
    minLR: Bound = Bound([1e-3], isList: false), maxLR: Bound = Bound([1.0], isList: false), eps: Double = 1e-8,
    smooth: Bool = false, windowSize: Int = 50, resetStart: Int = 500
  ) throws(ScheduleError) {
    if factor >= 1.0 { throw .value("Factor should be < 1.0.") }
    func perGroup(_ b: Bound, _ what: String) throws(ScheduleError) -> [Double] {
      guard b.isList else { return Array(repeating: b.values[0], count: groups.count) }
      guard b.values.count == groups.count else {
        throw .value("expected \(groups.count) \(what), got \(b.values.count)")
      }
      return b.values
    }
    minLRs = try perGroup(minLR, "min_lrs")
    maxLRs = try perGroup(maxLR, "max_lrs")
    let (m, tm) = try TorchReduceLROnPlateau.modes(mode, thresholdMode)
    self.field = field
    self.mode = m
    self.factor = factor
    self.patience = patience
    self.threshold = threshold
    self.thresholdMode = tm
    self.cooldown = cooldown
    self.warmup = warmup
    self.eps = eps
    self.smooth = smooth
    self.windowSize = windowSize
    self.resetStart = resetStart
    resetStartOriginal = resetStart
    initLRs = groups.map { $0[field] }
    best = m == .min ? .infinity : -.infinity
  }

  func isBetter(_ a: Double, _ best: Double) -> Bool {
    TorchReduceLROnPlateau.isBetter(a, best, mode: mode, thresholdMode: thresholdMode, threshold: threshold)
  }

  /// `StreamingAverage.streamavg(value)`.
  mutating func streamAverage(_ value: Double) throws(ScheduleError) -> Double {
    window.append(value)
    windowSum += value
    if window.count - windowHead > windowSize {
      windowSum -= window[windowHead]
      windowHead += 1
      if windowHead > 4096 && windowHead * 2 > window.count {
        window.removeFirst(windowHead)
        windowHead = 0
      }
    }
    return try HF.div(windowSum, Double(window.count - windowHead), intOperands: false)
  }

  /// `GreedyLR.step(metrics)`.
  public mutating func step(_ groups: inout [ParamGroup], metric: Double) throws(ScheduleError) {
    var current = metric
    if smooth { current = try streamAverage(current) }
    lastEpoch += 1
    if cooldownCounter > 0 {
      cooldownCounter -= 1
      numBadEpochs = 0
      numGoodEpochs = 0
    } else if warmupCounter > 0 {
      warmupCounter -= 1
      numBadEpochs = 0
      numGoodEpochs = 0
    } else {
      if isBetter(current, best) {
        best = current
        numBadEpochs = 0
        numGoodEpochs += 1
      } else {
        numBadEpochs += 1
        numGoodEpochs = 0
      }
      if Double(numGoodEpochs) > patience {
        try increase(&groups)
        warmupCounter = warmup
        numGoodEpochs = 0
      } else if Double(numBadEpochs) > patience {
        reduce(&groups)
        cooldownCounter = cooldown
        numBadEpochs = 0
      }
    }
  }

  /// `_reduce_lr`.
  mutating func reduce(_ groups: inout [ParamGroup]) {
    var allAtMin = true
    for i in groups.indices {
      let old = groups[i][field]
      let new = HF.max(old * factor, minLRs[i])
      if old - new > eps { groups[i][field] = new }
      if groups[i][field] > minLRs[i] { allAtMin = false }
    }
    if allAtMin {
      resetStart -= 1
      if resetStart <= 0 { reset(&groups) }
    }
  }

  /// `_increase_lr`.
  mutating func increase(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    for i in groups.indices {
      let old = groups[i][field]
      let new = HF.min(try HF.div(old, factor, intOperands: false), maxLRs[i])
      if new - old > eps { groups[i][field] = new }
    }
    resetStart = resetStartOriginal
  }

  /// `_reset`.
  mutating func reset(_ groups: inout [ParamGroup]) {
    for i in groups.indices { groups[i][field] = initLRs[i] }
    best = mode == .min ? .infinity : -.infinity
    numBadEpochs = 0
    numGoodEpochs = 0
    cooldownCounter = 0
    warmupCounter = 0
    resetStart = resetStartOriginal
    if smooth {
      window = []
      windowHead = 0
      windowSum = 0
    }
  }

}

/// Wires `GreedyLR` into the loop the Trainer runs: `scheduler.step(metric)` after the last
/// batch of every epoch (an evaluation; `stepOn == .epoch`), or after every batch.
public struct HFGreedyStepper: Stepper {
  public var scheduler: HFGreedyLR
  public let stepOn: StepOn

  public init(_ scheduler: HFGreedyLR, stepOn: StepOn) {
    self.scheduler = scheduler
    self.stepOn = stepOn
  }

  public var needsMetric: Bool { true }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    guard stepOn == .batch || position.isLastBatchOfEpoch else { return }
    guard let metric else {
      throw ScheduleError("TypeError", "GreedyLR.step() missing 1 required positional argument: 'metrics'")
    }
    try scheduler.step(&groups, metric: metric)
  }
}
