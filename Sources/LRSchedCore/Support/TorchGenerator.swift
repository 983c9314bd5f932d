#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// PyTorch's CPU random number generator (`torch.Generator()` on the CPU), reduced to the
/// paths `torch.randn(1, generator=g)` and `torch.rand(1, generator=g)` take.
///
/// Sources (PyTorch 2.x): `aten/src/ATen/core/MT19937RNGEngine.h` (the engine),
/// `aten/src/ATen/CPUGeneratorImpl.cpp` (`random()`, `random64()`, the cached normal sample),
/// `aten/src/ATen/core/DistributionsHelper.h` and `TransformationHelper.h` (uniform and
/// normal transforms), `aten/src/ATen/native/cpu/DistributionTemplates.h` (which kernel a
/// tensor of one element uses).
///
/// ```
/// manual_seed(s): mt19937 with state[0] = s & 0xffffffff,
///                 state[j] = 1812433253 * (state[j-1] ^ (state[j-1] >> 30)) + j   (uint32)
///                 and the cached normal samples cleared
/// random()   = next 32-bit output
/// random64() = (random() << 32) | random()            (first draw is the high word)
/// uniform double  u = (random64() & (2^53 - 1)) * 2^-53
/// uniform float   u = (random()   & (2^24 - 1)) * 2^-24
/// normal (double Box–Muller, size < 16):
///     cached sample if any (and clear it), else
///     u1 = uniform double, u2 = uniform double
///     r = sqrt(-2 * log1p(-u2)), theta = 2 * pi * u1
///     cache r * sin(theta); return r * cos(theta)
/// randn(1) = Float(normal); rand(1) = uniform float
/// ```
public struct TorchGenerator: Sendable {
  var mt = MT19937(seed: 5489)
  /// `next_double_normal_sample_`: the second Box–Muller value, used by the next draw.
  var nextDoubleNormal: Double?

  /// `torch.Generator()`: seeded with torch's default seed 67280421310721.
  public init() { manualSeed(67_280_421_310_721) }

  /// `torch.Generator().manual_seed(seed)`.
  public init(seed: Int) { manualSeed(seed) }

  /// `g.manual_seed(seed)`: a negative Python int wraps modulo 2**64; the engine keeps its
  /// low 32 bits.
  public mutating func manualSeed(_ seed: Int) {
    mt = MT19937(seed: UInt32(truncatingIfNeeded: UInt64(bitPattern: Int64(seed))))
    nextDoubleNormal = nil
  }

  /// `CPUGeneratorImpl::random()`.
  public mutating func random() -> UInt32 { mt.next() }

  /// `CPUGeneratorImpl::random64()`: the first 32-bit draw is the high word.
  public mutating func random64() -> UInt64 {
    let hi = UInt64(mt.next())
    let lo = UInt64(mt.next())
    return (hi << 32) | lo
  }

  /// `uniform_real_distribution<double>(0, 1)`: 53 random bits scaled by 2**-53.
  public mutating func uniformDouble() -> Double {
    let v = random64() & ((1 << 53) - 1)
    return Double(v) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// `uniform_real_distribution<float>(0, 1)`: 24 random bits scaled by 2**-24 (exact).
  public mutating func uniformFloat() -> Float {
    let v = random() & ((1 << 24) - 1)
    return Float(v) * (1.0 / 16_777_216.0)
  }

  /// `normal_distribution<double>(0, 1)`: Box–Muller in double, the sine branch cached.
  public mutating func normalDouble() -> Double {
    if let cached = nextDoubleNormal {
      nextDoubleNormal = nil
      return cached * 1.0 + 0.0
    }
    let u1 = uniformDouble()
    let u2 = uniformDouble()
    let r = Glibc.sqrt(-2.0 * Glibc.log1p(-u2))
    let theta = 2.0 * Double.pi * u1
    nextDoubleNormal = r * Glibc.sin(theta)
    return r * Glibc.cos(theta) * 1.0 + 0.0
  }

  /// `torch.randn(1, generator=g).item()`: a float32 tensor of one element filled by the
  /// scalar double path, read back as a Python float.
  public mutating func randn1() -> Double { Double(Float(normalDouble())) }

  /// `torch.rand(1, generator=g).item()`.
  public mutating func rand1() -> Double { Double(uniformFloat()) }
}

/// The 32-bit Mersenne Twister as ATen implements it (`at::mt19937`): standard MT19937
/// seeding with a 32-bit seed and standard tempering.
///
/// ATen regenerates all 624 words at once (`next_state()`) before the first output. Word `j`
/// of a round depends only on words already regenerated in that round and on old words,
/// so regenerating each word just before it is output gives the same sequence; likewise the
/// seeding recurrence is run only as far as the words read so far. timm draws a handful of
/// values from a freshly seeded generator per step, so this skips most of the work.
struct MT19937: Sendable {
  static let n = 624
  static let m = 397
  static let matrixA: UInt32 = 0x9908_b0df
  static let upperMask: UInt32 = 0x8000_0000
  static let lowerMask: UInt32 = 0x7fff_ffff

  var state: [UInt32]
  /// Words `0..<seeded` hold the seeding recurrence's values (or later ones).
  var seeded = 1
  /// The next word to regenerate and output.
  var nextIndex = 0

  init(seed: UInt32) {
    state = [UInt32](repeating: 0, count: Self.n)
    state[0] = seed
  }

  /// Runs the seeding recurrence up to word `k`:
  /// `state[j] = 1812433253 * (state[j-1] ^ (state[j-1] >> 30)) + j`.
  @inline(__always) mutating func seed(through k: Int) {
    while seeded <= k {
      let prev = state[seeded - 1]
      state[seeded] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(seeded)
      seeded += 1
    }
  }

  @inline(__always) static func twist(_ u: UInt32, _ v: UInt32) -> UInt32 {
    (((u & upperMask) | (v & lowerMask)) >> 1) ^ ((v & 1) != 0 ? matrixA : 0)
  }

  mutating func next() -> UInt32 {
    if nextIndex == Self.n { nextIndex = 0 }
    let j = nextIndex
    if j < Self.n - Self.m {
      seed(through: j + Self.m)
      state[j] = state[j + Self.m] ^ Self.twist(state[j], state[j + 1])
    } else if j < Self.n - 1 {
      seed(through: j + 1)
      state[j] = state[j + Self.m - Self.n] ^ Self.twist(state[j], state[j + 1])
    } else {
      state[j] = state[Self.m - 1] ^ Self.twist(state[j], state[0])
    }
    nextIndex += 1
    var y = state[j]
    y ^= (y >> 11)
    y ^= (y << 7) & 0x9d2c_5680
    y ^= (y << 15) & 0xefc6_0000
    y ^= (y >> 18)
    return y
  }
}
