/// `CyclicLR(base_lr, max_lr, step_size_up=2000, step_size_down=None, mode='triangular',
/// gamma=1.0, scale_fn=None, scale_mode='cycle', cycle_momentum=True, base_momentum=0.8,
/// max_momentum=0.9)` (Smith 2017, https://arxiv.org/abs/1506.01186).
///
/// ```
/// total = up + down;  cycle = floor(1 + t / total);  x = 1 + t / total - cycle
/// scale = x / ratio if x <= ratio else (x - 1) / (ratio - 1)
/// lr = base + (max - base) * scale * f(cycle or t)
/// momentum = max_m - (max_m - base_m) * scale * f(cycle or t)
/// ```
/// Construction overwrites each group's lr with `base_lr` and its momentum (or `betas[0]`)
/// with `max_momentum`, and stores the group keys `max_momentum` / `base_momentum` (which
/// an earlier OneCycleLR on the same optimizer then reads); CyclicLR itself keeps copies.
public struct TorchCyclicLR: TorchRecurrence {
  public enum Mode: String, Sendable { case triangular, triangular2, expRange = "exp_range" }
  public enum ScaleMode: String, Sendable { case cycle, iterations }

  public var state: TorchState
  public let maxValues: [Double]
  public let totalSize: Double
  public let stepRatio: Double
  public let mode: Mode?
  public let gamma: Double
  public let scaleFn: PyLambda?
  public let scaleMode: ScaleMode
  public let momentumField: Field?
  public let baseMomentums: [Double]
  public let maxMomentums: [Double]

  public init(
    groups: inout [ParamGroup], optimizer: OptimizerKind, field: Field = .lr,
    baseLR: PerGroup, maxLR: PerGroup, stepSizeUp: Double = 2000, stepSizeDown: Double? = nil,
    mode: String = "triangular", gamma: Double = 1.0, scaleFn: PyLambda? = nil, scaleMode: String = "cycle",
    cycleMomentum: Bool = true, baseMomentum: PerGroup = 0.8, maxMomentum: PerGroup = 0.9
  ) throws(ScheduleError) {
    let bases = try formatParam("base_lr", baseLR, groups: groups.count)
    for i in groups.indices { groups[i][field] = bases[i] }
    maxValues = try formatParam("max_lr", maxLR, groups: groups.count)
    let up = stepSizeUp
    let down = stepSizeDown ?? up
    totalSize = up + down
    guard totalSize != 0 else { throw .zeroDivision }
    stepRatio = up / totalSize
    let parsedMode = Mode(rawValue: mode)
    if parsedMode == nil && scaleFn == nil { throw .value("mode is invalid and scale_fn is None") }
    self.mode = parsedMode
    self.gamma = gamma
    self.scaleFn = scaleFn
    if scaleFn != nil {
      self.scaleMode = ScaleMode(rawValue: scaleMode) ?? .iterations
    } else {
      self.scaleMode = parsedMode == .expRange ? .iterations : .cycle
    }
    if cycleMomentum {
      guard optimizer.usesBetas || optimizer.hasMomentum else {
        throw .value("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
      }
      let mf: Field = optimizer.usesBetas ? .beta1 : .momentum
      momentumField = mf
      baseMomentums = try formatParam("base_momentum", baseMomentum, groups: groups.count)
      maxMomentums = try formatParam("max_momentum", maxMomentum, groups: groups.count)
      for i in groups.indices {
        groups[i][mf] = maxMomentums[i]
        groups[i].maxMomentum = maxMomentums[i]
        groups[i].baseMomentum = baseMomentums[i]
      }
    } else {
      momentumField = nil
      baseMomentums = []
      maxMomentums = []
    }
    state = TorchState(field: field, groups: &groups)
    try initialStep(&groups)
    state.baseValues = bases
  }

  @inline(__always) func scale(_ x: Int) throws(ScheduleError) -> Double {
    if let scaleFn { return try scaleFn(x).double }
    return try Self.scale(mode!, gamma, x)
  }

  /// A built-in mode's scale (no `self`: the stream loop calls it without copying the stepper).
  @inline(__always) static func scale(_ mode: Mode, _ gamma: Double, _ x: Int) throws(ScheduleError) -> Double {
    switch mode {
    case .triangular: return 1.0
    case .triangular2: return 1 / (try torchPow(2.0, Double(x - 1)))
    case .expRange: return try torchPow(gamma, Double(x))
    }
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    let cycle = Int(LibM.floor(1 + Double(t) / totalSize))
    let x = 1.0 + Double(t) / totalSize - Double(cycle)
    // `step_size_up=0`: `x / step_ratio` is 0.0 / 0.0 at every cycle start, which raises.
    if x <= stepRatio && stepRatio == 0 { throw .zeroDivision }
    let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
    let f = try scale(scaleMode == .cycle ? cycle : t)
    maxValues.withUnsafeBufferPointer { top in
      state.baseValues.withUnsafeBufferPointer { base in
        groups.rewrite(state.field) { i, _ in
          let baseHeight = (top[i] - base[i]) * scaleFactor
          return base[i] + baseHeight * f
        }
      }
    }
    if let mf = momentumField {
      maxMomentums.withUnsafeBufferPointer { top in
        baseMomentums.withUnsafeBufferPointer { base in
          groups.rewrite(mf) { i, _ in
            let baseHeight = (top[i] - base[i]) * scaleFactor
            return top[i] - baseHeight * f
          }
        }
      }
    }
  }
}
