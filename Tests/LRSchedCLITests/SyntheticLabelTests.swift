import LRSchedBench
import LRSchedCharts
import Testing

@testable import LRSchedCLI

/// Without a cache, bench trains on built-in synthetic data; its summary line, JSON `data` field
/// and plot title must say so (the end-to-end run needs the full 60,000-image set, so the pieces
/// are checked here on a small synthetic set with the same origin).
@Suite struct SyntheticLabelTests {
  @Test func syntheticDataIsNamedEverywhere() throws {
    let d = SyntheticCIFAR.generate(train: 60, test: 20, seed: 0)
    #expect(d.origin == .synthetic(seed: 0))
    #expect(BenchData.describe(d.origin) == "synthetic data (seed 0)")
    let note = BenchData.syntheticNote(d.origin)
    #expect(note?.hasPrefix("synthetic data (seed 0): no CIFAR-10 cache at ") == true)
    #expect(BenchData.syntheticNote(.cache(path: "/x.cache")) == nil)
    #expect(BenchData.syntheticNote(.folder(path: "/x")) == nil)
    var schedule = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
    let run = try Trainer(dataset: d, config: TrainingConfig(epochs: 1, batchSize: 20)).run(schedule: &schedule)
    let title = BenchCharts.bench(run, sched: "onecycle", data: BenchData.describe(d.origin)).title
    #expect(title == "lrsched bench: onecycle, 60 images of synthetic data (seed 0)")
    #expect(BenchCharts.bench(run, sched: "onecycle").title == "lrsched bench: onecycle, 60 images")
  }
}
