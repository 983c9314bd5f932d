/// What a batch entry point (`Stepper.advanceRun`) hands the groups to after each advance.
///
/// The entry points' loops are generic over it, so a concrete observer's `observe` is compiled
/// into the loop: `StepRecorder` (the bench's read-ahead) costs a few stores per step where a
/// closure costs an opaque call, which also makes the loop keep its state in memory
/// (docs/bench.md, "t_sch").
public protocol StepObserver {
  /// Whether `observe` does anything (the loops skip lending the groups when it does not).
  var observes: Bool { get }
  mutating func observe(_ groups: UnsafeBufferPointer<ParamGroup>)
}

/// A stepper with a stream loop of its own (cosine, OneCycleLR, CyclicLR), generic over what
/// observes each step: both of `Stepper`'s batch entry points come from `observedRun`, each
/// compiled with its observer inlined.
public protocol StreamLoopStepper: Stepper {
  /// What `run.advance()` does `count` times, handing the groups to `observer` after each.
  mutating func observedRun<O: StepObserver>(_ run: inout ScheduleRun, _ count: Int, _ observer: inout O) throws(ScheduleError)
}

extension StreamLoopStepper {
  public mutating func advanceRun(
    _ run: inout ScheduleRun, steps count: Int, each body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?
  ) throws(ScheduleError) {
    var callback = StepCallback(body)
    try observedRun(&run, count, &callback)
  }

  public mutating func advanceRun(
    _ run: inout ScheduleRun, steps count: Int, recording: inout StepRecorder
  ) throws(ScheduleError) {
    try observedRun(&run, count, &recording)
  }
}

/// A closure, or nothing (`advance(steps:)`).
public struct StepCallback: StepObserver {
  let body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?

  public init(_ body: ((UnsafeBufferPointer<ParamGroup>) -> Void)?) { self.body = body }

  public var observes: Bool { body != nil }

  @inline(__always)
  public mutating func observe(_ groups: UnsafeBufferPointer<ParamGroup>) {
    body?(groups)  // not `if let`: that copies (retains) the closure every step
  }
}

/// Writes, after each advance, the lr, momentum, beta1 and weight decay of group 0 and of group
/// `second` into the next 8 doubles at `slots` (the training benchmark's read-ahead buffer).
public struct StepRecorder: StepObserver {
  public let slots: UnsafeMutablePointer<Double>
  public let second: Int
  /// Steps recorded so far (`8 × written` doubles).
  public private(set) var written = 0

  /// `slots` must hold 8 doubles for every step the run will advance.
  public init(slots: UnsafeMutablePointer<Double>, second: Int) {
    self.slots = slots
    self.second = second
  }

  public var observes: Bool { true }

  @inline(__always)
  public mutating func observe(_ groups: UnsafeBufferPointer<ParamGroup>) {
    // Field by field through the pointer: a whole `ParamGroup` (~200 bytes) is never copied.
    let p = slots + 8 &* written
    let a = groups.baseAddress!
    let b = a + second
    p[0] = a.pointee.lr
    p[1] = a.pointee.momentum
    p[2] = a.pointee.beta1
    p[3] = a.pointee.weightDecay
    p[4] = b.pointee.lr
    p[5] = b.pointee.momentum
    p[6] = b.pointee.beta1
    p[7] = b.pointee.weightDecay
    written &+= 1
  }
}
