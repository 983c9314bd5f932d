// Schedule-engine benchmark: ns per scheduler step for 1,000,000 steps, one and ten
// param groups. Run by `make bench` (release build) through Scripts/bench.sh.
// `LRSchedBenchmarks memory-floor`: the time to read CIFAR-10's training pixels once, in order and
// in a shuffled image order — the floor under an epoch of `lrsched bench` (Scripts/bench-compare.sh).
#if canImport(Glibc)
  import Glibc
#endif
import CScheduleLoops
import LRSchedCore
import LRSchedSpec

@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// This thread's CPU time: the engine table is timed with it, so time the thread spent
/// descheduled on a shared machine does not count (it still pays for caches others evicted).
func cpuNow() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// One pass over 50,000 images of 3,072 bytes (in 2 MB pages, as the bench holds them), summing
/// every byte 32 at a time; best of 5, in ms.
func memoryFloor() {
  let n = 50_000
  let size = 3_072
  let huge = 2 << 20
  let bytes = n * size
  let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: huge)
  defer { raw.deallocate() }
  _ = madvise(raw, bytes / huge * huge, 14)  // MADV_HUGEPAGE
  fillPixels(raw, bytes)
  var order = Array(0..<n)
  var state: UInt64 = 1
  for i in stride(from: n - 1, to: 0, by: -1) {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    order.swapAt(i, Int(state >> 33) % (i + 1))
  }
  for (name, shuffled) in [("in order", false), ("shuffled image order", true)] {
    var best = Double.infinity
    var total: UInt64 = 0
    for _ in 0..<5 {
      let t0 = now()
      total &+= readImages(UnsafeRawPointer(raw), shuffled ? order : nil, n, size)
      best = min(best, now() - t0)
    }
    blackHole(total)
    print("memory floor: one pass over \(bytes) bytes of pixels, \(name): \(String(format: best * 1e3)) ms")
  }
}

@inline(never) func fillPixels(_ p: UnsafeMutableRawPointer, _ count: Int) {
  var x: UInt64 = 0x9E37_79B9_7F4A_7C15
  var o = 0
  while o + 8 <= count {
    x ^= x << 13
    x ^= x >> 7
    x ^= x << 17
    p.storeBytes(of: x, toByteOffset: o, as: UInt64.self)
    o += 8
  }
}

@inline(never) func readImages(_ base: UnsafeRawPointer, _ order: [Int]?, _ n: Int, _ size: Int) -> UInt64 {
  var total: UInt64 = 0
  for j in 0..<n {
    let image = base + (order?[j] ?? j) * size
    var s = SIMD4<UInt64>()
    var o = 0
    while o < size {
      s &+= image.loadUnaligned(fromByteOffset: o, as: SIMD4<UInt64>.self)
      o += 32
    }
    total &+= s.wrappedSum()
  }
  return total
}

if CommandLine.arguments.dropFirst().first == "memory-floor" {
  memoryFloor()
  exit(0)
}

let steps = 1_000_000
let cases: [(String, String)] = [
  ("CosineAnnealingLR (recursive)", "CosineAnnealingLR(T_max=\(steps))"),
  ("OneCycleLR", "OneCycleLR(max_lr=0.1, total_steps=\(steps))"),
  ("CyclicLR", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=2000)"),
]

/// The same recursion as a plain C loop (`CScheduleLoops`) on groups set up as the engine's are.
func cLoop(_ name: String, _ groups: [ParamGroup], _ n: Int) -> (Double, [csl_group]) {
  var g = groups.map {
    csl_group(
      lr: $0.lr, momentum: $0.momentum, initial_lr: $0.initial.lr ?? $0.lr, max_lr: $0.maxLR ?? 0, min_lr: $0.minLR ?? 0,
      max_momentum: $0.maxMomentum ?? 0, base_momentum: $0.baseMomentum ?? 0)
  }
  let t0 = cpuNow()
  g.withUnsafeMutableBufferPointer { p in
    let c = Int32(p.count)
    switch name {
    case "OneCycleLR": csl_onecycle(p.baseAddress, c, n, n)
    case "CyclicLR": csl_cyclic(p.baseAddress, c, n, 0.01, 0.1, 2000)
    default: csl_cosine(p.baseAddress, c, n, n)
    }
  }
  return (cpuNow() - t0, g)
}

print("schedule engine: \(steps) scheduler steps, best of 5 runs (thread CPU time); C loop: the same recursion in plain C, same runs")
print("name\tgroups\tns_per_step\tns_per_step_per_group\ttotal_ms\tadvance()_ns_per_step\tc_loop_ns_per_step\tratio_to_c")
for (name, spec) in cases {
  for groups in [1, 10] {
    let groupText = (0..<groups).map { _ in "{'lr': 0.1}" }.joined(separator: ", ")
    let opt = try OptimizerSpec.parse("SGD([\(groupText)], lr=0.1, momentum=0.9)")
    let plan = RunPlan(specs: [spec], optimizer: opt, epochs: 1, stepsPerEpoch: steps, stepOn: .batch)
    var best = Double.infinity
    var bestSingle = Double.infinity
    var bestC = Double.infinity
    var same = true
    for _ in 0..<5 {
      // The engine, many steps per call (how values, plot and bench read a run).
      var run = try plan.makeRun()
      let start = run.groups
      let t0 = cpuNow()
      try run.advance(steps: steps)
      best = min(best, cpuNow() - t0)
      // One `advance()` call per step.
      var single = try plan.makeRun()
      let t1 = cpuNow()
      while single.step < single.totalSteps { try single.advance() }
      bestSingle = min(bestSingle, cpuNow() - t1)
      let (tc, c) = cLoop(name, start, steps)
      bestC = min(bestC, tc)
      // The C loop must compute the very same values (else it is not the same recursion).
      for (e, x) in zip(run.groups, c) where e.lr.bitPattern != x.lr.bitPattern || e.momentum.bitPattern != x.momentum.bitPattern {
        same = false
      }
      if run.groups != single.groups { same = false }
      blackHole(run.groups)
    }
    let ns = best / Double(steps) * 1e9
    let nsC = bestC / Double(steps) * 1e9
    print(
      "\(name)\t\(groups)\t\(String(format: ns))\t\(String(format: ns / Double(groups)))\t\(String(format: best * 1e3))"
        + "\t\(String(format: bestSingle / Double(steps) * 1e9))\t\(String(format: nsC))\t\(String(format: ns / nsC))"
        + (same ? "" : "\tDIFFERENT VALUES"))
  }
}

extension String {
  init(format x: Double) {
    let scaled = (x * 100).rounded() / 100
    self = "\(scaled)"
  }
}
