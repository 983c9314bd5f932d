// The `timm.scheduler.Scheduler` base class (timm 1.0.31, `timm/scheduler/scheduler.py`)
// and timm's training loop (`train.py`).
//
// timm schedulers are stateless: the training script passes the epoch or the update count
// explicitly, and the scheduler evaluates its closed form `_get_lr(t)` there.
//
// ```
// __init__: group.setdefault(f"initial_{field}", group[field])   (initialize=True)
//           base_values = [group[f"initial_{field}"]]; update_groups(base_values)
// step(epoch):             if t_in_epochs:     update_groups(_add_noise(_get_lr(epoch), epoch))
// step_update(num_updates): if not t_in_epochs: update_groups(_add_noise(_get_lr(n), n))
// update_groups(v): group[field] = v * group["lr_scale"] if the group has lr_scale else v
// _add_noise(lrs, t): if in noise range: noise = _calculate_noise(t); [v + v * noise]
// noise range: (a, b) -> a <= t < b;  n -> t >= n
// _calculate_noise(t): g = torch.Generator(); g.manual_seed(noise_seed + t)
//     normal:  repeat noise = torch.randn(1, generator=g).item() * noise_std
//              until abs(noise) < noise_pct
//     other:   noise = 2 * (torch.rand(1, generator=g).item() - 0.5) * noise_pct
// ```

/// A `timm.scheduler` scheduler: what `step(epoch)` and `step_update(num_updates)` do.
public protocol TimmScheduler: Sendable {
  /// `Scheduler.step(epoch, metric)`, called by `train.py` at the end of every epoch with
  /// `epoch + 1`.
  mutating func step(_ groups: inout [ParamGroup], epoch: Int, metric: Double?) throws(ScheduleError)
  /// `Scheduler.step_update(num_updates, metric)`, called after every optimizer update.
  mutating func stepUpdate(_ groups: inout [ParamGroup], numUpdates: Int, metric: Double?) throws(ScheduleError)
  /// Whether `step` reads a metric (PlateauLRScheduler).
  var needsMetric: Bool { get }
}

extension TimmScheduler {
  public var needsMetric: Bool { false }
}

/// A timm scheduler defined by `_get_lr(t)`: the base class's `step` / `step_update`.
public protocol TimmCurveScheduler: TimmScheduler {
  var base: TimmBase { get }
  /// `_get_lr(t)`: hands `emit` one value per group, in group order (before noise and
  /// `lr_scale`), after everything that can raise has been computed.
  func values(at t: Double, emit: TimmEmit) throws(ScheduleError)
}

/// Receives `(group index, value)` from `TimmCurveScheduler.values(at:emit:)`.
public typealias TimmEmit = (Int, Double) throws(ScheduleError) -> Void

extension TimmCurveScheduler {
  public mutating func step(_ groups: inout [ParamGroup], epoch: Int, metric: Double?) throws(ScheduleError) {
    guard base.tInEpochs else { return }
    try apply(&groups, t: epoch)
  }

  public mutating func stepUpdate(_ groups: inout [ParamGroup], numUpdates: Int, metric: Double?) throws(ScheduleError) {
    guard !base.tInEpochs else { return }
    try apply(&groups, t: numUpdates)
  }

  /// `update_groups(_add_noise(_get_lr(t), t))`, without intermediate arrays. The noise is
  /// drawn after `_get_lr` (whose errors come first), as timm does.
  func apply(_ groups: inout [ParamGroup], t: Int) throws(ScheduleError) {
    let b = base
    var noise: Double?? = nil
    try values(at: Double(t)) { (i: Int, v: Double) throws(ScheduleError) in
      if noise == nil { noise = .some(try b.noise.isApplied(at: t) ? try b.noise.sample(at: t) : nil) }
      let x = noise!.map { v + v * $0 } ?? v
      b.write(&groups, i, x)
    }
  }

  /// `_get_lr(t)`: one value per group (before noise and `lr_scale`).
  public func values(at t: Double) throws(ScheduleError) -> [Double] {
    var out: [Double] = []
    try values(at: t) { (_: Int, v: Double) throws(ScheduleError) in out.append(v) }
    return out
  }

  /// The values `_get_lr(t)` gives, with noise: what the groups hold after a step at `t`
  /// (before `lr_scale`).
  public func noisyValues(at t: Int) throws(ScheduleError) -> [Double] {
    try base.noise.add(to: try values(at: Double(t)), t: t)
  }
}

/// The state every timm scheduler shares: the field it drives, the base values, the step
/// unit and the noise.
public struct TimmBase: Sendable, Equatable {
  /// `param_group_field` (timm's classes pass `'lr'`; lrsched lets a spec drive another field).
  public let field: Field
  /// `base_values`: each group's `initial_<field>`.
  public let baseValues: [Double]
  /// `t_in_epochs`: `step(epoch)` evaluates the schedule, otherwise `step_update(num_updates)`.
  public let tInEpochs: Bool
  public let noise: TimmNoise

  /// `Scheduler.__init__`: stores `initial_<field>` (or requires it when `initialize=False`),
  /// reads the base values and writes them into the groups (`update_groups`).
  public init(
    groups: inout [ParamGroup], field: Field = .lr, tInEpochs: Bool = true, noise: TimmNoise = TimmNoise(),
    initialize: Bool = true
  ) throws(ScheduleError) {
    let initialKey = "initial_\(field.rawValue)"
    if !initialize {
      for i in groups.indices where groups[i].initial[field] == nil {
        throw ScheduleError("KeyError", "'\(initialKey) missing from param_groups[\(i)]'")
      }
    }
    self.field = field
    baseValues = groups.setDefaultInitial(field)
    self.tInEpochs = tInEpochs
    self.noise = noise
    update(&groups, baseValues)
  }

  /// `update_groups` for one group: `value * lr_scale` when the group has `lr_scale`.
  @inline(__always) public func write(_ groups: inout [ParamGroup], _ i: Int, _ value: Double) {
    guard i < groups.count else { return }
    if let scale = groups[i].lrScale {
      groups[i][field] = value * scale
    } else {
      groups[i][field] = value
    }
  }

  /// `update_groups(values)`: a group with an `lr_scale` key gets `value * lr_scale`.
  public func update(_ groups: inout [ParamGroup], _ values: [Double]) {
    for i in groups.indices where i < values.count { write(&groups, i, values[i]) }
  }

  /// `update_groups(value)` with a scalar: every group.
  public func update(_ groups: inout [ParamGroup], scalar value: Double) {
    for i in groups.indices { write(&groups, i, value) }
  }
}

/// `noise_range_t`: `None`, a number `n` (noise for `t >= n`) or a list/tuple `(a, b)`
/// (noise for `a <= t < b`).
public enum TimmNoiseRange: Sendable, Equatable {
  case from(Double)
  /// The elements of the list or tuple (`isTuple` only changes the `IndexError` text).
  case range([Double], isTuple: Bool)
}

/// How timm draws lr noise.
public enum TimmNoiseType: String, Sendable {
  case normal, uniform
}

/// The noise settings of a timm scheduler and `_is_apply_noise` / `_calculate_noise`.
public struct TimmNoise: Sendable, Equatable {
  public var range: TimmNoiseRange?
  public var type: TimmNoiseType
  public var pct: Double
  public var std: Double
  /// `noise_seed`, a Python int (128 bits hold every value torch's `manual_seed` accepts
  /// and the ones just beyond it).
  public var seed: Int128

  /// A normal draw is repeated until it falls inside `noise_pct`; timm loops forever when it
  /// never does. lrsched stops after this many draws.
  public static let maxDraws = 10_000_000

  public init(
    range: TimmNoiseRange? = nil, type: TimmNoiseType = .normal, pct: Double = 0.67, std: Double = 1.0,
    seed: Int128 = 42
  ) {
    self.range = range
    self.type = type
    self.pct = pct
    self.std = std
    self.seed = seed
  }

  /// `_is_apply_noise(t)`. A list shorter than two elements raises `IndexError` when Python
  /// reaches the missing element (the chained comparison stops early when `t < a`).
  public func isApplied(at t: Int) throws(ScheduleError) -> Bool {
    guard let range else { return false }
    let x = Double(t)
    switch range {
    case .from(let n):
      return x >= n
    case .range(let items, let isTuple):
      let err = ScheduleError("IndexError", isTuple ? "tuple index out of range" : "list index out of range")
      guard items.count >= 1 else { throw err }
      guard items[0] <= x else { return false }
      guard items.count >= 2 else { throw err }
      return x < items[1]
    }
  }

  /// `_calculate_noise(t)`: a fresh generator seeded with `noise_seed + t`.
  public func sample(at t: Int) throws(ScheduleError) -> Double {
    // torch's manual_seed takes an unsigned 64-bit value, else a signed one.
    let (s, overflow) = seed.addingReportingOverflow(Int128(t))
    guard !overflow, s >= Int128(Int64.min), s <= Int128(UInt64.max) else {
      throw Self.seedOverflow
    }
    var g = TorchGenerator(seed: Int(truncatingIfNeeded: s))
    switch type {
    case .normal:
      if !(pct > 0) || std.isNaN {
        throw ScheduleError(
          "RuntimeError",
          "noise_pct=\(PyFormat.repr(pct)) with noise_std=\(PyFormat.repr(std)): timm would redraw the noise forever")
      }
      for _ in 0..<Self.maxDraws {
        let noise = g.randn1() * std
        if Swift.abs(noise) < pct { return noise }
      }
      throw ScheduleError(
        "RuntimeError",
        "no noise sample fell within noise_pct=\(PyFormat.repr(pct)) after \(Self.maxDraws) draws (timm would keep drawing)")
    case .uniform:
      return 2 * (g.rand1() - 0.5) * pct
    }
  }

  /// What `torch.Generator.manual_seed` raises for a seed outside 64 bits (torch 2.15).
  public static let seedOverflow = ScheduleError("ValueError", "Overflow when unpacking long long")

  /// `_add_noise(lrs, t)`: `v + v * noise` for every value when `t` is in the noise range.
  public func add(to values: [Double], t: Int) throws(ScheduleError) -> [Double] {
    guard try isApplied(at: t) else { return values }
    let noise = try sample(at: t)
    return values.map { $0 + $0 * noise }
  }
}

/// The linear warm-up the timm classes share: `warmup_lr_init + t * step` for `t < warmup_t`.
public struct TimmWarmup: Sendable, Equatable {
  /// `warmup_t` (epochs or updates; an int or a float).
  public let t: Double
  public let lrInit: Double
  /// `warmup_steps`: `(target - warmup_lr_init) / warmup_t` per group, or `1` without warm-up.
  public let steps: [Double]

  /// Without warm-up (`warmup_t` falsy) the steps are `1` and the groups are left alone;
  /// otherwise the groups are set to `warmup_lr_init` (`super().update_groups`).
  public init(t: Double, lrInit: Double, targets: [Double], base: TimmBase, groups: inout [ParamGroup]) {
    self.t = t
    self.lrInit = lrInit
    if t != 0 {
      steps = targets.map { ($0 - lrInit) / t }
      base.update(&groups, scalar: lrInit)
    } else {
      steps = targets.map { _ in 1 }
    }
  }

  /// No warm-up (`warmup_t = 0`): steps of `1`, groups untouched.
  public static func disabled(lrInit: Double, count: Int) -> TimmWarmup {
    TimmWarmup(t: 0, lrInit: lrInit, steps: Array(repeating: 1, count: count))
  }

  init(t: Double, lrInit: Double, steps: [Double]) {
    self.t = t
    self.lrInit = lrInit
    self.steps = steps
  }

  /// `[warmup_lr_init + t * s for s in warmup_steps]`.
  public func values(at t: Double) -> [Double] { steps.map { lrInit + t * $0 } }

  /// The same, one group at a time.
  public func values(at t: Double, emit: TimmEmit) throws(ScheduleError) {
    for (i, s) in steps.enumerated() { try emit(i, lrInit + t * s) }
  }
}

/// timm's training loop (`train.py`): after every optimizer update
/// `step_update(num_updates=step + 1)`, after the last batch of an epoch
/// `step(epoch + 1)` (PlateauLRScheduler: `step(epoch + 1, metrics[epoch])`).
public struct TimmLoopStepper: Stepper {
  public var scheduler: any TimmScheduler

  public init(_ scheduler: any TimmScheduler) { self.scheduler = scheduler }

  public var needsMetric: Bool { scheduler.needsMetric }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    try scheduler.stepUpdate(&groups, numUpdates: position.step + 1, metric: nil)
    if position.isLastBatchOfEpoch {
      try scheduler.step(&groups, epoch: position.epoch + 1, metric: metric)
    }
  }
}

/// Python's float operations where timm's formulas can leave the real numbers.
public enum TimmMath {
  /// `x ** y` on floats (CPython `float_pow`): `0.0 ** negative` raises, a negative base with
  /// a fractional exponent gives a complex number (rejected later by `math` functions and
  /// not representable in a param group).
  public static func pow(_ x: Double, _ y: Double) throws(ScheduleError) -> Double {
    try Py.checkedPow(x, y, complexMessage: "must be real number, not complex")
  }

  /// `math.cos(x)`: infinite arguments raise.
  public static func cos(_ x: Double) throws(ScheduleError) -> Double {
    if x.isInfinite { throw ScheduleError("ValueError", "math domain error") }
    return LibM.cos(x)
  }

  /// `math.sqrt(x)`.
  public static func sqrt(_ x: Double) throws(ScheduleError) -> Double {
    if x < 0 { throw ScheduleError("ValueError", "math domain error") }
    return LibM.sqrt(x)
  }

  /// `math.log(x, base)` (Python 3.11): `log(x) / log(base)`, non-positive arguments raise.
  public static func log(_ x: Double, base: Double) throws(ScheduleError) -> Double {
    guard x > 0 || x.isNaN, base > 0 || base.isNaN else {
      throw ScheduleError("ValueError", "math domain error")
    }
    let den = LibM.log(base)
    if den == 0 { throw ScheduleError.zeroDivision }
    return LibM.log(x) / den
  }

  /// `math.floor(x)` as a (float-held) Python int.
  public static func floor(_ x: Double) throws(ScheduleError) -> Double {
    if x.isNaN { throw ScheduleError("ValueError", "cannot convert float NaN to integer") }
    if x.isInfinite { throw ScheduleError("OverflowError", "cannot convert float infinity to integer") }
    return LibM.floor(x)
  }

  /// `a // b` with Python's result and error for ints (`bothInts`) or floats.
  public static func floorDiv(_ a: Double, _ b: Double, bothInts: Bool) throws(ScheduleError) -> Double {
    if b == 0 {
      throw ScheduleError("ZeroDivisionError", bothInts ? "integer division or modulo by zero" : "float floor division by zero")
    }
    return Py.floorDiv(a, b)
  }
}
