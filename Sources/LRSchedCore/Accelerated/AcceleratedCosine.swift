/// pytorch-accelerated `CosineLrScheduler(total_num_epochs, num_update_steps_per_epoch,
/// k_decay=1.0, lr_min=1e-6, min_lr_ratio=None, num_warmup_epochs=0,
/// warmup_starting_lr=1e-6, warmup_starting_lr_ratio=None, num_cooldown_epochs=0)`
/// (`pytorch_accelerated/schedulers/cosine_scheduler.py`, 0.1.61).
///
/// With `T = epochs·S`, `W = warmup_epochs·S`, `C = cooldown_epochs·S`, base `b`,
/// `m = min_lr_ratio·b` if given else `lr_min`, `s0 = warmup_starting_lr_ratio·b` if given
/// else `warmup_starting_lr`:
///
/// ```
/// n < W:              s0 + n · ((b − warmup_starting_lr) / W)
/// n < T − (W + C):    m + 0.5 · (b − m) · (1 + cos(π · (n−W)^k / (T−(W+C))^k))
/// otherwise:          m
/// ```
/// Quirks kept: the constructor writes the absolute `warmup_starting_lr` when `W > 0`
/// (even with a ratio); the warm-up slope always uses the absolute `warmup_starting_lr`
/// (the ramp overshoots or undershoots `b` with a ratio); the cosine branch ends at the
/// absolute update `T − W − C`, so with warm-up it is cut `W` updates short and the lr
/// jumps to `m`.
/// The counts may be floats (the library only does arithmetic with them): `T`, `W`, `C`
/// are then floats, compared with the int update count as Python compares them.
public struct AcceleratedCosineLR: AcceleratedSchedule {
  public let field: Field
  public let baseValues: [Double]
  public let totalIterations: PyNumber
  public let warmupIterations: PyNumber
  public let cooldownIterations: PyNumber
  public let kDecay: PyNumber
  public let lrMin: Double
  public let minLRRatio: Double?
  public let warmupStartingLR: Double
  public let warmupStartingLRRatio: Double?

  public init(
    groups: inout [ParamGroup], field: Field = .lr, totalNumEpochs: PyNumber, numUpdateStepsPerEpoch: PyNumber,
    kDecay: PyNumber = .float(1.0), lrMin: Double = 1e-6, minLRRatio: Double? = nil,
    numWarmupEpochs: PyNumber = .int(0), warmupStartingLR: Double = 1e-6, warmupStartingLRRatio: Double? = nil,
    numCooldownEpochs: PyNumber = .int(0)
  ) throws(ScheduleError) {
    self.field = field
    baseValues = acceleratedStoreInitial(&groups, field: field)
    guard totalNumEpochs.double > 0 && numUpdateStepsPerEpoch.double > 0 else {
      throw ScheduleError("AssertionError", "")
    }
    guard lrMin >= 0 else { throw ScheduleError("AssertionError", "") }
    totalIterations = try PyNumber.product(totalNumEpochs, numUpdateStepsPerEpoch)
    warmupIterations = try PyNumber.product(numWarmupEpochs, numUpdateStepsPerEpoch)
    cooldownIterations = try PyNumber.product(numCooldownEpochs, numUpdateStepsPerEpoch)
    self.kDecay = kDecay
    self.lrMin = lrMin
    self.minLRRatio = minLRRatio
    self.warmupStartingLR = warmupStartingLR
    self.warmupStartingLRRatio = warmupStartingLRRatio
    if warmupIterations.double != 0 {
      for i in groups.indices { groups[i][field] = warmupStartingLR }
    }
  }

  /// The floor `m` for a group with base `b`.
  @inline(__always) func minimum(_ b: Double) -> Double {
    if let r = minLRRatio { return r * b }
    return lrMin
  }

  /// `T − (W + C)`: the update where the cosine branch ends (`T − 2W − C` of cosine with warm-up).
  public var cosineBranchEnd: PyNumber {
    totalIterations.minus(warmupIterations.plus(cooldownIterations))
  }

  public func values(numUpdates n: Int) throws(ScheduleError) -> [Double] {
    if warmupIterations.isGreater(than: n) {
      let w = warmupIterations.double
      return baseValues.map { b in
        let start = warmupStartingLRRatio.map { $0 * b } ?? warmupStartingLR
        return start + Double(n) * ((b - warmupStartingLR) / w)
      }
    }
    let total = cosineBranchEnd
    if total.isGreater(than: n) {
      let x = LibM.pi * (try pyNumPow(PyNumber.int(n).minus(warmupIterations), kDecay)) / (try pyNumPow(total, kDecay))
      let c = 1 + LibM.cos(x)
      return baseValues.map { b in
        let m = minimum(b)
        return m + 0.5 * (b - m) * c
      }
    }
    return baseValues.map { minimum($0) }
  }
}
