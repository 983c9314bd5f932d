/// `OneCycleLR(max_lr, total_steps=None, epochs=None, steps_per_epoch=None, pct_start=0.3,
/// anneal_strategy='cos', cycle_momentum=True, base_momentum=0.85, max_momentum=0.95,
/// div_factor=25.0, final_div_factor=1e4, three_phase=False)` (Smith & Topin 2017,
/// https://arxiv.org/abs/1708.07120).
///
/// Phases end at float steps: two-phase `pct·T − 1`, `T − 1`; three-phase `pct·T − 1`,
/// `2·pct·T − 2`, `T − 1`. In a phase, `pct = (s − start) / (end − start)` and
///
/// ```
/// cos:    anneal(a, z, pct) = z + (a - z) / 2 * (cos(pi * pct) + 1)
/// linear: anneal(a, z, pct) = (z - a) * pct + a
/// ```
/// Construction sets `initial_lr = max_lr / div_factor`, `min_lr = initial_lr /
/// final_div_factor` and momentum (or `betas[0]`) to `max_momentum`; the optimizer's own
/// lr is ignored. Stepping past `total_steps` raises `ValueError` (step `total_steps`
/// itself is allowed and extrapolates).
///
/// The endpoints live in the parameter groups, as in torch: the constructor writes the
/// group keys `initial_lr`, `max_lr`, `min_lr` (and `max_momentum`, `base_momentum`) and
/// every step reads them back, so a later OneCycleLR or CyclicLR on the same optimizer
/// (SequentialLR, ChainedScheduler) changes what this one computes.
public struct TorchOneCycleLR: TorchRecurrence {
  public enum Anneal: String, Sendable { case cos, linear }
  /// The group keys a phase anneals between.
  enum Key: Sendable {
    case initial, max, min, maxMomentum, baseMomentum
  }
  struct Phase: Sendable {
    var endStep: Double
    var startLR: Key
    var endLR: Key
    var startMomentum: Key
    var endMomentum: Key
    /// Byte offsets in `ParamGroup` of the four keys' `Double?` storage (set once the field
    /// is known), so the per-group loop reads them with no switch.
    typealias Offsets = (startLR: Int, endLR: Int, startMomentum: Int, endMomentum: Int)
    var offsets: Offsets = (0, 0, 0, 0)
  }

  public var state: TorchState
  public let totalSteps: Int
  public let anneal: Anneal
  public let momentumField: Field?
  var phases: [Phase]
  /// Byte offsets in `ParamGroup` of the field and of the momentum field.
  let fieldOffset: Int
  let momentumOffset: Int?

  public init(
    groups: inout [ParamGroup], optimizer: OptimizerKind, field: Field = .lr,
    maxLR: PerGroup, totalSteps: PyNumber? = nil, epochs: PyNumber? = nil, stepsPerEpoch: PyNumber? = nil,
    pctStart: PyNumber = .float(0.3), annealStrategy: String = "cos", cycleMomentum: Bool = true,
    baseMomentum: PerGroup = 0.85, maxMomentum: PerGroup = 0.95, divFactor: Double = 25.0,
    finalDivFactor: Double = 1e4, threePhase: Bool = false
  ) throws(ScheduleError) {
    if let totalSteps {
      guard case .int(let n) = totalSteps, n > 0 else {
        throw .value("Expected positive integer total_steps, but got \(totalSteps)")
      }
      self.totalSteps = n
    } else if let epochs, let stepsPerEpoch {
      guard case .int(let e) = epochs, e > 0 else {
        throw .value("Expected positive integer epochs, but got \(epochs)")
      }
      guard case .int(let s) = stepsPerEpoch, s > 0 else {
        throw .value("Expected positive integer steps_per_epoch, but got \(stepsPerEpoch)")
      }
      self.totalSteps = e * s
    } else {
      throw .value("You must define either total_steps OR (epochs AND steps_per_epoch)")
    }
    let T = Double(self.totalSteps)
    let pct = pctStart.double
    if threePhase {
      phases = [
        Phase(endStep: pct * T - 1, startLR: .initial, endLR: .max, startMomentum: .maxMomentum, endMomentum: .baseMomentum),
        Phase(endStep: 2 * pct * T - 2, startLR: .max, endLR: .initial, startMomentum: .baseMomentum, endMomentum: .maxMomentum),
        Phase(endStep: T - 1, startLR: .initial, endLR: .min, startMomentum: .maxMomentum, endMomentum: .maxMomentum),
      ]
    } else {
      phases = [
        Phase(endStep: pct * T - 1, startLR: .initial, endLR: .max, startMomentum: .maxMomentum, endMomentum: .baseMomentum),
        Phase(endStep: T - 1, startLR: .max, endLR: .min, startMomentum: .baseMomentum, endMomentum: .maxMomentum),
      ]
    }
    guard case .float(let p) = pctStart, p >= 0, p <= 1 else {
      throw .value("Expected float between 0 and 1 pct_start, but got \(pctStart)")
    }
    guard let a = Anneal(rawValue: annealStrategy) else {
      throw .value("anneal_strategy must be one of 'cos' or 'linear', instead got \(annealStrategy)")
    }
    anneal = a
    let maxLRs = try formatParam("max_lr", maxLR, groups: groups.count)
    for i in groups.indices {
      guard divFactor != 0, finalDivFactor != 0 else { throw .zeroDivision }
      let initial = maxLRs[i] / divFactor
      groups[i].initial[field] = initial
      groups[i].maxLR = maxLRs[i]
      groups[i].minLR = initial / finalDivFactor
    }
    if cycleMomentum {
      guard optimizer.usesBetas || optimizer.hasMomentum else {
        throw .value("optimizer must support momentum or beta1 with `cycle_momentum` option enabled")
      }
      let mf: Field = optimizer.usesBetas ? .beta1 : .momentum
      momentumField = mf
      let maxM = try formatParam("max_momentum", maxMomentum, groups: groups.count)
      let baseM = try formatParam("base_momentum", baseMomentum, groups: groups.count)
      for i in groups.indices {
        groups[i][mf] = maxM[i]
        groups[i].maxMomentum = maxM[i]
        groups[i].baseMomentum = baseM[i]
      }
    } else {
      momentumField = nil
    }
    state = TorchState(field: field, groups: &groups)
    fieldOffset = ParamGroup.offset(of: field)
    momentumOffset = momentumField.map { ParamGroup.offset(of: $0) }
    for i in phases.indices {
      let p = phases[i]
      phases[i].offsets = (
        Self.offset(p.startLR, field), Self.offset(p.endLR, field), Self.offset(p.startMomentum, field),
        Self.offset(p.endMomentum, field)
      )
    }
    try initialStep(&groups)
  }

  /// Where `group[key]` (a `Double?`) is stored in a `ParamGroup`.
  static func offset(_ key: Key, _ field: Field) -> Int {
    let path: KeyPath<ParamGroup, Double?>
    switch key {
    case .initial:
      switch field {
      case .lr: path = \.initial.lr
      case .momentum: path = \.initial.momentum
      case .beta1: path = \.initial.beta1
      case .weightDecay: path = \.initial.weightDecay
      }
    case .max: path = \.maxLR
    case .min: path = \.minLR
    case .maxMomentum: path = \.maxMomentum
    case .baseMomentum: path = \.baseMomentum
    }
    return MemoryLayout<ParamGroup>.offset(of: path)!
  }

  /// `_annealing_cos` / `_annealing_linear`; `cosOut = cos(pi * pct) + 1` is computed once
  /// per step (the same operations torch repeats per group, so the same bits).
  @inline(__always) private static func annealed(
    _ start: Double, _ end: Double, _ pct: Double, _ cosOut: Double, _ anneal: Anneal
  ) -> Double {
    switch anneal {
    case .cos:
      return end + (start - end) / 2.0 * cosOut
    case .linear:
      return (end - start) * pct + start
    }
  }

  /// `pct` and `cos(pi * pct) + 1` of step `stepNum` with its phase's key offsets; nil when
  /// the phase spans no steps (torch divides by zero).
  /// (Static, on the phases' storage: the stream loop calls it with no copy of `self`.)
  @inline(__always)
  static func phaseValues(
    _ stepNum: Int, _ phases: UnsafeBufferPointer<Phase>, _ anneal: Anneal
  ) -> (pct: Double, cosOut: Double, at: Phase.Offsets)? {
    let s = Double(stepNum)
    var startStep = 0.0
    var phase = phases[phases.count - 1]
    for (i, p) in phases.enumerated() {
      if s <= p.endStep || i == phases.count - 1 {
        phase = p
        break
      }
      startStep = p.endStep
    }
    let span = phase.endStep - startStep
    guard span != 0 else { return nil }
    let pct = (s - startStep) / span
    let cosOut = anneal == .cos ? LibM.cos(Double.pi * pct) + 1 : 0
    return (pct, cosOut, phase.offsets)
  }

  /// `get_lr()`'s writes for one step into every group.
  @inline(__always)
  static func write(
    _ buffer: UnsafeMutableBufferPointer<ParamGroup>, _ pct: Double, _ cosOut: Double, _ at: Phase.Offsets,
    _ anneal: Anneal, lrAt: Int, momentumAt: Int?
  ) {
    guard let base = buffer.baseAddress else { return }
    // Every key a phase names was written by this scheduler's constructor (possibly
    // overwritten since by another one): read in place, as torch reads `group[key]`.
    @inline(__always) func key(_ g: UnsafeMutableRawPointer, _ offset: Int) -> Double {
      g.load(fromByteOffset: offset, as: Double?.self)!
    }
    for i in 0..<buffer.count {
      let g = UnsafeMutableRawPointer(base + i)
      let lr = annealed(key(g, at.startLR), key(g, at.endLR), pct, cosOut, anneal)
      if let m = momentumAt {
        g.storeBytes(
          of: annealed(key(g, at.startMomentum), key(g, at.endMomentum), pct, cosOut, anneal), toByteOffset: m,
          as: Double.self)
      }
      g.storeBytes(of: lr, toByteOffset: lrAt, as: Double.self)
    }
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let stepNum = state.lastEpoch
    if stepNum > totalSteps {
      throw .value("Tried to step \(stepNum) times. The specified number of total steps is \(totalSteps)")
    }
    let (anneal, lrAt, momentumAt) = (anneal, fieldOffset, momentumOffset)
    let values = phases.withUnsafeBufferPointer { Self.phaseValues(stepNum, $0, anneal) }
    guard let (pct, cosOut, at) = values else { throw .zeroDivision }
    groups.withUnsafeMutableBufferPointer { Self.write($0, pct, cosOut, at, anneal, lrAt: lrAt, momentumAt: momentumAt) }
  }
}
