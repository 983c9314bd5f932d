/// OneCycleLR's batch entry point (`Stepper.advanceRun`): every step of a per-batch stepper
/// within `total_steps` runs in one loop over the groups' storage, taken out of the run once;
/// a step torch would raise on (past `total_steps`, a phase of zero steps) and a per-epoch
/// stepper go through `update` as `advance()` runs it. The arithmetic is `update`'s
/// (`phaseValues`, `write`), so every value is bit-identical.
/// - SeeAlso: `torch/optim/lr_scheduler.py` `OneCycleLR.get_lr`.
extension TorchOneCycleLR: StreamLoopStepper {
  public mutating func observedRun<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ observer: inout O
  ) throws(ScheduleError) {
    guard state.stepOn == .batch else { return try run.drive(&self, count, &observer) }
    try run.driveInStretches(&self, count, &observer) { s, r, o, left in s.usualSteps(&r, left, &o) }
  }

  /// Runs up to `count` steps that raise nothing; returns how many it ran.
  private mutating func usualSteps<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ observer: inout O
  ) -> Int {
    guard !state.isInitial else { return 0 }
    var groups: [ParamGroup] = []
    swap(&groups, &run.groups)
    defer { swap(&groups, &run.groups) }
    var done = 0
    var stepNum = state.lastEpoch
    let (total, anneal, lrAt, momentumAt) = (totalSteps, anneal, fieldOffset, momentumOffset)
    phases.withUnsafeBufferPointer { phases in
      groups.withUnsafeMutableBufferPointer { b in
        let view = UnsafeBufferPointer(b)
        while done < count {
          let next = stepNum &+ 1
          guard next <= total, let (pct, cosOut, at) = Self.phaseValues(next, phases, anneal) else { break }
          Self.write(b, pct, cosOut, at, anneal, lrAt: lrAt, momentumAt: momentumAt)
          _ = run.moveToNextStep()
          stepNum = next
          done &+= 1
          observer.observe(view)
        }
      }
    }
    state.stepCount &+= done
    state.lastEpoch = stepNum
    return done
  }
}
