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

@Test(.enabled(if: getenv("LRSCHED_BENCH_PROBE") != nil))
func kernelProbe() throws {
  let ds = SyntheticCIFAR.generate(train: 50_000, test: 0, seed: 0)
  let net = TwoNeuronNet(stats: ds.stats, seed: 0)
  let buf = UnsafeMutablePointer<Float>.allocate(capacity: 3072)
  let g = UnsafeMutablePointer<Float>.allocate(capacity: TwoNeuronNet.parameterCount)
  g.initialize(repeating: 0, count: TwoNeuronNet.parameterCount)
  var s: Float = 0
  var t = monotonicNanos()
  for i in 0..<50_000 { net.normalize(ds.train.image(i), into: buf); s += buf[i % 3072] }
  print("normalize", Double(monotonicNanos() - t) * 1e-9, s)
  t = monotonicNanos()
  for i in 0..<50_000 { buf[i % 3072] = Float(i); let (a, b) = TwoNeuronNet.dot2(buf, net.parameters); s += a + b }
  print("dot2", Double(monotonicNanos() - t) * 1e-9, s)
  t = monotonicNanos()
  for i in 0..<50_000 { let r = net.head(h0: Float(i % 7) - 3, h1: 0.5, label: i % 10, invBatch: 1.0 / 128, grad: g); s += r.loss }
  print("head", Double(monotonicNanos() - t) * 1e-9, s)
}

@Test(.enabled(if: getenv("LRSCHED_BENCH_PROBE") != nil))
func orderProbe() throws {
  let ds = SyntheticCIFAR.generate(train: 50_000, test: 0, seed: 0)
  let net = TwoNeuronNet(stats: ds.stats, seed: 0)
  let buf = UnsafeMutablePointer<Float>.allocate(capacity: 3072)
  var s: Float = 0
  var rng = Xoshiro256(seed: 1)
  var order = Array(0..<50_000)
  order.shuffle(using: &rng)
  for _ in 0..<2 {
    var t = monotonicNanos()
    for i in 0..<50_000 { net.normalize(ds.train.image(i), into: buf); s += buf[i % 3072] }
    print("seq normalize", Double(monotonicNanos() - t) * 1e-9, s)
    t = monotonicNanos()
    for i in order { net.normalize(ds.train.image(i), into: buf); s += buf[i % 3072] }
    print("rand normalize", Double(monotonicNanos() - t) * 1e-9, s)
    t = monotonicNanos()
    var q: UInt64 = 0
    for i in order { let p = UnsafeRawPointer(ds.train.image(i)); for k in 0..<384 { q &+= p.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self) } }
    print("rand read", Double(monotonicNanos() - t) * 1e-9, q)
  }
}

@Test(.enabled(if: getenv("LRSCHED_BENCH_PROBE") != nil))
func engineProbe() throws {
  let ds = SyntheticCIFAR.generate(train: 50_000, test: 0, seed: 0)
  let net = TwoNeuronNet(stats: ds.stats, seed: 0)
  let engine = BatchEngine(net: net, threads: 1, maxBatch: 128)
  let idx = (0..<Int32(50_000)).map { $0 }
  let g = UnsafeMutablePointer<Float>.allocate(capacity: TwoNeuronNet.parameterCount)
  g.initialize(repeating: 0, count: TwoNeuronNet.parameterCount)
  let buf = UnsafeMutablePointer<Float>.allocate(capacity: 8 * 3072)
  for _ in 0..<2 {
    var t = monotonicNanos()
    var f: UInt64 = 0
    idx.withUnsafeBufferPointer { p in
      for b in 0..<390 { f += engine.lossAndGradient(ds.train, p.baseAddress! + 128 * b, count: 128).forwardNanos }
    }
    print("engine", Double(monotonicNanos() - t) * 1e-9, "fwd", Double(f) * 1e-9)
    t = monotonicNanos()
    var s: Float = 0
    for i in 0..<49_920 {
      let x = buf + (i % 8) * 3072
      net.normalize(ds.train.image(i), into: x)
      let (a, b) = TwoNeuronNet.dot2(x, net.parameters)
      let r = net.head(h0: a, h1: b, label: ds.train.label(i), invBatch: 1.0 / 128, grad: g)
      s += r.loss
    }
    print("manual fwd", Double(monotonicNanos() - t) * 1e-9, s)
  }
  engine.stop()
}
