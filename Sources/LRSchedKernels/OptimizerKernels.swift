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
    func run<WD: StaticFlag, M: StaticFlag>(_ wd: WD.Type, _ m: M.Type) {
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
