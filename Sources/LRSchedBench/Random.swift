/// SplitMix64 (Steele, Lea & Flood 2014): seeds other generators and derives sub-streams.
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) * 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public var state: UInt64
  public init(seed: UInt64) { state = seed }

  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z &>> 31)
  }

  /// A well-mixed value for `(seed, stream, index)`, used to give every image / epoch its own stream.
  @inlinable
  public static func mix(_ seed: UInt64, _ stream: UInt64, _ index: UInt64 = 0) -> UInt64 {
    var g = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    _ = g.next()
    g.state ^= index &* 0x8CB9_2BA7_2F3D_8DD7
    return g.next()
  }
}

/// xoshiro256** (Blackman & Vigna 2018), seeded through SplitMix64. Deterministic for a seed on
/// every platform, unlike `SystemRandomNumberGenerator`.
public struct Xoshiro256: RandomNumberGenerator, Sendable {
  public var s: (UInt64, UInt64, UInt64, UInt64)

  public init(seed: UInt64) {
    var sm = SplitMix64(seed: seed)
    s = (sm.next(), sm.next(), sm.next(), sm.next())
  }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotl(s.1 &* 5, 7) &* 9
    let t = s.1 &<< 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = rotl(s.3, 45)
    return result
  }

  @inlinable func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x &<< k) | (x &>> (64 - k)) }

  /// Uniform in `0..<n` (Lemire's multiply-high; deterministic, bias < n / 2^64).
  @inlinable
  public mutating func below(_ n: Int) -> Int {
    Int(truncatingIfNeeded: UInt64(n).multipliedFullWidth(by: next()).high)
  }

  /// Uniform Float in [0, 1) with 24 random bits.
  @inlinable
  public mutating func unitFloat() -> Float { Float(next() &>> 40) * 0x1p-24 }
}
