import LRSchedBench
import LRSchedCore
import LRSchedSpec
import Testing

@testable import LRSchedCLI

/// The bench's buffered view of the engine gives the trainer the same values, step by step, as
/// the run itself, and a scheduler error at the same step.
@Suite struct EngineScheduleTests {
  func run(_ spec: String, optimizer: String, epochs: Int, steps: Int) throws -> ScheduleRun {
    try RunPlan(
      specs: [spec], optimizer: try OptimizerSpec.parse(optimizer), epochs: epochs, stepsPerEpoch: steps,
      stepOn: .batch, strict: false
    ).makeRun()
  }

  /// What the trainer sees: values before each step, then advance; stops at the first error.
  func trainerView(_ s: inout some TrainingSchedule, steps: Int) -> (values: [[StepHyperparameters]], errorAt: Int?) {
    var out: [[StepHyperparameters]] = []
    for k in 0..<steps {
      out.append((0..<s.groupCount).map { s.hyperparameters(group: $0) })
      do { try s.advance() } catch { return (out, k) }
    }
    return (out, nil)
  }

  struct Direct: TrainingSchedule {
    var run: ScheduleRun
    var groupCount: Int { run.groups.count }
    func hyperparameters(group: Int) -> StepHyperparameters {
      let g = run.groups[group]
      return StepHyperparameters(lr: g.lr, momentum: g.momentum, beta1: g.beta1, weightDecay: g.weightDecay)
    }
    mutating func advance() throws { try run.advance() }
  }

  @Test(arguments: [
    // Longer than several buffer refills, two groups with their own lr and momentum.
    ("OneCycleLR(max_lr=[0.1, 0.05], epochs=3, steps_per_epoch=301)", "SGD([{'lr': 0.1}, {'lr': 0.05, 'momentum': 0.8}], momentum=0.9)", 3, 301),
    // Raises at step 300 of 400 (torch: "Tried to step 301 times…"), mid-buffer.
    ("OneCycleLR(max_lr=0.1, total_steps=300)", "SGD(lr=0.1, momentum=0.9)", 4, 100),
    // Raises right at a refill boundary.
    ("OneCycleLR(max_lr=0.1, total_steps=\(EngineSchedule.chunk))", "SGD(lr=0.1, momentum=0.9)", 2, EngineSchedule.chunk),
    ("CosineAnnealingWarmRestarts(T_0=7, T_mult=2)", "Adam(lr=0.001)", 5, 97),
  ])
  func sameValuesAndErrorStep(_ spec: String, _ optimizer: String, _ epochs: Int, _ steps: Int) throws {
    var direct = Direct(run: try run(spec, optimizer: optimizer, epochs: epochs, steps: steps))
    var buffered = EngineSchedule(run: try run(spec, optimizer: optimizer, epochs: epochs, steps: steps))
    let a = trainerView(&direct, steps: epochs * steps)
    let b = trainerView(&buffered, steps: epochs * steps)
    #expect(a.values.count == b.values.count)
    #expect(a.values == b.values)
    #expect(a.errorAt == b.errorAt)
  }

  @Test func errorCaseReallyRaises() throws {
    var s = EngineSchedule(run: try run("OneCycleLR(max_lr=0.1, total_steps=300)", optimizer: "SGD(lr=0.1)", epochs: 4, steps: 100))
    #expect(trainerView(&s, steps: 400).errorAt != nil)
  }

  @Test func advancingPastThePlanStillWorks() throws {
    // The trainer never does this, but the buffer must not stall: it advances one step at a time.
    var s = EngineSchedule(run: try run("StepLR(step_size=2, gamma=0.5)", optimizer: "SGD(lr=1.0)", epochs: 1, steps: 3))
    let v = trainerView(&s, steps: 6).values.map { $0[0].lr }
    #expect(v == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25])
  }
}
