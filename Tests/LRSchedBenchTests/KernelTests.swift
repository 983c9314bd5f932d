import Testing
import LRSchedKernels
@testable import LRSchedBench

@Suite struct KernelTests {
  /// Deterministic pseudo-random bytes and weights (an LCG; values independent of the code under test).
  struct Data {
    var images: [UInt8]
    var weights: [Float]
    var d0: [Float]
    var d1: [Float]
    init(images n: Int, seed: UInt64) {
      var s = seed
      func next() -> UInt64 {
        s = s &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return s >> 11
      }
      images = (0..<(n * 3072)).map { _ in UInt8(truncatingIfNeeded: next()) }
      weights = (0..<6144).map { _ in Float(Double(next() % 2_000_001) / 1e6 - 1) * 0.01 }
      d0 = (0..<n).map { _ in Float(Double(next() % 2_001) / 1000 - 1) }
      d1 = (0..<n).map { _ in Float(Double(next() % 2_001) / 1000 - 1) }
    }
  }

  func dots(_ k: KernelSet, _ d: Data, _ i: Int) -> (Float, Float) {
    d.images.withUnsafeBufferPointer { x in d.weights.withUnsafeBufferPointer { w in k.dotU8(x.baseAddress! + i * 3072, w.baseAddress!) } }
  }

  @Test func prefetchingDotGivesTheSameBits() {
    let d = Data(images: 6, seed: 4)
    for k in [KernelSet.baseline] + (CPUFeatures.haswellLevel ? [.avx2] : []) {
      for i in 0..<5 {
        let plain = dots(k, d, i)
        let ahead = d.images.withUnsafeBufferPointer { x in
          d.weights.withUnsafeBufferPointer { w in
            k.dotU8Prefetching(x.baseAddress! + i * 3072, w.baseAddress!, x.baseAddress! + (i + 1) * 3072)
          }
        }
        #expect(plain.0.bitPattern == ahead.0.bitPattern && plain.1.bitPattern == ahead.1.bitPattern, "\(k.name) \(i)")
      }
    }
  }

  func rank(_ k: KernelSet, _ d: Data, _ n: Int) -> [Float] {
    var g = [Float](repeating: .nan, count: 6144)
    d.images.withUnsafeBufferPointer { x in
      let ptrs = (0..<n).map { UnsafePointer(x.baseAddress! + ($0 * 7 % max(n, 1)) * 3072) }
      ptrs.withUnsafeBufferPointer { p in
        d.d0.withUnsafeBufferPointer { a in
          d.d1.withUnsafeBufferPointer { b in
            g.withUnsafeMutableBufferPointer { k.rankUpdateU8(p.baseAddress!, a.baseAddress!, b.baseAddress!, n, $0.baseAddress!) }
          }
        }
      }
    }
    return g
  }

  @Test func dotProductsMatchADoubleReference() {
    let d = Data(images: 8, seed: 1)
    for i in 0..<8 {
      var r0 = 0.0
      var r1 = 0.0
      for p in 0..<3072 {
        r0 += Double(d.images[i * 3072 + p]) * Double(d.weights[p])
        r1 += Double(d.images[i * 3072 + p]) * Double(d.weights[3072 + p])
      }
      for k in [KernelSet.baseline] + (CPUFeatures.haswellLevel ? [.avx2] : []) {
        let h = dots(k, d, i)
        #expect(abs(Double(h.0) - r0) <= 1e-4 * max(1, abs(r0)), "\(k.name) image \(i)")
        #expect(abs(Double(h.1) - r1) <= 1e-4 * max(1, abs(r1)), "\(k.name) image \(i)")
      }
    }
  }

  @Test func rankUpdateMatchesADoubleReference() {
    let n = 37  // not a multiple of anything the kernels block by
    let d = Data(images: n, seed: 2)
    for k in [KernelSet.baseline] + (CPUFeatures.haswellLevel ? [.avx2] : []) {
      let g = rank(k, d, n)
      for p in stride(from: 0, to: 3072, by: 97) {
        var r0 = 0.0
        var r1 = 0.0
        for s in 0..<n {
          let x = Double(d.images[(s * 7 % n) * 3072 + p])
          r0 += Double(d.d0[s]) * x
          r1 += Double(d.d1[s]) * x
        }
        #expect(abs(Double(g[p]) - r0) <= 1e-4 * max(1, abs(r0)), "\(k.name) pixel \(p)")
        #expect(abs(Double(g[3072 + p]) - r1) <= 1e-4 * max(1, abs(r1)), "\(k.name) pixel \(p)")
      }
    }
  }

  @Test(.enabled(if: CPUFeatures.haswellLevel, "needs an AVX2 CPU"))
  func avx2AndBaselineAreBitIdentical() {
    let n = 64
    let d = Data(images: n, seed: 3)
    for i in 0..<n {
      let a = dots(.baseline, d, i)
      let b = dots(.avx2, d, i)
      #expect(a.0.bitPattern == b.0.bitPattern && a.1.bitPattern == b.1.bitPattern, "image \(i)")
    }
    for m in [0, 1, 5, 64] {
      #expect(rank(.baseline, d, m).map(\.bitPattern) == rank(.avx2, d, m).map(\.bitPattern), "n = \(m)")
    }
  }

  /// torch's `_single_tensor_sgd` for one element, written out (float32 operations).
  func sgdReference(p: inout Float, g: Float, b: inout Float, _ k: SGDStep) {
    var d = g
    if k.useWeightDecay { d = d + k.weightDecay * p }
    if k.useMomentum {
      b = k.first ? d : b * k.momentum + k.dampeningComplement * d
      d = k.nesterov ? d + k.momentum * b : b
    }
    p = p + k.negLR * d
  }

  @Test func sgdEveryFlagCombinationMatchesTheFormula() {
    let n = 37  // a SIMD part and a tail for both widths
    let d = Data(images: 1, seed: 5)
    let p0 = Array(d.weights.prefix(n)).map { $0 * 100 }
    let g = Array(d.weights.suffix(n)).map { $0 * 10 }
    let b0 = d.d0.count >= n ? Array(d.d0.prefix(n)) : (0..<n).map { Float($0) * 0.01 - 0.2 }
    for combo in 0..<16 {
      let k = SGDStep(
        weightDecay: 0.05, momentum: 0.9, dampeningComplement: 0.75, negLR: -0.1, useWeightDecay: combo & 1 != 0,
        useMomentum: combo & 2 != 0, first: combo & 4 != 0, nesterov: combo & 8 != 0)
      var rp = p0
      var rb = b0
      for i in 0..<n { sgdReference(p: &rp[i], g: g[i], b: &rb[i], k) }
      for set in [KernelSet.baseline] + (CPUFeatures.haswellLevel ? [.avx2] : []) {
        var kp = p0
        var kb = b0
        kp.withUnsafeMutableBufferPointer { pp in
          g.withUnsafeBufferPointer { gg in
            kb.withUnsafeMutableBufferPointer { bb in set.sgd(pp.baseAddress!, gg.baseAddress!, bb.baseAddress!, n, k) }
          }
        }
        #expect(kp.map(\.bitPattern) == rp.map(\.bitPattern), "\(set.name) flags \(combo)")
        #expect(kb.map(\.bitPattern) == rb.map(\.bitPattern), "\(set.name) flags \(combo)")
      }
    }
  }

  /// torch's `_single_tensor_adam` for one element, written out (float32 operations).
  func adamReference(p: inout Float, g: Float, m: inout Float, v: inout Float, _ k: AdamStep) {
    var d = g
    if k.useWeightDecay {
      if k.decoupled { p = p * k.decay } else { d = d + k.weightDecay * p }
    }
    m = k.small ? m + k.w * (d - m) : d - (d - m) * k.oneMinusW
    v = v * k.beta2 + k.oneMinusBeta2 * d * d
    let denom = v.squareRoot() / k.bc2Sqrt + k.eps
    p = p + k.negStepSize * (m / denom)
  }

  @Test func adamEveryFlagCombinationMatchesTheFormula() {
    let n = 37
    let d = Data(images: 1, seed: 6)
    let p0 = Array(d.weights.prefix(n)).map { $0 * 100 }
    let g = Array(d.weights.suffix(n)).map { $0 * 10 }
    let m0 = (0..<n).map { Float($0) * 0.003 - 0.05 }
    let v0 = (0..<n).map { Float($0) * 1e-4 }
    for combo in 0..<8 {
      let w: Float = combo & 4 != 0 ? 0.1 : 0.7  // both of torch's lerp forms
      let k = AdamStep(
        decay: 0.999, weightDecay: 0.01, useWeightDecay: combo & 1 != 0, decoupled: combo & 2 != 0, w: w,
        oneMinusW: 1 - w, small: abs(w) < 0.5, beta2: 0.999, oneMinusBeta2: 0.001, bc2Sqrt: 0.05, eps: 1e-8,
        negStepSize: -0.01)
      var rp = p0
      var rm = m0
      var rv = v0
      for i in 0..<n { adamReference(p: &rp[i], g: g[i], m: &rm[i], v: &rv[i], k) }
      for set in [KernelSet.baseline] + (CPUFeatures.haswellLevel ? [.avx2] : []) {
        var kp = p0
        var km = m0
        var kv = v0
        kp.withUnsafeMutableBufferPointer { pp in
          g.withUnsafeBufferPointer { gg in
            km.withUnsafeMutableBufferPointer { mm in
              kv.withUnsafeMutableBufferPointer { vv in
                set.adam(pp.baseAddress!, gg.baseAddress!, mm.baseAddress!, vv.baseAddress!, n, k)
              }
            }
          }
        }
        #expect(kp.map(\.bitPattern) == rp.map(\.bitPattern), "\(set.name) flags \(combo)")
        #expect(km.map(\.bitPattern) == rm.map(\.bitPattern), "\(set.name) flags \(combo)")
        #expect(kv.map(\.bitPattern) == rv.map(\.bitPattern), "\(set.name) flags \(combo)")
      }
    }
  }

  func train(_ kernels: KernelChoice, threads: Int, stopAt: Int? = nil) throws -> ([Double], [Float], Int) {
    let d = SyntheticCIFAR.generate(train: 400, test: 50, seed: 2)
    let t = try Trainer(
      dataset: d, config: TrainingConfig(epochs: 2, batchSize: 50, threads: threads, seed: 4, kernels: kernels))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
    let stop = StopFlag()
    var batches = 0
    let r = try t.run(
      schedule: &s, stop: stop,
      progress: { _, _, _ in
        batches += 1
        if batches == stopAt { stop.request() }
      })
    #expect(r.kernels == t.kernels.name)
    return (r.epochs.flatMap { [$0.trainLoss, $0.testLoss!] }, t.net.parameterArray, r.epochs.count)
  }

  @Test func trainingDoesNotDependOnKernelsOrThreads() throws {
    let base = try train(.baseline, threads: 1)
    let auto = try train(.auto, threads: 1)
    let threaded = try train(.auto, threads: 3)
    #expect(base.0 == auto.0 && base.1 == auto.1)
    #expect(base.0 == threaded.0 && base.1 == threaded.1)
    // Interrupted mid-epoch (the Ctrl-C path): the run ends normally with the completed epoch.
    let cut = try train(.auto, threads: 1, stopAt: 11)  // 8 batches per epoch
    #expect(cut.2 == 1 && cut.0 == Array(base.0.prefix(2)))
  }

  @Test func selection() throws {
    #expect(try KernelSet.select(.baseline).name == "baseline")
    #expect(try KernelSet.select(.auto).name == (CPUFeatures.haswellLevel ? "avx2" : "baseline"))
    if CPUFeatures.haswellLevel {
      #expect(try KernelSet.select(.avx2).name == "avx2")
    } else {
      #expect(throws: BenchError.self) { try KernelSet.select(.avx2) }
    }
  }

  @Test func prefetchIsOnlyAHint() {
    // Never faults: a null-page address, an unmapped-looking high address, a buffer's last byte.
    let buf = UnsafeMutableRawPointer.allocate(byteCount: 100, alignment: 1)
    defer { buf.deallocate() }
    Prefetch.read(UnsafeRawPointer(bitPattern: 64)!)
    Prefetch.read(UnsafeRawPointer(bitPattern: 0x7fff_ffff_f000)!)
    Prefetch.read(buf + 99)
  }
}
