#if canImport(Glibc)
import Glibc
#endif

/// Monotonic nanoseconds (`clock_gettime(CLOCK_MONOTONIC)`, a vDSO call of ~20 ns).
@inline(__always)
public func monotonicNanos() -> UInt64 {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
}

/// Loss, gradient and evaluation over batches, split across threads.
///
/// A batch is cut into `partitions` (4) fixed, contiguous sample ranges, each with its own
/// gradient slot; the slots are summed in order 0, 1, 2, 3. Threads only decide who computes
/// which partition, so losses and weights are bit-identical for every `--threads` value.
/// Inside a partition, samples go in groups of 8: forward for the group (pixels normalised into a
/// scratch buffer, two dot products, the head), then backward for the group (two `axpy` into the
/// slot's `W1` gradient from the still-cached scratch). The two parts are timed separately.
final class BatchEngine: @unchecked Sendable {
  static let partitions = 4
  static let group = 8

  let net: TwoNeuronNet
  let pool: WorkerPool
  let maxBatch: Int
  let grad: UnsafeMutablePointer<Float>
  let slots: UnsafeMutablePointer<Float>
  let scratch: UnsafeMutablePointer<Float>
  let losses: UnsafeMutablePointer<Float>
  let correct: UnsafeMutablePointer<UInt8>
  let phaseNanos: UnsafeMutablePointer<UInt64>  // per partition: forward, backward

  init(net: TwoNeuronNet, threads: Int, maxBatch: Int) {
    self.net = net
    pool = WorkerPool(threads: min(max(threads, 1), Self.partitions))
    self.maxBatch = max(maxBatch, 1)
    let n = TwoNeuronNet.parameterCount
    grad = .allocate(capacity: n)
    grad.initialize(repeating: 0, count: n)
    slots = .allocate(capacity: n * Self.partitions)
    slots.initialize(repeating: 0, count: n * Self.partitions)
    scratch = .allocate(capacity: pool.count * Self.group * TwoNeuronNet.inputs)
    scratch.initialize(repeating: 0, count: pool.count * Self.group * TwoNeuronNet.inputs)
    losses = .allocate(capacity: self.maxBatch)
    correct = .allocate(capacity: self.maxBatch)
    phaseNanos = .allocate(capacity: 2 * Self.partitions)
  }

  func stop() { pool.stop() }

  deinit {
    grad.deallocate()
    slots.deallocate()
    scratch.deallocate()
    losses.deallocate()
    correct.deallocate()
    phaseNanos.deallocate()
  }

  struct BatchResult {
    var lossSum: Double
    var correct: Int
    var forwardNanos: UInt64
    var backwardNanos: UInt64
  }

  /// Mean-loss gradient of the batch `indices[0..<count]` of `split` into `grad`.
  func lossAndGradient(_ split: CIFAR10Split, _ indices: UnsafePointer<Int32>, count: Int) -> BatchResult {
    precondition(count <= maxBatch)
    let start = monotonicNanos()
    let threads = pool.count
    pool.run { [self] t in
      var p = t
      while p < Self.partitions {
        partition(p, split, indices, count, scratch + t * Self.group * TwoNeuronNet.inputs)
        p += threads
      }
    }
    let mid = monotonicNanos()
    // Reduce the slots in a fixed order.
    let n = TwoNeuronNet.parameterCount
    let s0 = slots
    let s1 = slots + n
    let s2 = slots + 2 * n
    let s3 = slots + 3 * n
    for i in 0..<n { grad[i] = ((s0[i] + s1[i]) + s2[i]) + s3[i] }
    var lossSum = 0.0
    var hits = 0
    for i in 0..<count {
      lossSum += Double(losses[i])
      hits += Int(correct[i])
    }
    let end = monotonicNanos()
    // Wall time of the parallel part, split by the threads' own forward/backward times.
    var f: UInt64 = 0
    var b: UInt64 = 0
    for p in 0..<Self.partitions {
      f += phaseNanos[2 * p]
      b += phaseNanos[2 * p + 1]
    }
    let wall = mid - start
    let fwd = f + b == 0 ? wall : UInt64(Double(wall) * Double(f) / Double(f + b))
    return BatchResult(lossSum: lossSum, correct: hits, forwardNanos: fwd, backwardNanos: wall - fwd + (end - mid))
  }

  private func partition(
    _ p: Int, _ split: CIFAR10Split, _ indices: UnsafePointer<Int32>, _ count: Int, _ buffer: UnsafeMutablePointer<Float>
  ) {
    let n = TwoNeuronNet.parameterCount
    let slot = slots + p * n
    slot.update(repeating: 0, count: n)
    let lo = count * p / Self.partitions
    let hi = count * (p + 1) / Self.partitions
    let invBatch = 1 / Float(count)
    var fwd: UInt64 = 0
    var bwd: UInt64 = 0
    var dh0 = SIMD8<Float>()
    var dh1 = SIMD8<Float>()
    var i = lo
    while i < hi {
      let m = min(Self.group, hi - i)
      let t0 = monotonicNanos()
      for k in 0..<m {
        let idx = Int(indices[i + k])
        let r = Self.forwardOne(net, split.image(idx), split.label(idx), buffer + k * TwoNeuronNet.inputs, invBatch, slot)
        losses[i + k] = r.loss
        correct[i + k] = r.correct ? 1 : 0
        dh0[k] = r.dh0
        dh1[k] = r.dh1
      }
      let t1 = monotonicNanos()
      for k in 0..<m {
        TwoNeuronNet.axpy2(buffer + k * TwoNeuronNet.inputs, dh0[k], dh1[k], slot)
      }
      let t2 = monotonicNanos()
      fwd += t1 - t0
      bwd += t2 - t1
      i += m
    }
    phaseNanos[2 * p] = fwd
    phaseNanos[2 * p + 1] = bwd
  }

  @inline(never)
  static func forwardOne(
    _ net: TwoNeuronNet, _ image: UnsafePointer<UInt8>, _ label: Int, _ x: UnsafeMutablePointer<Float>, _ invBatch: Float,
    _ slot: UnsafeMutablePointer<Float>
  ) -> (loss: Float, correct: Bool, dh0: Float, dh1: Float) {
    net.normalize(image, into: x)
    let w = net.parameters
    let (a, b) = TwoNeuronNet.dot2(x, w)
    return net.head(
      h0: a + w[TwoNeuronNet.b1.lowerBound], h1: b + w[TwoNeuronNet.b1.lowerBound + 1], label: label, invBatch: invBatch,
      grad: slot)
  }

  /// Mean loss and accuracy over a whole split (forward only), threads splitting the samples.
  /// Per-sample losses are summed in sample order, so the result does not depend on threads.
  func evaluate(_ split: CIFAR10Split) -> (loss: Double, accuracy: Double) {
    if split.count == 0 { return (0, 0) }
    let losses = UnsafeMutablePointer<Float>.allocate(capacity: split.count)
    let hits = UnsafeMutablePointer<UInt8>.allocate(capacity: split.count)
    defer {
      losses.deallocate()
      hits.deallocate()
    }
    let threads = pool.count
    pool.run { [self] t in
      let buf = scratch + t * Self.group * TwoNeuronNet.inputs
      let lo = split.count * t / threads
      let hi = split.count * (t + 1) / threads
      for i in lo..<hi {
        let (l, c) = net.evaluate(split.image(i), label: split.label(i), scratch: buf)
        losses[i] = l
        hits[i] = c ? 1 : 0
      }
    }
    var sum = 0.0
    var n = 0
    for i in 0..<split.count {
      sum += Double(losses[i])
      n += Int(hits[i])
    }
    return (sum / Double(split.count), Double(n) / Double(split.count))
  }
}
