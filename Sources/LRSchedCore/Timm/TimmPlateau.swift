/// `PlateauLRScheduler(decay_rate=0.1, patience_t=10, verbose=True, threshold=1e-4,
/// cooldown_t=0, warmup_t=0, warmup_lr_init=0, lr_min=0, mode='max', noise_range_t=None,
/// noise_type='normal', noise_pct=0.67, noise_std=1.0, noise_seed=None, initialize=True)`
/// (timm 1.0.31, `timm/scheduler/plateau_lr.py`): torch's `ReduceLROnPlateau` behind a
/// warm-up, with noise on top. `patience_t` and `cooldown_t` go to torch unchanged, so they
/// may be floats as torch allows.
///
/// ```
/// step(epoch, metric):
///   epoch <= warmup_t: lr = warmup_lr_init + epoch * warmup_step   (the metric is ignored)
///   else: restore the lr from before the last noise
///         ReduceLROnPlateau.step(metric)  (factor=decay_rate, patience=patience_t,
///                                          cooldown=cooldown_t, min_lr=lr_min, rel threshold)
///         in noise range: remember lr, lr = lr + lr * noise
/// step_update(): nothing
/// ```
public struct TimmPlateauLR: TimmScheduler {
  public let base: TimmBase
  public private(set) var plateau: TorchReduceLROnPlateau
  public let warmup: TimmWarmup
  /// `restore_lr`: the values before the last noise perturbation.
  public private(set) var restore: [Double]?

  public init(
    groups: inout [ParamGroup], base: TimmBase, decayRate: Double = 0.1, patienceT: Double = 10, threshold: Double = 1e-4,
    cooldownT: Double = 0, warmupT: Double = 0, warmupLRInit: Double = 0, lrMin: [Double] = [0], lrMinIsList: Bool = false,
    mode: String = "max"
  ) throws(ScheduleError) {
    self.base = base
    plateau = try TorchReduceLROnPlateau(
      groups: &groups, field: base.field, mode: mode, factor: decayRate, patience: patienceT, threshold: threshold,
      thresholdMode: "rel", cooldown: cooldownT, minLR: lrMin, minLRIsList: lrMinIsList)
    warmup = TimmWarmup(t: warmupT, lrInit: warmupLRInit, targets: base.baseValues, base: base, groups: &groups)
  }

  public var needsMetric: Bool { true }

  public mutating func step(_ groups: inout [ParamGroup], epoch: Int, metric: Double?) throws(ScheduleError) {
    let e = Double(epoch)
    if e <= warmup.t {
      base.update(&groups, warmup.values(at: e))
      return
    }
    if let r = restore {
      for i in groups.indices where i < r.count { groups[i][base.field] = r[i] }
      restore = nil
    }
    guard let metric else {
      throw ScheduleError("TypeError", "float() argument must be a string or a real number, not 'NoneType'")
    }
    try plateau.step(&groups, metric: metric)
    if try base.noise.isApplied(at: epoch) {
      let noise = try base.noise.sample(at: epoch)
      var saved: [Double] = []
      for i in groups.indices {
        let old = groups[i][base.field]
        saved.append(old)
        groups[i][base.field] = old + old * noise
      }
      restore = saved
    }
  }

  public mutating func stepUpdate(_ groups: inout [ParamGroup], numUpdates: Int, metric: Double?) throws(ScheduleError) {}
}
