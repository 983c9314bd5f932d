/// Many steps in one call: what `advance()` does `count` times (and `forEachStep`'s stream),
/// with the stepper's type opened once instead of per step.
///
/// `advance()` reaches a run's single stepper through an existential in an array: every call
/// checks the array and the existential's box for uniqueness before the mutating call. Here the
/// stepper is moved out of the array once, opened as its concrete type, stepped `count` times
/// through one witness call each, and put back (also when it throws). Same calls, same order,
/// same values and errors as `advance()` in a loop (tested in `ScheduleRunStepsTests`).
extension ScheduleRun {
  /// `advance()` `count` times; stops at the first error (the run is where `advance()` left it).
  public mutating func advance(steps count: Int) throws(ScheduleError) {
    try advanceSteps(count, nil)
  }

  /// `advance()` `count` times, calling `body` with the groups after each advance.
  public mutating func advance(
    steps count: Int, each body: (_ groups: UnsafeBufferPointer<ParamGroup>) -> Void
  ) throws(ScheduleError) {
    var raised: ScheduleError?
    withoutActuallyEscaping(body) { b in
      do throws(ScheduleError) { try advanceSteps(count, b) } catch { raised = error }
    }
    if let raised { throw raised }
  }

  /// `advance()` `count` times, recording the groups' values after each advance into
  /// `recorder` (`StepRecorder`); stops at the first error, the steps before it recorded.
  public mutating func advance(steps count: Int, recording recorder: inout StepRecorder) throws(ScheduleError) {
    guard count > 0 else { return }
    guard steppers.count == 1 else {
      for _ in 0..<count {
        try advance()
        groups.withUnsafeBufferPointer { recorder.observe($0) }
      }
      return
    }
    var stepper = steppers.removeLast()
    defer { steppers.append(stepper) }
    try stepper.advanceRun(&self, steps: count, recording: &recorder)
  }

  /// `forEachStep` through the stepper's batch entry point (`Stepper.advanceRun`), for a body
  /// that neither throws nor stops the stream: `body(k, groups)` with the values optimizer step
  /// `k` trains with, then the scheduler calls that follow step `k`, for at most `limit` steps
  /// up to the end of the run. Same calls, same order, same values as `forEachStep`, and the
  /// same result: the first error a scheduler raised and the step it followed (the run stops
  /// there; `body` has seen that step), else nil. The groups are lent (valid during the call).
  ///
  /// The stream is one `body` call on the current values, then `count − 1` advances through
  /// `advance(steps:each:)`, each followed by `body`, then the last advance without one: the
  /// three steppers with a stream loop of their own (cosine, OneCycleLR, CyclicLR) run it
  /// without a witness call or a uniqueness check per step.
  @inlinable
  public mutating func streamSteps(
    limit: Int = Int.max, _ body: (_ step: Int, _ groups: UnsafeBufferPointer<ParamGroup>) -> Void
  ) -> Raised? {
    let count = Swift.max(0, Swift.min(limit, totalSteps - step))
    guard count > 0 else { return nil }
    var k = step
    groups.withUnsafeBufferPointer { body(k, $0) }
    do {
      if count > 1 {
        try advance(steps: count - 1) { g in
          k &+= 1
          body(k, g)
        }
      }
      try advance()
    } catch {
      // Every advance moves `step` past the step it follows before its scheduler calls run.
      return (error, step - 1)
    }
    return nil
  }

  private mutating func advanceSteps(
    _ count: Int, _ body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?
  ) throws(ScheduleError) {
    guard count > 0 else { return }
    guard steppers.count == 1 else {
      for _ in 0..<count {
        try advance()
        if body != nil { groups.withUnsafeBufferPointer { body?($0) } }
      }
      return
    }
    var stepper = steppers.removeLast()
    defer { steppers.append(stepper) }
    try stepper.advanceRun(&self, steps: count, each: body)
  }

  /// The loop of `advance()` for one stepper of a known type (`Stepper.advanceRun`'s default,
  /// specialised per conformer), handing the groups to `observer` after each advance.
  @inline(__always)
  mutating func drive<S: Stepper, O: StepObserver>(_ stepper: inout S, _ count: Int, _ observer: inout O) throws(ScheduleError) {
    for _ in 0..<count {
      let (position, metric) = moveToNextStep()
      do {
        try stepper.afterOptimizerStep(&groups, at: position, metric: metric)
      } catch {
        if !isHeldWithoutRaising(error) { throw error }
      }
      if observer.observes { groups.withUnsafeBufferPointer { observer.observe($0) } }
    }
  }

  /// `count` steps of a stepper with a fast path: `usual(&stepper, &run, &observer, n)` runs up
  /// to `n` steps that raise nothing and returns how many it ran; each step it can't take goes
  /// through `drive` (`update`, as `advance()` runs it), then the fast path resumes.
  @inline(__always)
  mutating func driveInStretches<S: Stepper, O: StepObserver>(
    _ stepper: inout S, _ count: Int, _ observer: inout O,
    usual: (inout S, inout ScheduleRun, inout O, Int) -> Int
  ) throws(ScheduleError) {
    var left = count
    while left > 0 {
      left -= usual(&stepper, &self, &observer, left)
      if left > 0 {
        try drive(&stepper, 1, &observer)
        left -= 1
      }
    }
  }

  /// `forEachStep` for one stepper of a known type: `body(k, groups)`, then the calls
  /// `advance()` makes, `count` times.
  @usableFromInline
  mutating func forEachStepOpened<S: Stepper, E: Error>(
    _ stepper: inout S, _ count: Int, _ body: (_ step: Int, _ groups: [ParamGroup]) throws(E) -> Void
  ) throws(E) -> Raised? {
    for _ in 0..<count {
      let k = step
      try body(k, groups)
      let (position, metric) = moveToNextStep()
      do {
        try stepper.afterOptimizerStep(&groups, at: position, metric: metric)
      } catch {
        if !isHeldWithoutRaising(error) { return (error, k) }
      }
    }
    return nil
  }
}
