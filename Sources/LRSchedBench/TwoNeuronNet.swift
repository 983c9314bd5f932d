#if canImport(Glibc)
import Glibc
#endif

/// The benchmark's network: per-channel normalisation, Linear(3072→2), ReLU, Linear(2→10),
/// softmax cross-entropy (mean over the batch), float32.
///
/// ```
/// x̂ = (x/255 − mean_c) / std_c        h = W1 x̂ + b1        r = max(h, 0)
/// z = W2 r + b2                       loss = log Σ_k exp(z_k) − z_y
/// ```
/// Parameters live in one flat buffer in the order `W1` (2×3072, row-major as torch's
/// `Linear.weight`), `b1`, `W2` (10×2), `b2`; gradients use the same layout.
/// Initialisation follows `torch.nn.Linear.reset_parameters`: weights and biases uniform in
/// ±1/√fan_in (kaiming-uniform with a = √5), from a seeded xoshiro256** stream.
public final class TwoNeuronNet: @unchecked Sendable {
  // Literal constants (computed properties fold to immediates in the hot loops; a `static let`
  // initialised from another global would go through a lazy-initialisation check).
  @inlinable public static var inputs: Int { 3072 }
  @inlinable public static var hidden: Int { 2 }
  @inlinable public static var classes: Int { 10 }
  /// Offsets: `W1` 0..<6144, `b1` 6144..<6146, `W2` 6146..<6166, `b2` 6166..<6176.
  @inlinable public static var w1: Range<Int> { 0..<6144 }
  @inlinable public static var b1: Range<Int> { 6144..<6146 }
  @inlinable public static var w2: Range<Int> { 6146..<6166 }
  @inlinable public static var b2: Range<Int> { 6166..<6176 }
  @inlinable public static var parameterCount: Int { 6176 }
  /// The four tensors in order (`W1`, `b1`, `W2`, `b2`); the optimizer keeps state per tensor.
  public static let tensors = [w1, b1, w2, b2]

  /// Parameters (length `parameterCount`).
  public let parameters: UnsafeMutablePointer<Float>
  /// `x̂ = x · scale_c + offset_c` with `scale_c = 1/(255 std_c)` and `offset_c = −mean_c/std_c`.
  public let scale: SIMD4<Float>
  public let offset: SIMD4<Float>

  public init(stats: ChannelStats, seed: UInt64) {
    parameters = .allocate(capacity: Self.parameterCount)
    var s = SIMD4<Float>(repeating: 0)
    var o = SIMD4<Float>(repeating: 0)
    for c in 0..<3 {
      let std = stats.std[c] > 0 ? stats.std[c] : 1
      s[c] = Float(1 / (255 * std))
      o[c] = Float(-stats.mean[c] / std)
    }
    scale = s
    offset = o
    reset(seed: seed)
  }

  deinit { parameters.deallocate() }

  /// Fresh weights for `seed` (same seed, same weights).
  public func reset(seed: UInt64) {
    var rng = Xoshiro256(seed: SplitMix64.mix(seed, 0x1A17))
    func fill(_ r: Range<Int>, fanIn: Int) {
      let bound = 1 / Float(fanIn).squareRoot()
      for i in r { parameters[i] = (rng.unitFloat() * 2 - 1) * bound }
    }
    fill(Self.w1, fanIn: Self.inputs)
    fill(Self.b1, fanIn: Self.inputs)
    fill(Self.w2, fanIn: Self.hidden)
    fill(Self.b2, fanIn: Self.hidden)
  }

  public var parameterArray: [Float] {
    get { Array(UnsafeBufferPointer(start: parameters, count: Self.parameterCount)) }
    set {
      precondition(newValue.count == Self.parameterCount)
      for i in 0..<Self.parameterCount { parameters[i] = newValue[i] }
    }
  }

  // MARK: Kernels

  /// `out[i] = Float(x[i]) · scale_c + offset_c` for the three planes: the only place pixels
  /// become floats, one image at a time into a 12 KB scratch buffer (the loop vectorises).
  @inline(never)
  func normalize(_ x: UnsafePointer<UInt8>, into out: UnsafeMutablePointer<Float>) {
    for c in 0..<3 {
      let s = scale[c]
      let o = offset[c]
      let xp = x + c * CIFAR10.planeSize
      let op = out + c * CIFAR10.planeSize
      for i in 0..<CIFAR10.planeSize { op[i] = Float(xp[i]) * s + o }
    }
  }

  /// `(W1[0]·x̂, W1[1]·x̂)` with eight independent SIMD accumulators; fixed summation order.
  /// Kept out of line: inlined into its callers, LLVM's SLP vectoriser reshuffles it and spills.
  static func dot2(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>) -> (Float, Float) {
    let b = UnsafeRawPointer(x)
    let p = UnsafeRawPointer(w)
    let q = UnsafeRawPointer(w + inputs)
    var a0 = SIMD8<Float>()
    var a1 = SIMD8<Float>()
    var c0 = SIMD8<Float>()
    var c1 = SIMD8<Float>()
    var off = 0
    while off < inputs * 4 {
      let f0 = b.load(fromByteOffset: off, as: SIMD8<Float>.self)
      let f1 = b.load(fromByteOffset: off + 32, as: SIMD8<Float>.self)
      a0 += f0 * p.load(fromByteOffset: off, as: SIMD8<Float>.self)
      c0 += f1 * p.load(fromByteOffset: off + 32, as: SIMD8<Float>.self)
      a1 += f0 * q.load(fromByteOffset: off, as: SIMD8<Float>.self)
      c1 += f1 * q.load(fromByteOffset: off + 32, as: SIMD8<Float>.self)
      off += 64
    }
    return ((a0 + c0).sum(), (a1 + c1).sum())
  }

  /// `g0 += d0 · x̂`, `g1 += d1 · x̂`, skipping a row whose coefficient is zero (inactive ReLU).
  @inline(never)
  static func axpy2(_ x: UnsafePointer<Float>, _ d0: Float, _ d1: Float, _ g: UnsafeMutablePointer<Float>) {
    let b = UnsafeRawPointer(x)
    let g0 = UnsafeMutableRawPointer(g)
    let g1 = UnsafeMutableRawPointer(g + inputs)
    let v0 = SIMD8<Float>(repeating: d0)
    let v1 = SIMD8<Float>(repeating: d1)
    var off = 0
    if d0 != 0 && d1 != 0 {
      while off < inputs * 4 {
        let f = b.load(fromByteOffset: off, as: SIMD8<Float>.self)
        g0.storeBytes(of: g0.load(fromByteOffset: off, as: SIMD8<Float>.self) + v0 * f, toByteOffset: off, as: SIMD8<Float>.self)
        g1.storeBytes(of: g1.load(fromByteOffset: off, as: SIMD8<Float>.self) + v1 * f, toByteOffset: off, as: SIMD8<Float>.self)
        off += 32
      }
    } else if d0 != 0 || d1 != 0 {
      let gj = d0 != 0 ? g0 : g1
      let v = d0 != 0 ? v0 : v1
      while off < inputs * 4 {
        let f = b.load(fromByteOffset: off, as: SIMD8<Float>.self)
        gj.storeBytes(of: gj.load(fromByteOffset: off, as: SIMD8<Float>.self) + v * f, toByteOffset: off, as: SIMD8<Float>.self)
        off += 32
      }
    }
  }

  /// Everything after the first layer for one sample: ReLU, second layer, softmax cross-entropy,
  /// and the gradients of the small tensors (accumulated into `g`). Returns the loss, whether the
  /// arg-max is the label, and `∂loss/∂h` (already divided by the batch size).
  @inline(__always)
  func head(h0: Float, h1: Float, label: Int, invBatch: Float, grad g: UnsafeMutablePointer<Float>?)
    -> (loss: Float, correct: Bool, dh0: Float, dh1: Float)
  {
    let p = parameters
    let r0 = max(h0, 0)
    let r1 = max(h1, 0)
    var z = SIMD16<Float>(repeating: -.infinity)
    var best = 0
    for k in 0..<Self.classes {
      z[k] = p[Self.b2.lowerBound + k] + (p[Self.w2.lowerBound + 2 * k] * r0 + p[Self.w2.lowerBound + 2 * k + 1] * r1)
      if z[k] > z[best] { best = k }
    }
    let m = z[best]
    var e = SIMD16<Float>(repeating: 0)
    var sum: Float = 0
    for k in 0..<Self.classes {
      e[k] = expf(z[k] - m)
      sum += e[k]
    }
    let loss = logf(sum) - (z[label] - m)
    guard let g = g else { return (loss, best == label, 0, 0) }
    var dr0: Float = 0
    var dr1: Float = 0
    let inv = 1 / sum
    for k in 0..<Self.classes {
      let dz = (e[k] * inv - (k == label ? 1 : 0)) * invBatch
      g[Self.w2.lowerBound + 2 * k] += dz * r0
      g[Self.w2.lowerBound + 2 * k + 1] += dz * r1
      g[Self.b2.lowerBound + k] += dz
      dr0 += dz * p[Self.w2.lowerBound + 2 * k]
      dr1 += dz * p[Self.w2.lowerBound + 2 * k + 1]
    }
    let dh0: Float = h0 > 0 ? dr0 : 0
    let dh1: Float = h1 > 0 ? dr1 : 0
    g[Self.b1.lowerBound] += dh0
    g[Self.b1.lowerBound + 1] += dh1
    return (loss, best == label, dh0, dh1)
  }

  /// Forward only for one image: logits-free loss and correctness.
  @inline(__always)
  func evaluate(_ x: UnsafePointer<UInt8>, label: Int, scratch: UnsafeMutablePointer<Float>) -> (Float, Bool) {
    normalize(x, into: scratch)
    let (a, b) = Self.dot2(scratch, parameters)
    let r = head(
      h0: a + parameters[Self.b1.lowerBound], h1: b + parameters[Self.b1.lowerBound + 1], label: label,
      invBatch: 1, grad: nil)
    return (r.loss, r.correct)
  }
}
