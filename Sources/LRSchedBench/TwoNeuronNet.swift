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
  //
  // The per-channel normalisation `x̂ = a_c·x + b_c` is folded into the weights, so pixels are
  // converted from uint8 once per pass and no normalised copy exists:
  //
  //   forward   h_j = Σ_i (W_j[i]·a_c(i))·x[i] + (b1_j + Σ_c b_c·Σ_{i∈c} W_j[i])
  //   backward  G_j[i] = Σ_s δ_sj·x_s[i],  S_j = Σ_s δ_sj,  ∂W_j[i] = a_c·G_j[i] + b_c·S_j
  //
  // The two pixel loops (`dotU8`, `rankUpdateU8`) live in LRSchedKernels, built for SSE2 and
  // for AVX2 (`KernelSet`); `u8 → Float` there is `SIMD8<Float>(SIMD8<UInt8>)`, which inlines
  // to movq + punpcklbw + punpcklwd/punpckhwd + cvtdq2ps on SSE2 and to vpmovzxbd + vcvtdq2ps on
  // AVX2: no scalar conversions (checked with `objdump -d`, see docs/bench.md).

  /// Weights with the normalisation folded in: `out[j·3072 + i] = W_j[i]·a_c(i)` for the two rows,
  /// and the two folded biases `b1_j + Σ_c b_c·Σ_{i∈c} W_j[i]` (fixed summation order).
  public func fold(into out: UnsafeMutablePointer<Float>) -> (Float, Float) {
    let p = parameters
    var bias = SIMD2<Float>(p[Self.b1.lowerBound], p[Self.b1.lowerBound + 1])
    for j in 0..<Self.hidden {
      var total: Float = 0
      for c in 0..<3 {
        let a = SIMD8<Float>(repeating: scale[c])
        let src = UnsafeRawPointer(p + j * Self.inputs + c * CIFAR10.planeSize)
        let dst = UnsafeMutableRawPointer(out + j * Self.inputs + c * CIFAR10.planeSize)
        var s0 = SIMD8<Float>()
        var s1 = SIMD8<Float>()
        var off = 0
        while off < CIFAR10.planeSize * 4 {
          let w0 = src.load(fromByteOffset: off, as: SIMD8<Float>.self)
          let w1 = src.load(fromByteOffset: off + 32, as: SIMD8<Float>.self)
          dst.storeBytes(of: w0 * a, toByteOffset: off, as: SIMD8<Float>.self)
          dst.storeBytes(of: w1 * a, toByteOffset: off + 32, as: SIMD8<Float>.self)
          s0 += w0
          s1 += w1
          off += 64
        }
        total += offset[c] * (s0 + s1).sum()
      }
      bias[j] += total
    }
    return (bias[0], bias[1])
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

  /// Forward only for one image, given its two dot products with the folded rows (`fold`):
  /// loss and correctness.
  @inline(__always)
  func evaluate(_ h: (Float, Float), label: Int, bias: (Float, Float)) -> (Float, Bool) {
    let (a, b) = h
    let r = head(h0: a + bias.0, h1: b + bias.1, label: label, invBatch: 1, grad: nil)
    return (r.loss, r.correct)
  }
}
