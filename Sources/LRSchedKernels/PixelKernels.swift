/// The benchmark's two hot loops over uint8 CIFAR images, in two builds with one arithmetic:
/// `BaselineKernels` here (baseline x86-64 target, SSE2) and `AVX2Kernels` in
/// `LRSchedKernelsAVX2` (built with `-target-cpu haswell`). `LRSchedBench` picks one at run time
/// (`KernelSet`).
///
/// The arithmetic contract both builds follow, so they give bit-identical results (separate
/// multiplies and adds — Swift never contracts them into FMAs — in the same order per lane;
/// `KernelTests` checks identity on random data):
///
/// - `dotU8(x, w)`: for each row `r ∈ {w, w + 3072}` one 8-lane accumulator `a`; for every
///   16-pixel block at `o`, `a += x[o..<o+8]·r[o..<o+8] + x[o+8..<o+16]·r[o+8..<o+16]` (the two
///   products added first, then added to `a`); the result is `a.sum()` (`SIMD8.sum`).
/// - `rankUpdateU8(images, d0, d1, n, g)`: for every pixel `i`,
///   `g[i] = Σ_k d0[k]·x_k[i]` and `g[3072 + i] = Σ_k d1[k]·x_k[i]`, samples added in order
///   `k = 0, 1, …` starting from 0, written (not accumulated).
///
/// The code shapes differ because LLVM's SLP vectoriser (which is what turns Swift's SIMD types
/// into vector instructions) is sensitive to them: the 8-lane form of `dotU8` is split into
/// 64-bit pieces on SSE2 (2.1× slower than the 4-lane form here), and the 4-lane form wastes half
/// of every AVX2 register.
public enum BaselineKernels {
  /// Pixels per image (3 × 32 × 32).
  @inlinable public static var inputs: Int { 3072 }

  /// `(w_0·x, w_1·x)` for one uint8 image `x` against the rows `w` and `w + 3072`; each 8-lane
  /// accumulator of the contract is held as two 4-lane halves.
  @inline(never)
  public static func dotU8(_ x: UnsafePointer<UInt8>, _ w: UnsafePointer<Float>) -> (Float, Float) {
    dot(x, w, x, FlagOff.self)
  }

  /// `dotU8(x, w)` that also prefetches `ahead` (an image needed soon) into L2, one cache line
  /// per 64 pixels of `x`: spread over the arithmetic, the requests never queue up behind each
  /// other the way 49 prefetches issued in a burst do (t_ep 42 → 35 ms here). Same result.
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
    var a0 = SIMD4<Float>()
    var c0 = SIMD4<Float>()
    var a1 = SIMD4<Float>()
    var c1 = SIMD4<Float>()
    var off = 0
    while off < inputs {
      if P.isOn && off & 63 == 0 { Prefetch.read(a + off) }
      let e0 = SIMD4<Float>(b.loadUnaligned(fromByteOffset: off, as: SIMD4<UInt8>.self))
      let e1 = SIMD4<Float>(b.loadUnaligned(fromByteOffset: off &+ 4, as: SIMD4<UInt8>.self))
      let f0 = SIMD4<Float>(b.loadUnaligned(fromByteOffset: off &+ 8, as: SIMD4<UInt8>.self))
      let f1 = SIMD4<Float>(b.loadUnaligned(fromByteOffset: off &+ 12, as: SIMD4<UInt8>.self))
      let o = off &* 4
      a0 +=
        e0 * p.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
        + f0 * p.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Float>.self)
      c0 +=
        e1 * p.loadUnaligned(fromByteOffset: o &+ 16, as: SIMD4<Float>.self)
        + f1 * p.loadUnaligned(fromByteOffset: o &+ 48, as: SIMD4<Float>.self)
      a1 +=
        e0 * q.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
        + f0 * q.loadUnaligned(fromByteOffset: o &+ 32, as: SIMD4<Float>.self)
      c1 +=
        e1 * q.loadUnaligned(fromByteOffset: o &+ 16, as: SIMD4<Float>.self)
        + f1 * q.loadUnaligned(fromByteOffset: o &+ 48, as: SIMD4<Float>.self)
      off &+= 16
    }
    if P.isOn { Prefetch.read(a + (inputs - 1)) }
    return (SIMD8(lowHalf: a0, highHalf: c0).sum(), SIMD8(lowHalf: a1, highHalf: c1).sum())
  }

  /// `g_0 = Σ_s d0[s]·x_s`, `g_1 = Σ_s d1[s]·x_s` over `n` uint8 images, in 16-pixel blocks: the
  /// block's four 8-lane sums stay in registers while the samples stream past, so the gradient is
  /// stored once and never reloaded.
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
      var k = 0
      while k < n {
        let x = UnsafeRawPointer(images[k])
        let e = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt8>.self))
        let f = SIMD8<Float>(x.loadUnaligned(fromByteOffset: off &+ 8, as: SIMD8<UInt8>.self))
        let c0 = SIMD8<Float>(repeating: d0[k])
        let c1 = SIMD8<Float>(repeating: d1[k])
        s0 += e * c0
        s1 += e * c1
        t0 += f * c0
        t1 += f * c1
        k &+= 1
      }
      g0.storeBytes(of: s0, toByteOffset: off &* 4, as: SIMD8<Float>.self)
      g0.storeBytes(of: t0, toByteOffset: off &* 4 &+ 32, as: SIMD8<Float>.self)
      g1.storeBytes(of: s1, toByteOffset: off &* 4, as: SIMD8<Float>.self)
      g1.storeBytes(of: t1, toByteOffset: off &* 4 &+ 32, as: SIMD8<Float>.self)
      off &+= 16
    }
  }
}
