import Testing
@testable import LRSchedBench
#if canImport(Glibc)
import Glibc
#endif

/// Not a test of speed (tests never assert on time): with `LRSCHED_BENCH_PROBE=1` it prints a
/// short real-size run, for `Scripts/bench-probe.sh` before/without the CLI.
@Test(.enabled(if: getenv("LRSCHED_BENCH_PROBE") != nil))
func benchProbe() throws {
  let t0 = monotonicNanos()
  let ds = SyntheticCIFAR.generate(train: 50_000, test: 10_000, seed: 0)
  print("synthetic 50000+10000 generated in", Double(monotonicNanos() - t0) * 1e-9, "s")
  let threads = Int(String(cString: getenv("LRSCHED_THREADS") ?? strdup("1"))) ?? 1
  let trainer = try Trainer(dataset: ds, config: TrainingConfig(epochs: 3, threads: threads))
  var sched = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
  let run = try trainer.run(schedule: &sched, onEpoch: { print(BenchReport.epochLine($0, epochs: 3)) })
  for l in BenchReport.summaryLines(run) { print(l) }
}
