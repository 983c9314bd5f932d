/// CyclicLR's batch entry point (`Stepper.advanceRun`): the steps of a per-batch stepper with a
/// built-in `mode` (no `scale_fn`) that raise nothing run in one loop over the groups' storage,
/// taken out of the run once; a step torch would raise on, a `scale_fn` and a per-epoch
/// stepper go through `update` as `advance()` runs it. The arithmetic is `update`'s,
/// operation for operation and field after field, so every value is bit-identical.
/// - SeeAlso: `torch/optim/lr_scheduler.py` `CyclicLR.get_lr`.
extension TorchCyclicLR: StreamLoopStepper {
  public mutating func observedRun<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ observer: inout O
  ) throws(ScheduleError) {
    guard state.stepOn == .batch, scaleFn == nil, mode != nil else { return try run.drive(&self, count, &observer) }
    try run.driveInStretches(&self, count, &observer) { s, r, o, left in s.usualSteps(&r, left, &o) }
  }

  /// Runs up to `count` steps that raise nothing; returns how many it ran.
  private mutating func usualSteps<O: StepObserver>(
    _ run: inout ScheduleRun, _ count: Int, _ observer: inout O
  ) -> Int {
    guard !state.isInitial, let mode else { return 0 }
    var groups: [ParamGroup] = []
    swap(&groups, &run.groups)
    defer { swap(&groups, &run.groups) }
    var done = 0
    var t = state.lastEpoch
    let totalSize = self.totalSize
    let stepRatio = self.stepRatio
    let byCycle = scaleMode == .cycle
    let gamma = self.gamma
    let lrAt = ParamGroup.offset(of: state.field)
    let momentumAt = momentumField.map { ParamGroup.offset(of: $0) }
    state.baseValues.withUnsafeBufferPointer { base in
      maxValues.withUnsafeBufferPointer { top in
        baseMomentums.withUnsafeBufferPointer { baseM in
          maxMomentums.withUnsafeBufferPointer { topM in
            groups.withUnsafeMutableBufferPointer { b in
              let view = UnsafeBufferPointer(b)
              let stride = MemoryLayout<ParamGroup>.stride
              guard let raw = UnsafeMutableRawPointer(b.baseAddress) else { return }
              let n = b.count
              while done < count {
                let next = t &+ 1
                let cycle = Int(LibM.floor(1 + Double(next) / totalSize))
                let x = 1.0 + Double(next) / totalSize - Double(cycle)
                if x <= stepRatio && stepRatio == 0 { break }
                let scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1)
                let f: Double
                do { f = try Self.scale(mode, gamma, byCycle ? cycle : next) } catch { break }
                for i in 0..<n {
                  let baseHeight = (top[i] - base[i]) * scaleFactor
                  (raw + (i &* stride &+ lrAt)).storeBytes(of: base[i] + baseHeight * f, as: Double.self)
                }
                if let m = momentumAt {
                  for i in 0..<n {
                    let baseHeight = (topM[i] - baseM[i]) * scaleFactor
                    (raw + (i &* stride &+ m)).storeBytes(of: topM[i] - baseHeight * f, as: Double.self)
                  }
                }
                _ = run.moveToNextStep()
                t = next
                done &+= 1
                observer.observe(view)
              }
            }
          }
        }
      }
    }
    state.stepCount &+= done
    state.lastEpoch = t
    return done
  }
}
