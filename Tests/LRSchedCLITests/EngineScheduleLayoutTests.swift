import LRSchedBench
import Testing

@testable import LRSchedCLI

/// The bench's read-ahead has the engine write each step's values straight into its slots as
/// 8 doubles (`StepRecorder`): a slot must be laid out that way, and what lands in it must be the
/// run's values field by field.
@Suite struct EngineScheduleLayoutTests {
  @Test func aSlotIsEightDoublesInFieldOrder() {
    #expect(EngineSchedule.recordsInPlace)
    let h = StepHyperparameters(lr: 1, momentum: 2, beta1: 3, weightDecay: 4)
    let g = StepHyperparameters(lr: 5, momentum: 6, beta1: 7, weightDecay: 8)
    let doubles = withUnsafeBytes(of: (h, g)) { Array($0.bindMemory(to: Double.self)) }
    #expect(doubles == [1, 2, 3, 4, 5, 6, 7, 8])
  }
}
