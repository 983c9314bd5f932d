import LRSchedKernels

#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// The pixel kernels built for Haswell-level x86-64 (AVX2; Package.swift passes
/// `-target-cpu haswell` to this target only), following the arithmetic contract documented on
/// `BaselineKernels` in LRSchedKernels, so results are bit-identical to the baseline build. Call
/// these only when the CPU has the features (`KernelSet` in LRSchedBench checks); on other
/// architectures the target is built without the flag.
public enum AVX2Kernels {
  @inlinable static var inputs: Int { 3072 }

  /// `(w_0·x, w_1·x)`: one 8-lane accumulator per row, 16 pixels per step.
  @inline(never)
  public static func dotU8(_ x: UnsafePointer<UInt8>, _ w: UnsafePointer<Float>) -> (Float, Float) {
    dot(x, w, x, FlagOff.self)
  }

  /// `dotU8(x, w)` that also prefetches `ahead` into L2, one cache line per 64 pixels of `x`
  /// (see `BaselineKernels.dotU8(_:_:prefetching:)`). Same result as `dotU8`.
  @inline(never)
  public static func dotU8(
    _ x: UnsafePointer<UInt8>, _ w: UnsafePointer<Float>, prefetching ahead: UnsafePointer<UInt8>
  ) -> (Float, Float) {
    dot(x, w, ahead, FlagOn.self)
  }

  @inline(__always)
  static func dot<P: StaticFlag>(
    _ x: UnsafePointer<UInt8>, _ w: UnsafePointer<Float>, _ ahead: UnsafePointer<UInt8>, _: P.Type
  ) -> (Float, Float) {
    let b = UnsafeRawPointer(x)
    let p = UnsafeRawPointer(w)
    let q = UnsafeRawPointer(w + inputs)
    let a = UnsafeRawPointer(ahead)
    var a0 = SIMD8<Float>()
    var a1 = SIMD8<Float>()
    var off = 0
    while off < inputs {
      if P.isOn && off & 63 == 0 { Prefetch.read(a + off) }
      let e = SIMD8<Float>(b.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt8>.self))
      let f = SIMD8<Float>(b.loadUnaligned(fromByteOffset: off &+ 8, as: SIMD8<UInt8>.self))
      let o = off &* 4
      a0 +=
        e * p.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        + f * p.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
      a1 +=
        e * q.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        + f * q.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD8<Float>.self)
      off &+= 16
    }
    if P.isOn { Prefetch.read(a + (inputs - 1)) }
    return (a0.sum(), a1.sum())
  }

  /// Adam/AdamW over `n` parameters (`OptimizerKernelBodies.adam`, 8 lanes).
  @inline(never)
  public static func adam(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ k: AdamStep
  ) {
    #if arch(x86_64)
      OptimizerKernelBodies.adam(SIMD8<Float>.self, p, g, m, v, n, k, sqrt: { _mm256_sqrt_ps($0) })
    #else
      OptimizerKernelBodies.adam(SIMD8<Float>.self, p, g, m, v, n, k, sqrt: LaneSqrt.generic)
    #endif
  }

  /// SGD over `n` parameters (`OptimizerKernelBodies.sgd`, 8 lanes).
  @inline(never)
  public static func sgd(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int,
    _ k: SGDStep
  ) {
    OptimizerKernelBodies.sgd(SIMD8<Float>.self, p, g, b, n, k)
  }

  /// `g_0 = Σ_s d0[s]·x_s`, `g_1 = Σ_s d1[s]·x_s` in 32-pixel blocks (eight 8-lane sums in
  /// registers; AVX2 has the 16 vector registers for them).
  @inline(never)
  public static func rankUpdateU8(
    _ images: UnsafePointer<UnsafePointer<UInt8>>, _ d0: UnsafePointer<Float>, _ d1: UnsafePointer<Float>, _ n: Int,
    _ g: UnsafeMutablePointer<Float>
  ) {
    let g0 = UnsafeMutableRawPointer(g)
    let g1 = UnsafeMutableRawPointer(g + inputs)
    var off = 0
    while off < inputs {
      var s0 = SIMD8<Float>()
      var s1 = SIMD8<Float>()
      var t0 = SIMD8<Float>()
      var t1 = SIMD8<Float>()
      var u0 = SIMD8<Float>()
      var u1 = SIMD8<Float>()
      var v0 = SIMD8<Float>()
      var v1 = SIMD8<Float>()
      var k = 0
      while k < n {
        let x = UnsafeRawPointer(images[k])
        let e = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt8>.self))
        let f = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off &+ 8, as: SIMD8<UInt8>.self))
        let h = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off &+ 16, as: SIMD8<UInt8>.self))
        let i = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off &+ 24, as: SIMD8<UInt8>.self))
        let c0 = SIMD8<Float>(repeating: d0[k])
        let c1 = SIMD8<Float>(repeating: d1[k])
        s0 += e * c0
        s1 += e * c1
        t0 += f * c0
        t1 += f * c1
        u0 += h * c0
        u1 += h * c1
        v0 += i * c0
        v1 += i * c1
        k &+= 1
      }
      let o = off &* 4
      g0.storeBytes(of: s0, toByteOffset: o, as: SIMD8<Float>.self)
      g0.storeBytes(of: t0, toByteOffset: o &+ 32, as: SIMD8<Float>.self)
      g0.storeBytes(of: u0, toByteOffset: o &+ 64, as: SIMD8<Float>.self)
      g0.storeBytes(of: v0, toByteOffset: o &+ 96, as: SIMD8<Float>.self)
      g1.storeBytes(of: s1, toByteOffset: o, as: SIMD8<Float>.self)
      g1.storeBytes(of: t1, toByteOffset: o &+ 32, as: SIMD8<Float>.self)
      g1.storeBytes(of: u1, toByteOffset: o &+ 64, as: SIMD8<Float>.self)
      g1.storeBytes(of: v1, toByteOffset: o &+ 96, as: SIMD8<Float>.self)
      off &+= 32
    }
  }
}
