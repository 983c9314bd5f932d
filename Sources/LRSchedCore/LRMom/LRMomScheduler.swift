/// lr-momentum-scheduler (github.com/timesler/lr-momentum-scheduler, `scheduler.py`):
/// `_LRMomentumScheduler` subclasses torch's `_LRScheduler` and drives lr *and* momentum.
///
/// Construction: `group.setdefault('initial_momentum', group['momentum'])` (an optimizer
/// without a `momentum` key, Adam, raises `KeyError: 'momentum'`), then torch's
/// `initial_lr` and the initial `step()`. `step()` sets `last_epoch += 1` and writes
///
/// ```
/// group['lr']       = initial_lr       · lr_lambda(last_epoch)
/// group['momentum'] = initial_momentum · momentum_lambda(last_epoch)
/// ```
/// (all lr values are computed before the momentum values, and both before any write).
/// The default lambdas are the identity `lambda x: x`, so an unspecified schedule sends
/// the value to `0, m, 2m, …`.
public struct LRMomScheduler: TorchScheduler {
  /// The field the lr part drives (`lr`, or any field via `field=`).
  public let field: Field
  public let lrFunctions: [LRMomFunction]
  public let momentumFunctions: [LRMomFunction]
  /// `base_lrs` (the groups' `initial_<field>`).
  public let baseValues: [Double]
  /// `base_momentums` (the groups' `initial_momentum`).
  public let baseMomentums: [Double]
  public private(set) var lastEpoch: Int = -1

  /// `LambdaScheduler.__init__` (and what `ListScheduler` passes to it): one function or
  /// one per group for each of lr and momentum. `hasMomentumKey`: the optimizer's groups
  /// have a `momentum` key (SGD; Adam only after `OneCyclePolicy` set one).
  public init(
    groups: inout [ParamGroup], hasMomentumKey: Bool, field: Field = .lr,
    lr: [LRMomFunction], lrIsList: Bool, momentum: [LRMomFunction], momentumIsList: Bool
  ) throws(ScheduleError) {
    let n = groups.count
    if lrIsList {
      guard lr.count == n else { throw .value("Expected \(n) lr_lambdas, but got \(lr.count)") }
      lrFunctions = lr
    } else {
      lrFunctions = Array(repeating: lr[0], count: n)
    }
    if momentumIsList {
      guard momentum.count == n else { throw .value("Expected \(n) momentum_lambdas, but got \(momentum.count)") }
      momentumFunctions = momentum
    } else {
      momentumFunctions = Array(repeating: momentum[0], count: n)
    }
    guard hasMomentumKey else { throw ScheduleError("KeyError", "'momentum'") }
    baseMomentums = groups.setDefaultInitial(.momentum)
    self.field = field
    baseValues = groups.setDefaultInitial(field)
    try step(&groups)
  }

  /// The lr-part values at `epoch` (`get_lr()`).
  public func lrValues(_ epoch: Int) throws(ScheduleError) -> [Double] {
    var out = [Double]()
    out.reserveCapacity(baseValues.count)
    for i in baseValues.indices { out.append(baseValues[i] * (try lrFunctions[i](epoch))) }
    return out
  }

  /// The momentum values at `epoch` (`get_momentum()`).
  public func momentumValues(_ epoch: Int) throws(ScheduleError) -> [Double] {
    var out = [Double]()
    out.reserveCapacity(baseMomentums.count)
    for i in baseMomentums.indices { out.append(baseMomentums[i] * (try momentumFunctions[i](epoch))) }
    return out
  }

  /// `step()`: `last_epoch += 1`, then lr and momentum of every group.
  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    lastEpoch += 1
    let lrs = try lrValues(lastEpoch)
    let moms = try momentumValues(lastEpoch)
    for i in groups.indices {
      groups[i][field] = lrs[i]
      groups[i].momentum = moms[i]
    }
  }

  /// torch's `_update_lr(0)` (what `SequentialLR` calls at a milestone; the class does not
  /// override it): `last_epoch = 0` and `get_lr()` written to the lr field only.
  public mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    lastEpoch = 0
    let lrs = try lrValues(0)
    for i in groups.indices { groups[i][field] = lrs[i] }
  }

  public mutating func undoStep() { lastEpoch -= 1 }

  /// Whether a momentum function is the default identity.
  public var momentumIsIdentity: Bool { momentumFunctions.contains { if case .identity = $0 { true } else { false } } }
}

/// A schedule function of lr-momentum-scheduler: the identity default, a user lambda, or
/// a `ParameterUpdate` list.
public enum LRMomFunction: Sendable {
  /// `lambda x: x`.
  case identity
  case lambda(PyLambda)
  case list(ParameterUpdate)

  /// The multiplier at `epoch`, as the float `base * f(epoch)` multiplies.
  public func callAsFunction(_ epoch: Int) throws(ScheduleError) -> Double {
    switch self {
    case .identity: return Double(epoch)
    case .lambda(let l): return try l(epoch).double
    case .list(let p): return try p(epoch)
    }
  }
}

/// `ParameterUpdate(params, base_param)`: `params = np.hstack([params, 0])`; `f(e) =
/// params[e] / base_param`. A `base_param` below `1e-12` replaces the schedule by ones (the
/// list is silently ignored). Indexing past the appended 0 raises NumPy's `IndexError`.
public struct ParameterUpdate: Sendable {
  public let params: [Double]
  public let baseParam: Double

  public init(_ values: [Double], baseParam: Double) {
    if baseParam < 1e-12 {
      params = Array(repeating: 1.0, count: values.count + 1)
      self.baseParam = 1
    } else {
      params = values + [0]
      self.baseParam = baseParam
    }
  }

  public func callAsFunction(_ epoch: Int) throws(ScheduleError) -> Double {
    var e = epoch
    if e < 0 { e += params.count }
    guard e >= 0 && e < params.count else { throw Numpy.indexError(epoch, size: params.count) }
    return params[e] / baseParam
  }

  /// The user's list length (without the appended 0).
  public var listLength: Int { params.count - 1 }
}

/// A list argument of `ListScheduler`: one list for every group, or one list per group
/// (`np.array` of a list of lists).
public enum LRMomList: Sendable {
  case flat([Double])
  case perGroup([[Double]])

  /// `np.array(rows)` refuses rows of different lengths.
  func validated() throws(ScheduleError) -> LRMomList {
    if case .perGroup(let rows) = self, let first = rows.first, rows.contains(where: { $0.count != first.count }) {
      throw Numpy.inhomogeneousError(rows: rows.count)
    }
    return self
  }

  /// `[ParameterUpdate(l, g[key]) for …]`: a flat list pairs with every group; rows pair
  /// with groups by `zip` (extra rows are dropped, missing rows fail the length check).
  func updates(bases: [Double]) -> [LRMomFunction] {
    switch self {
    case .flat(let v): return bases.map { .list(ParameterUpdate(v, baseParam: $0)) }
    case .perGroup(let rows): return zip(rows, bases).map { .list(ParameterUpdate($0, baseParam: $1)) }
    }
  }
}

extension LRMomScheduler {
  /// `LambdaScheduler(lr_lambda=lambda x: x, momentum_lambda=lambda x: x)`.
  public static func lambda(
    groups: inout [ParamGroup], hasMomentumKey: Bool, field: Field = .lr,
    lrLambdas: [PyLambda]?, lrIsList: Bool, momentumLambdas: [PyLambda]?, momentumIsList: Bool
  ) throws(ScheduleError) -> LRMomScheduler {
    let lr = lrLambdas.map { $0.map(LRMomFunction.lambda) } ?? [.identity]
    let mom = momentumLambdas.map { $0.map(LRMomFunction.lambda) } ?? [.identity]
    return try LRMomScheduler(
      groups: &groups, hasMomentumKey: hasMomentumKey, field: field, lr: lr, lrIsList: lrIsList && lrLambdas != nil,
      momentum: mom, momentumIsList: momentumIsList && momentumLambdas != nil)
  }

  /// `ListScheduler(lrs=None, momentums=None)`: `initial · (list[e] / value_at_construction)`,
  /// a 0 appended to every list, `IndexError` past it.
  public static func list(
    groups: inout [ParamGroup], hasMomentumKey: Bool, field: Field = .lr, lrs: LRMomList?, momentums: LRMomList?
  ) throws(ScheduleError) -> LRMomScheduler {
    var lr: [LRMomFunction] = [.identity]
    var lrIsList = false
    if let lrs {
      lr = try lrs.validated().updates(bases: groups.map { $0[field] })
      lrIsList = true
    }
    var mom: [LRMomFunction] = [.identity]
    var momIsList = false
    if let momentums {
      let m = try momentums.validated()
      guard hasMomentumKey else { throw ScheduleError("KeyError", "'momentum'") }
      mom = m.updates(bases: groups.map(\.momentum))
      momIsList = true
    }
    return try LRMomScheduler(
      groups: &groups, hasMomentumKey: hasMomentumKey, field: field, lr: lr, lrIsList: lrIsList, momentum: mom,
      momentumIsList: momIsList)
  }

  /// `RangeFinder(epochs)`: `ListScheduler(lrs=np.logspace(-7, 0, epochs))`; momentum keeps
  /// the identity default.
  public static func rangeFinder(
    groups: inout [ParamGroup], hasMomentumKey: Bool, field: Field = .lr, epochs: Int
  ) throws(ScheduleError) -> LRMomScheduler {
    let lrs = try Numpy.logspace(-7, 0, epochs)
    return try list(groups: &groups, hasMomentumKey: hasMomentumKey, field: field, lrs: .flat(lrs), momentums: nil)
  }

  /// The momentum range of `OneCyclePolicy`: one `[low, high]` pair, or one per group.
  public enum MomentumRange: Sendable {
    case none
    case shared([Double])
    case perGroup([[Double]])
  }

  /// `OneCyclePolicy(lr, epochs, momentum_rng=[0.85, 0.95], phase_ratio=0.45)`: with
  /// `P = int(phase_ratio · epochs)`, lr `linspace(0.1l, l, P)`, `linspace(l, 0.1l, P)`,
  /// `linspace(0.1l, 0.01l, epochs − 2P)`; momentum set to `high` first, then
  /// `linspace(high, low, P)`, `linspace(low, high, P)`, `linspace(high, high, epochs − 2P)`.
  public static func oneCycle(
    groups: inout [ParamGroup], hasMomentumKey: Bool, field: Field = .lr, lr: [Double], lrIsList: Bool,
    epochs: Int, momentumRange: MomentumRange, phaseRatio: PyNumber
  ) throws(ScheduleError) -> LRMomScheduler {
    let phase: Int
    switch phaseRatio {
    case .int(let r): phase = r * epochs
    case .float(let r): phase = Py.int(r * Double(epochs))
    }
    func cycle(_ l: Double) throws(ScheduleError) -> [Double] {
      try Numpy.linspace(l * 1e-1, l, phase) + Numpy.linspace(l, l * 1e-1, phase)
        + Numpy.linspace(l * 1e-1, l * 1e-2, epochs - 2 * phase)
    }
    let lrs: LRMomList
    if lrIsList {
      var rows: [[Double]] = []
      for l in lr { rows.append(try cycle(l)) }
      lrs = .perGroup(rows)
    } else {
      lrs = .flat(try cycle(lr[0]))
    }
    func moms(_ lo: Double, _ hi: Double) throws(ScheduleError) -> [Double] {
      try Numpy.linspace(hi, lo, phase) + Numpy.linspace(lo, hi, phase) + Numpy.linspace(hi, hi, epochs - 2 * phase)
    }
    func pair(_ r: [Double]) throws(ScheduleError) -> (Double, Double) {
      guard r.count > 1 else { throw Numpy.indexError(1, size: r.count) }
      return (r[0], r[1])
    }
    var momentums: LRMomList?
    var hasKey = hasMomentumKey
    switch momentumRange {
    case .none:
      momentums = nil
    case .shared(let r):
      let (lo, hi) = try pair(r)
      for i in groups.indices { groups[i].momentum = hi }
      hasKey = true
      momentums = .flat(try moms(lo, hi))
    case .perGroup(let rows):
      if let first = rows.first, rows.contains(where: { $0.count != first.count }) {
        throw Numpy.inhomogeneousError(rows: rows.count)
      }
      for i in groups.indices {
        guard i < rows.count else { throw Numpy.indexError(i, size: rows.count) }
        groups[i].momentum = try pair(rows[i]).1
      }
      hasKey = true
      var out: [[Double]] = []
      for r in rows {
        let (lo, hi) = try pair(r)
        out.append(try moms(lo, hi))
      }
      momentums = .perGroup(out)
    }
    return try list(groups: &groups, hasMomentumKey: hasKey, field: field, lrs: lrs, momentums: momentums)
  }
}
