import Testing

@testable import LRSchedBench

/// The trainer's read-ahead gives the same values, step by step, as calling the schedule after
/// every step, throws at the same step, and never advances the schedule more often than asked.
@Suite struct ScheduleLookaheadTests {
  /// Two groups whose values are a function of the step; `advance()` throws when leaving
  /// `failAfter` (if set); counts its advances.
  struct Probe: TrainingSchedule {
    var step = 0
    var advances = 0
    var failAfter: Int?
    var groupCount: Int { 2 }
    func hyperparameters(group: Int) -> StepHyperparameters {
      StepHyperparameters(lr: Double(step) + Double(group) / 10, momentum: Double(step % 7), beta1: 0.9, weightDecay: 0)
    }
    mutating func advance() throws {
      advances += 1
      if let f = failAfter, step == f { throw ProbeError(step: step) }
      step += 1
    }
  }
  struct ProbeError: Error, Equatable { var step: Int }

  static func read(_ s: Probe) -> (StepHyperparameters, StepHyperparameters) {
    (s.hyperparameters(group: 0), s.hyperparameters(group: 1))
  }

  /// (values before each of `steps` steps, step index of the error) through the read-ahead.
  func viaLookahead(_ s: inout Probe, advances: Int, steps: Int) -> ([StepHyperparameters], Int?) {
    var ahead = ScheduleLookahead(first: Self.read(s), advances: advances)
    var out: [StepHyperparameters] = []
    for k in 0..<steps {
      out.append(ahead.current.0)
      out.append(ahead.current.1)
      do { try ahead.advance { n, values in s.advance(upTo: n, second: 1, into: &values) } } catch {
        #expect(error as? ProbeError == ProbeError(step: k))
        return (out, k)
      }
    }
    return (out, nil)
  }

  func direct(_ s: inout Probe, steps: Int) -> ([StepHyperparameters], Int?) {
    var out: [StepHyperparameters] = []
    for k in 0..<steps {
      out.append(s.hyperparameters(group: 0))
      out.append(s.hyperparameters(group: 1))
      do { try s.advance() } catch { return (out, k) }
    }
    return (out, nil)
  }

  @Test(arguments: [
    (1_000, nil), (1_000, 300), (1_000, 0), (1_000, 127), (1_000, 128), (1_000, 129), (1_000, 999), (5, nil), (0, nil),
    // Around the chunk's end (4096 steps per refill).
    (9_000, nil), (9_000, 4095), (9_000, 4096), (9_000, 4097), (9_000, 8191), (9_000, 8192),
  ] as [(Int, Int?)])
  func sameValuesAndErrorStep(_ steps: Int, _ failAfter: Int?) {
    var a = Probe(failAfter: failAfter)
    var b = Probe(failAfter: failAfter)
    let x = direct(&a, steps: steps)
    let y = viaLookahead(&b, advances: steps, steps: steps)
    #expect(x.0 == y.0)
    #expect(x.1 == y.1)
    // Never advanced past what the trainer asked for (the read-ahead stops at an error).
    #expect(b.advances <= steps)
    if failAfter == nil { #expect(b.advances == steps) }
  }

  @Test func advancingPastTheAnnouncedCountGoesOneStepAtATime() {
    var s = Probe()
    var ahead = ScheduleLookahead(first: Self.read(s), advances: 3)
    var lrs: [Double] = []
    for _ in 0..<6 {
      lrs.append(ahead.current.0.lr)
      try? ahead.advance { n, values in s.advance(upTo: n, second: 1, into: &values) }
    }
    #expect(lrs == [0, 1, 2, 3, 4, 5])
    #expect(s.advances == 6)
  }

  @Test func trainerRecordsEveryStepsValueThroughTheReadAhead() throws {
    // Through the trainer: the lr of every step is the schedule's value at that step.
    let d = SyntheticCIFAR.generate(train: 64, test: 0, seed: 1)
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 1, batchSize: 32, seed: 1))
    var s = FunctionSchedule { StepHyperparameters(lr: 0.1 / Double($0 + 1)) }
    let r = try t.run(schedule: &s)
    #expect(r.lrs == [0.1, 0.05])
  }
}
