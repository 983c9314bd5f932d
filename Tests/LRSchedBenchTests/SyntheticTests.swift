import Testing
@testable import LRSchedBench

@Suite struct SyntheticTests {
  @Test func deterministicForASeed() {
    let a = SyntheticCIFAR.generate(train: 50, test: 10, seed: 7)
    let b = SyntheticCIFAR.generate(train: 50, test: 10, seed: 7)
    let c = SyntheticCIFAR.generate(train: 50, test: 10, seed: 8)
    #expect(splitBytes(a.train) == splitBytes(b.train))
    #expect(splitLabels(a.test) == splitLabels(b.test))
    #expect(splitBytes(a.train) != splitBytes(c.train))
    // The first images do not depend on how many are generated.
    let small = SyntheticCIFAR.generate(train: 5, test: 0, seed: 7)
    #expect(splitBytes(small.train) == Array(splitBytes(a.train).prefix(5 * 3072)))
  }

  @Test func allClassesAppear() {
    let d = SyntheticCIFAR.generate(train: 1000, test: 0, seed: 1)
    let h = DatasetInfo.histogram(d.train)
    #expect(h.allSatisfy { $0 > 50 })
  }

  @Test func learnableByTheTwoNeuronNet() throws {
    let d = SyntheticCIFAR.generate(train: 2000, test: 500, seed: 11)
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 2, batchSize: 32, seed: 1))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
    let run = try t.run(schedule: &s)
    let acc = run.epochs.last!.testAccuracy!
    #expect(acc > 0.3, "test accuracy \(acc) should be clearly above chance (0.1)")
    #expect(run.epochs.last!.trainLoss < run.epochs.first!.trainLoss)
  }
}
