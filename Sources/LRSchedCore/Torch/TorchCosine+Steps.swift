/// CosineAnnealingLR's batch entry point (`Stepper.advanceRun`): the steps where torch's
/// `step()` takes its usual branch (`get_lr()`'s recursive form, one `cos`, no trough, the
/// previous numerator cached) run in one loop over the groups' storage, taken out of the run
/// once per stretch of such steps; any other step (the first ones, a trough, a zero
/// denominator, a per-epoch stepper) goes through `update` as `advance()` would run it.
/// The arithmetic is `update`'s, operation for operation, so every value is bit-identical.
/// - SeeAlso: `torch/optim/lr_scheduler.py` `CosineAnnealingLR.get_lr`.
extension TorchCosineAnnealingLR: StreamLoopStepper {
  public mutating func observedRun<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ observer: inout O
  ) throws(ScheduleError) {
    guard state.stepOn == .batch, let n = tMaxInt, n > 0 else {
      return try run.drive(&self, count, &observer)
    }
    try run.driveInStretches(&self, count, &observer) { s, r, o, left in s.usualSteps(&r, left, n, &o) }
  }

  /// Runs up to `count` consecutive usual steps; returns how many it ran (it stops before the
  /// first step that is not one).
  private mutating func usualSteps<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ n: Int, _ observer: inout O
  ) -> Int {
    guard state.stepCount > 0, !state.isInitial, troughT == state.lastEpoch, cachedT == state.lastEpoch,
      cachedNumerator != 0
    else { return 0 }
    var groups: [ParamGroup] = []
    swap(&groups, &run.groups)
    defer { swap(&groups, &run.groups) }
    let offset = ParamGroup.offset(of: state.field)
    let eta = etaMin
    let period = 2 &* n
    let tMax = self.tMax
    var t = state.lastEpoch
    var r = troughRemainder
    var den = cachedNumerator
    var done = 0
    groups.withUnsafeMutableBufferPointer { b in
      let raw = UnsafeMutableRawPointer(b.baseAddress)
      let stride = MemoryLayout<ParamGroup>.stride
      let groupCount = b.count
      let view = UnsafeBufferPointer(b)
      while done < count {
        var next = r &+ 1
        if next == period { next = 0 }
        if next == 0 || den == 0 { break }
        let u = t &+ 1
        let num = 1 + LibM.cos(Double.pi * Double(u) / tMax)
        let ratio = num / den
        if let raw {
          for i in 0..<groupCount {
            let p = raw + (i &* stride &+ offset)
            let v = p.load(as: Double.self)
            p.storeBytes(of: ratio * (v - eta) + eta, as: Double.self)
          }
        }
        _ = run.moveToNextStep()
        t = u
        r = next
        den = num
        done &+= 1
        observer.observe(view)
      }
    }
    state.stepCount &+= done
    state.lastEpoch = t
    troughT = t
    troughRemainder = r
    cachedT = t
    cachedNumerator = den
    return done
  }
}
