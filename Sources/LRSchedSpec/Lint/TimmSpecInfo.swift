import LRSchedCore

extension TimmLint {
  /// A timm argument as the user likely wrote it: `15` for an integral value, else Python's repr.
  static func num(_ d: Double) -> String {
    if d.isFinite && d == d.rounded() && Swift.abs(d) < 1e15 { return String(Int(d)) }
    return PyFormat.repr(d)
  }
}

/// What the timm rules read about one timm spec: the scheduler as built, the unit its `t`
/// counts, its length and the unit that length looks sized in.
struct TimmSpecInfo {
  let spec: SpecSummary
  let sched: any TimmScheduler
  let tInEpochs: Bool
  /// Whether the class takes `t_in_epochs` (all but Plateau).
  let hasTInEpochs: Bool
  /// `t` values the run trains with: `0 ..< T` (epochs or updates).
  let T: Int
  let epochs: Int
  let stepsPerEpoch: Int
  let stepOnAgrees: Bool
  /// `get_cycle_length()` (Cosine/Tanh/Poly), `warmup_t + t_initial` (WSD).
  let length: Double?
  /// The length that tells the unit the user sized the schedule in: `length`, or the last
  /// MultiStep milestone, or Step's `decay_t`.
  let sizingLength: Double?
  /// The schedule is sized in the unit `t_in_epochs` does not count.
  let unitMismatch: Bool

  init?(_ s: SpecSummary, _ ctx: LintContext) {
    guard s.library == .timm, let sched = Self.build(s, ctx) else { return nil }
    let p = ctx.plan
    spec = s
    self.sched = sched
    epochs = p.epochs
    stepsPerEpoch = p.stepsPerEpoch
    if let c = sched as? any TimmCurveScheduler {
      tInEpochs = c.base.tInEpochs
      hasTInEpochs = true
    } else {
      tInEpochs = true
      hasTInEpochs = false
    }
    T = tInEpochs ? p.epochs : p.epochs * p.stepsPerEpoch
    stepOnAgrees = (p.stepOn == .epoch) == tInEpochs
    switch sched {
    case let c as TimmCosineLR: length = try? c.cycleLength()
    case let c as TimmTanhLR: length = try? c.cycleLength()
    case let c as TimmPolyLR: length = try? c.cycleLength()
    case let c as TimmWSDLR: length = c.cycleLength()
    default: length = nil
    }
    let E = Double(p.epochs)
    let N = Double(p.epochs * p.stepsPerEpoch)
    let S = Double(p.stepsPerEpoch)
    var mismatch = false
    var sizing = length
    if hasTInEpochs && p.stepsPerEpoch > 1 {
      switch sched {
      case let m as TimmMultiStepLR:
        if let last = m.decayT.last, let first = m.decayT.first, m.decayRate != 1 {
          sizing = last
          if tInEpochs {
            // No milestone inside the run, and they look like update counts.
            mismatch = first > E && first >= S && last <= N
          } else {
            // Every milestone inside the first epochs' worth of updates, and ≤ the epoch count.
            mismatch = last <= E && last < S
          }
        }
      case let st as TimmStepLR:
        if st.decayRate != 1 && st.decayT > 0 {
          sizing = st.decayT
          if tInEpochs {
            mismatch = st.decayT > E && st.decayT >= S && st.decayT <= N
          } else {
            // Decays every decay_t updates: far more decays than in epochs, and the lr collapses.
            let decays = LibM.floor((N - 1) / st.decayT)
            mismatch = st.decayT <= E && st.decayT < S && LibM.pow(st.decayRate, decays) < 1e-3
          }
        }
      default:
        if let L = length {
          if tInEpochs {
            mismatch = L > E && Swift.abs(L - N) <= Swift.abs(L - E)
          } else {
            mismatch = L < N && Swift.abs(L - E) < Swift.abs(L - N)
          }
        }
      }
    }
    sizingLength = sizing
    unitMismatch = mismatch
  }

  /// This spec's timm scheduler as constructed.
  static func build(_ s: SpecSummary, _ ctx: LintContext) -> (any TimmScheduler)? {
    guard let built = ctx.built, s.index < built.count else { return nil }
    return (built[s.index] as? TimmLoopStepper)?.scheduler
  }

  var unit: String { tInEpochs ? "epochs" : "updates" }

  var cycleCore: TimmCycleCore? {
    switch sched {
    case let c as TimmCosineLR: return c.core
    case let c as TimmTanhLR: return c.core
    case let c as TimmPolyLR: return c.core
    default: return nil
    }
  }

  var shapeName: String {
    switch sched {
    case is TimmCosineLR: return "cosine"
    case is TimmTanhLR: return "tanh curve"
    case is TimmPolyLR: return "poly curve"
    default: return "schedule"
    }
  }

  var lrMin: Double? {
    if let c = cycleCore { return c.cycles.lrMin }
    if let w = sched as? TimmWSDLR { return w.lrMin }
    return nil
  }

  var noise: TimmNoise? {
    if let c = sched as? any TimmCurveScheduler { return c.base.noise }
    if let pl = sched as? TimmPlateauLR { return pl.base.noise }
    return nil
  }

  /// The part of `length` that is not `t_initial` (the warm-up prefix).
  var lengthOffset: Int {
    if let c = cycleCore, c.cycles.warmupPrefix, c.cycles.cycleLimit <= 1, c.cycles.cycleMul == 1 {
      return Int(LibM.ceil(c.warmup.t))
    }
    if let w = sched as? TimmWSDLR { return Int(LibM.ceil(w.warmup.t)) }
    return 0
  }

  /// How `length` comes about: `t_initial=15 + warmup_t=5 (warmup_prefix=True) epochs`.
  var lengthText: String { lengthArgs + (tInEpochs ? " epochs" : " updates") }

  /// The arguments that make `length`: `t_initial=15 + warmup_t=5 (warmup_prefix=True)`.
  var lengthArgs: String {
    if let c = cycleCore {
      var parts = "t_initial=\(TimmLint.num(c.cycles.tInitial))"
      if c.cycles.cycleLimit > 1 {
        parts += " × cycle_limit=\(TimmLint.num(c.cycles.cycleLimit))"
        if c.cycles.cycleMul != 1 { parts += " (cycle_mul=\(TimmLint.num(c.cycles.cycleMul)))" }
      }
      if c.cycles.warmupPrefix && c.warmup.t > 0 { parts += " + warmup_t=\(TimmLint.num(c.warmup.t)) (warmup_prefix=True)" }
      return parts
    }
    if let w = sched as? TimmWSDLR {
      var parts = "t_initial=\(TimmLint.num(w.tInitial))"
      if w.warmup.t > 0 { parts = "warmup_t=\(TimmLint.num(w.warmup.t)) + " + parts }
      return parts
    }
    return TimmLint.num(length ?? 0)
  }

  /// The arguments that size the schedule, as the user gave them.
  var sizingText: String {
    switch sched {
    case let m as TimmMultiStepLR: return "decay_t=[" + m.decayT.map { TimmLint.num($0) }.joined(separator: ", ") + "]"
    case let st as TimmStepLR: return "decay_t=\(TimmLint.num(st.decayT))"
    default: return lengthArgs
    }
  }

  /// What a MultiStep/Step schedule does when its decays lie outside the run.
  var neverDecaysNote: String {
    switch sched {
    case is TimmMultiStepLR, is TimmStepLR: return ": the lr never decays in the run"
    default: return ""
    }
  }

  /// How many decays an update-counted Step/MultiStep makes.
  var stepDecaysNote: String {
    let N = Double(epochs * stepsPerEpoch)
    switch sched {
    case let m as TimmMultiStepLR:
      return ", so every milestone is passed within the first \(Lint.grouped(Int(m.decayT.last ?? 0))) updates (epoch 0 of \(Lint.grouped(epochs)))"
    case let st as TimmStepLR:
      return ", so it decays \(Lint.grouped(Int(LibM.floor((N - 1) / st.decayT)))) times instead of \(Lint.grouped(Int(LibM.floor(Double(epochs - 1) / st.decayT))))"
    default: return ""
    }
  }

  /// The sizing arguments rescaled to the other unit: `t_initial=15, warmup_t=1`.
  func resized(toEpochs: Bool) -> String {
    let S = Double(stepsPerEpoch)
    func convInt(_ x: Double) -> String {
      toEpochs ? String(Int(Swift.max(1, (x / S).rounded()))) : String(Int((x * S).rounded()))
    }
    switch sched {
    case let m as TimmMultiStepLR: return "decay_t=[" + m.decayT.map { convInt($0) }.joined(separator: ", ") + "]"
    case let st as TimmStepLR: return "decay_t=\(convInt(st.decayT))"
    case let w as TimmWSDLR:
      var s = "t_initial=\(convInt(w.tInitial)), decay_t=\(convInt(w.decayT))"
      if w.warmup.t > 0 { s += ", warmup_t=\(convInt(w.warmup.t))" }
      return s
    default:
      guard let c = cycleCore else { return "t_initial=…" }
      var s = "t_initial=\(convInt(c.cycles.tInitial))"
      if c.warmup.t > 0 { s += ", warmup_t=\(convInt(c.warmup.t))" }
      return s
    }
  }
}
