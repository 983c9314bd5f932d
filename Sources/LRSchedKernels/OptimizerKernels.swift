#if arch(x86_64)
  import _Builtin_intrinsics.intel
#endif

/// Lane-wise square root. `SIMD.squareRoot()` runs `Float.squareRoot()` per lane, which goes
/// through a C shim compiled with errno semantics (a compare and a branch to libm's `sqrtf` after
/// every `sqrtss`), so Adam's loop never vectorised: 8 scalar square roots per 8 parameters. The
/// kernels pass the instruction itself (`sqrtps`, correctly rounded like `sqrtss`).
public enum LaneSqrt {
  @inlinable @inline(__always)
  public static func generic<V: SIMD>(_ x: V) -> V where V.Scalar == Float {
    var r = x
    for i in r.indices { r[i] = x[i].squareRoot() }
    return r
  }

  #if arch(x86_64)
    @inlinable @inline(__always)
    public static func sse(_ x: SIMD4<Float>) -> SIMD4<Float> { _mm_sqrt_ps(x) }
  #endif
}

/// A flag known at compile time: the optimizer loops are generic over their flags, so every
/// combination is its own loop with no per-element branches (and no lane shuffles, which is what
/// LLVM made of one loop testing runtime flags: ~100 instructions per 8 parameters).
public protocol StaticFlag {
  static var isOn: Bool { get }
}
public enum FlagOn: StaticFlag {
  @inlinable public static var isOn: Bool { true }
}
public enum FlagOff: StaticFlag {
  @inlinable public static var isOn: Bool { false }
}

/// One SGD step's constants, as torch's `_single_tensor_sgd` uses them on float32 tensors.
public struct SGDStep: Sendable {
  public var weightDecay: Float
  public var momentum: Float
  /// `1 − dampening`.
  public var dampeningComplement: Float
  /// `−lr`: torch's `param.add_(grad, alpha=-lr)`.
  public var negLR: Float
  public var useWeightDecay: Bool
  public var useMomentum: Bool
  /// The momentum buffer does not exist yet (torch clones the gradient into it).
  public var first: Bool
  public var nesterov: Bool

  public init(
    weightDecay: Float, momentum: Float, dampeningComplement: Float, negLR: Float, useWeightDecay: Bool,
    useMomentum: Bool, first: Bool, nesterov: Bool
  ) {
    self.weightDecay = weightDecay
    self.momentum = momentum
    self.dampeningComplement = dampeningComplement
    self.negLR = negLR
    self.useWeightDecay = useWeightDecay
    self.useMomentum = useMomentum
    self.first = first
    self.nesterov = nesterov
  }
}

/// One Adam/AdamW step's constants, as torch's `_single_tensor_adam` uses them on float32 tensors
/// (the Python-side scalars computed in Double, then rounded to Float).
public struct AdamStep: Sendable {
  /// AdamW: `p = p·decay` with `decay = 1 − lr·wd`; Adam: `g = g + wd·p`.
  public var decay: Float
  public var weightDecay: Float
  public var useWeightDecay: Bool
  public var decoupled: Bool
  /// `lerp(m, g, w)` with `w = 1 − β1`, in torch's two forms: `m + w·(g − m)` when `|w| < 0.5`,
  /// else `g − (g − m)·(1 − w)`.
  public var w: Float
  public var oneMinusW: Float
  public var small: Bool
  public var beta2: Float
  public var oneMinusBeta2: Float
  /// `√(1 − β2^t)`.
  public var bc2Sqrt: Float
  public var eps: Float
  /// `−lr / (1 − β1^t)`.
  public var negStepSize: Float

  public init(
    decay: Float, weightDecay: Float, useWeightDecay: Bool, decoupled: Bool, w: Float, oneMinusW: Float, small: Bool,
    beta2: Float, oneMinusBeta2: Float, bc2Sqrt: Float, eps: Float, negStepSize: Float
  ) {
    self.decay = decay
    self.weightDecay = weightDecay
    self.useWeightDecay = useWeightDecay
    self.decoupled = decoupled
    self.w = w
    self.oneMinusW = oneMinusW
    self.small = small
    self.beta2 = beta2
    self.oneMinusBeta2 = oneMinusBeta2
    self.bc2Sqrt = bc2Sqrt
    self.eps = eps
    self.negStepSize = negStepSize
  }
}

public enum OptimizerKernelBodies {
  /// SGD over `n` parameters, per element in torch's order:
  /// ```
  /// g = g + wd·p                                   (WD)
  /// buf = g (F) | buf·μ + (1 − dampening)·g        (M; buf stored)
  /// g = g + μ·buf (N) | buf                        (M)
  /// p = p + (−lr)·g
  /// ```
  /// `V` lanes at a time, then the tail one element at a time with the same Float operations, so
  /// the result does not depend on `V`.
  @inlinable @inline(__always)
  public static func sgd<V: SIMD, WD: StaticFlag, M: StaticFlag, F: StaticFlag, N: StaticFlag>(
    _: V.Type, _: WD.Type, _: M.Type, _: F.Type, _: N.Type,
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int,
    _ k: SGDStep
  ) where V.Scalar == Float {
    let vp = UnsafeMutableRawPointer(p)
    let vg = UnsafeRawPointer(g)
    let vb = UnsafeMutableRawPointer(b)
    let wd = V(repeating: k.weightDecay)
    let mom = V(repeating: k.momentum)
    let damp = V(repeating: k.dampeningComplement)
    let negLR = V(repeating: k.negLR)
    let lanes = V.scalarCount
    var i = 0
    while i &+ lanes <= n {
      let o = i &* 4
      let pi = vp.loadUnaligned(fromByteOffset: o, as: V.self)
      var gi = vg.loadUnaligned(fromByteOffset: o, as: V.self)
      if WD.isOn { gi = gi + wd * pi }
      if M.isOn {
        let bi = F.isOn ? gi : vb.loadUnaligned(fromByteOffset: o, as: V.self) * mom + damp * gi
        vb.storeBytes(of: bi, toByteOffset: o, as: V.self)
        gi = N.isOn ? gi + mom * bi : bi
      }
      vp.storeBytes(of: pi + negLR * gi, toByteOffset: o, as: V.self)
      i &+= lanes
    }
    while i < n {
      var gi = g[i]
      if WD.isOn { gi = gi + k.weightDecay * p[i] }
      if M.isOn {
        let bi = F.isOn ? gi : b[i] * k.momentum + k.dampeningComplement * gi
        b[i] = bi
        gi = N.isOn ? gi + k.momentum * bi : bi
      }
      p[i] = p[i] + k.negLR * gi
      i &+= 1
    }
  }

  /// `sgd` with the flags of `k` turned into the loop specialised for them.
  @inlinable @inline(__always)
  public static func sgd<V: SIMD>(
    _: V.Type, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>,
    _ n: Int, _ k: SGDStep
  ) where V.Scalar == Float {
    // Always inlined, so each kernel build holds its own copies: an out-of-line specialisation
    // would be a weak symbol the linker could share between the SSE2 and AVX2 builds.
    @inline(__always) func run<WD: StaticFlag, M: StaticFlag>(_ wd: WD.Type, _ m: M.Type) {
      switch (M.isOn && k.first, M.isOn && k.nesterov) {
      case (false, false): sgd(V.self, WD.self, M.self, FlagOff.self, FlagOff.self, p, g, b, n, k)
      case (true, false): sgd(V.self, WD.self, M.self, FlagOn.self, FlagOff.self, p, g, b, n, k)
      case (false, true): sgd(V.self, WD.self, M.self, FlagOff.self, FlagOn.self, p, g, b, n, k)
      case (true, true): sgd(V.self, WD.self, M.self, FlagOn.self, FlagOn.self, p, g, b, n, k)
      }
    }
    switch (k.useWeightDecay, k.useMomentum) {
    case (false, false): run(FlagOff.self, FlagOff.self)
    case (true, false): run(FlagOn.self, FlagOff.self)
    case (false, true): run(FlagOff.self, FlagOn.self)
    case (true, true): run(FlagOn.self, FlagOn.self)
    }
  }
}

extension OptimizerKernelBodies {
  /// Adam over `n` parameters, per element in torch's order:
  /// ```
  /// p = p·decay (WD, DEC) | g = g + wd·p (WD)
  /// m = m + w·(g − m) (SMALL) | g − (g − m)·(1 − w)
  /// v = v·β2 + (1 − β2)·g·g
  /// p = p + negStepSize · (m / (√v / bc2Sqrt + eps))
  /// ```
  @inlinable @inline(__always)
  public static func adam<V: SIMD, WD: StaticFlag, DEC: StaticFlag, SMALL: StaticFlag>(
    _: V.Type, _: WD.Type, _: DEC.Type, _: SMALL.Type,
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ k: AdamStep, _ sqrt: (V) -> V
  ) where V.Scalar == Float {
    @inline(__always) func lane(_ g: V, _ p: V, _ m: inout V, _ v: inout V) -> V {
      var gi = g
      var pi = p
      if WD.isOn {
        if DEC.isOn { pi = pi * k.decay } else { gi = gi + k.weightDecay * pi }
      }
      m = SMALL.isOn ? m + k.w * (gi - m) : gi - (gi - m) * k.oneMinusW
      v = v * k.beta2 + k.oneMinusBeta2 * gi * gi
      let denom = sqrt(v) / k.bc2Sqrt + k.eps
      return pi + k.negStepSize * (m / denom)
    }
    let vp = UnsafeMutableRawPointer(p)
    let vg = UnsafeRawPointer(g)
    let vm = UnsafeMutableRawPointer(m)
    let vv = UnsafeMutableRawPointer(v)
    let lanes = V.scalarCount
    var i = 0
    while i &+ lanes <= n {
      let o = i &* 4
      var mi = vm.loadUnaligned(fromByteOffset: o, as: V.self)
      var vi = vv.loadUnaligned(fromByteOffset: o, as: V.self)
      let pi = lane(
        vg.loadUnaligned(fromByteOffset: o, as: V.self), vp.loadUnaligned(fromByteOffset: o, as: V.self), &mi, &vi)
      vp.storeBytes(of: pi, toByteOffset: o, as: V.self)
      vm.storeBytes(of: mi, toByteOffset: o, as: V.self)
      vv.storeBytes(of: vi, toByteOffset: o, as: V.self)
      i &+= lanes
    }
    // The tail, one element at a time in lane 0 of a V (the same operations, so the same bits).
    while i < n {
      var mi = V(repeating: m[i])
      var vi = V(repeating: v[i])
      let pi = lane(V(repeating: g[i]), V(repeating: p[i]), &mi, &vi)
      p[i] = pi[0]
      m[i] = mi[0]
      v[i] = vi[0]
      i &+= 1
    }
  }

  /// `adam` with the flags of `k` turned into the loop specialised for them.
  @inlinable @inline(__always)
  public static func adam<V: SIMD>(
    _: V.Type, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ k: AdamStep, sqrt: (V) -> V
  ) where V.Scalar == Float {
    @inline(__always) func run<WD: StaticFlag, DEC: StaticFlag>(_: WD.Type, _: DEC.Type) {
      if k.small {
        adam(V.self, WD.self, DEC.self, FlagOn.self, p, g, m, v, n, k, sqrt)
      } else {
        adam(V.self, WD.self, DEC.self, FlagOff.self, p, g, m, v, n, k, sqrt)
      }
    }
    switch (k.useWeightDecay, k.decoupled) {
    case (false, _): run(FlagOff.self, FlagOff.self)
    case (true, false): run(FlagOn.self, FlagOff.self)
    case (true, true): run(FlagOn.self, FlagOn.self)
    }
  }
}

extension BaselineKernels {
  /// Adam/AdamW over `n` parameters (4 lanes).
  @inline(never)
  public static func adam(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ m: UnsafeMutablePointer<Float>,
    _ v: UnsafeMutablePointer<Float>, _ n: Int, _ k: AdamStep
  ) {
    #if arch(x86_64)
      OptimizerKernelBodies.adam(SIMD4<Float>.self, p, g, m, v, n, k, sqrt: LaneSqrt.sse)
    #else
      OptimizerKernelBodies.adam(SIMD4<Float>.self, p, g, m, v, n, k, sqrt: LaneSqrt.generic)
    #endif
  }
}

extension BaselineKernels {
  /// SGD over `n` parameters (4 lanes: SSE2's width).
  @inline(never)
  public static func sgd(
    _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int,
    _ k: SGDStep
  ) {
    OptimizerKernelBodies.sgd(SIMD4<Float>.self, p, g, b, n, k)
  }
}
