// Schedule-engine benchmark: ns per scheduler step for 1,000,000 steps, one and ten
// param groups. Run by `make bench` (release build) through Scripts/bench.sh.
#if canImport(Glibc)
  import Glibc
#endif
import LRSchedCore
import LRSchedSpec

@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

let steps = 1_000_000
let cases: [(String, String)] = [
  ("CosineAnnealingLR (recursive)", "CosineAnnealingLR(T_max=\(steps))"),
  ("OneCycleLR", "OneCycleLR(max_lr=0.1, total_steps=\(steps))"),
  ("CyclicLR", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2000)"),
]
print("schedule engine: \(steps) scheduler steps, best of 5 runs")
print("name\tgroups\tns_per_step\tns_per_step_per_group\ttotal_ms")
for (name, spec) in cases {
  for groups in [1, 10] {
    let groupText = (0..<groups).map { _ in "{'lr': 0.1}" }.joined(separator: ", ")
    let opt = try OptimizerSpec.parse("SGD([\(groupText)], lr=0.1, momentum=0.9)")
    var best = Double.infinity
    for _ in 0..<5 {
      let plan = RunPlan(specs: [spec], optimizer: opt, epochs: 1, stepsPerEpoch: steps, stepOn: .batch)
      var run = try plan.makeRun()
      let t0 = now()
      while run.step < run.totalSteps { try run.advance() }
      let t = now() - t0
      blackHole(run.current)
      best = min(best, t)
    }
    let ns = best / Double(steps) * 1e9
    print("\(name)\t\(groups)\t\(String(format: ns))\t\(String(format: ns / Double(groups)))\t\(String(format: best * 1e3))")
  }
}

extension String {
  init(format x: Double) {
    let scaled = (x * 100).rounded() / 100
    self = "\(scaled)"
  }
}
