/// `CosineAnnealingLR(T_max, eta_min=0.0)`, replayed as the recurrence `step()` performs.
///
/// ```
/// t == 0:                          lr unchanged
/// (t - 1 - T_max) % (2 T_max) == 0: lr + (base - eta_min) * (1 - cos(pi / T_max)) / 2
/// otherwise:                        (1 + cos(pi t / T_max)) / (1 + cos(pi (t-1) / T_max))
///                                     * (lr - eta_min) + eta_min
/// ```
/// The denominator is the previous step's numerator, computed with the same operations,
/// so it is cached: one `cos` per step, bit-identical to torch. Past `T_max` the curve
/// rises again (period `2 T_max`), as in torch.
/// - SeeAlso: `torch/optim/lr_scheduler.py` `CosineAnnealingLR.get_lr`.
public struct TorchCosineAnnealingLR: TorchRecurrence {
  public var state: TorchState
  public let tMax: Double
  public let etaMin: Double
  var cachedT: Int = .min
  var cachedNumerator: Double = 0
  /// `T_max` as an int when it is one: the trough test is then an int modulo, as in torch.
  let tMaxInt: Int?
  /// `(t - 1 - T_max) % (2 T_max)` for `t == troughT`: with T_max > 0 the next step's
  /// remainder is this one plus one, wrapping at 2 T_max, so a run of consecutive steps needs
  /// no integer division (a 64-bit `idiv` costs about as much as the `cos` on this CPU). Any
  /// other `t` (a restart, `undoStep`) divides.
  var troughT: Int = .min
  var troughRemainder = 0

  public init(groups: inout [ParamGroup], field: Field = .lr, tMax: Double, etaMin: Double = 0) throws(ScheduleError) {
    state = TorchState(field: field, groups: &groups)
    self.tMax = tMax
    self.etaMin = etaMin
    tMaxInt = tMax == tMax.rounded() && Swift.abs(tMax) < 1e15 ? Int(tMax) : nil
    try initialStep(&groups)
  }

  @inline(__always) private mutating func numerator(_ t: Int) -> Double {
    if t == cachedT { return cachedNumerator }
    return 1 + LibM.cos(Double.pi * Double(t) / tMax)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    let field = state.field
    if state.isInitial { return }
    if state.stepCount == 1 && t > 0 {
      _ = try updateClosedForm(&groups)
      return
    }
    // `(t - 1 - T_max) % (2 * T_max)` in Python: an int T_max of 0 raises "integer modulo
    // by zero", a float one "float modulo".
    guard tMax != 0 else {
      throw ScheduleError("ZeroDivisionError", tMaxInt != nil ? "integer modulo by zero" : "float modulo")
    }
    let atTrough: Bool
    if let n = tMaxInt {
      var r: Int
      if n > 0 && t == troughT &+ 1 {
        r = troughRemainder &+ 1
        if r == 2 &* n { r = 0 }
      } else {
        r = Py.floorMod(t - 1 - n, 2 * n)
      }
      troughT = t
      troughRemainder = r
      atTrough = r == 0
    } else {
      atTrough = Py.floorMod(Double(t - 1) - tMax, 2 * tMax) == 0
    }
    if atTrough {
      let c = (1 - LibM.cos(Double.pi / tMax)) / 2
      let eta = etaMin
      state.baseValues.withUnsafeBufferPointer { base in
        groups.rewrite(field) { i, v in v + (base[i] - eta) * c }
      }
      return
    }
    let den = numerator(t - 1)
    let num = 1 + LibM.cos(Double.pi * Double(t) / tMax)
    cachedT = t
    cachedNumerator = num
    guard den != 0 else { throw .zeroDivision }
    let ratio = num / den
    let eta = etaMin
    groups.rewrite(field) { _, v in ratio * (v - eta) + eta }
  }

  public mutating func updateClosedForm(_ groups: inout [ParamGroup]) throws(ScheduleError) -> Bool {
    guard tMax != 0 else { throw .zeroDivision }
    let c = 1 + LibM.cos(Double(state.lastEpoch) * Double.pi / tMax)
    for i in groups.indices {
      groups[i][state.field] = etaMin + (state.baseValues[i] - etaMin) * c / 2
    }
    return true
  }
}

/// `CosineAnnealingWarmRestarts(T_0, T_mult=1, eta_min=0.0)` (SGDR): a cosine from the
/// base value to `eta_min` over `T_i` steps, restarting with `T_i *= T_mult`.
///
/// ```
/// lr = eta_min + (base - eta_min) * (1 + cos(pi * T_cur / T_i)) / 2
/// ```
/// Not chainable: it recomputes from `base_lrs`.
public struct TorchCosineAnnealingWarmRestarts: TorchRecurrence {
  public var state: TorchState
  public let t0: Int
  public let tMult: Int
  public let etaMin: Double
  public private(set) var tI: Int
  public private(set) var tCur: Int

  public init(groups: inout [ParamGroup], field: Field = .lr, t0: Int, tMult: Int = 1, etaMin: Double = 0) throws(ScheduleError) {
    guard t0 > 0 else { throw .value("Expected positive integer T_0, but got \(t0)") }
    guard tMult >= 1 else { throw .value("Expected integer T_mult >= 1, but got \(tMult)") }
    state = TorchState(field: field, groups: &groups)
    self.t0 = t0
    self.tMult = tMult
    self.etaMin = etaMin
    tI = t0
    tCur = -1
    state.stepCount = 0
    // `step()` with last_epoch < 0 is `step(0)`.
    state.stepCount += 1
    state.lastEpoch = 0
    tI = t0
    tCur = 0
    write(&groups)
  }

  private func write(_ groups: inout [ParamGroup]) {
    let c = 1 + LibM.cos(Double.pi * Double(tCur) / Double(tI))
    for i in groups.indices {
      groups[i][state.field] = etaMin + (state.baseValues[i] - etaMin) * c / 2
    }
  }

  public mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    state.stepCount += 1
    if state.lastEpoch < 0 {
      state.lastEpoch = 0
      tI = t0
      tCur = 0
    } else {
      state.lastEpoch += 1
      tCur += 1
      if tCur >= tI {
        tCur -= tI
        tI *= tMult
      }
    }
    write(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) { write(&groups) }
}
