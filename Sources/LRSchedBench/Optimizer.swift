#if canImport(Glibc)
import Glibc
#endif

/// Which update rule and its constant settings; lr, momentum/β1 and weight decay come from the
/// schedule at every step.
public struct OptimizerConfig: Equatable, Sendable {
  public enum Kind: String, Sendable, CaseIterable {
    case sgd = "SGD"
    case adam = "Adam"
    case adamw = "AdamW"
  }
  public var kind: Kind
  public var dampening: Double
  public var nesterov: Bool
  public var beta2: Double
  public var eps: Double

  public init(kind: Kind, dampening: Double = 0, nesterov: Bool = false, beta2: Double = 0.999, eps: Double = 1e-8) {
    self.kind = kind
    self.dampening = dampening
    self.nesterov = nesterov
    self.beta2 = beta2
    self.eps = eps
  }

  public static func sgd(dampening: Double = 0, nesterov: Bool = false) -> Self {
    .init(kind: .sgd, dampening: dampening, nesterov: nesterov)
  }
  public static func adam(beta2: Double = 0.999, eps: Double = 1e-8) -> Self { .init(kind: .adam, beta2: beta2, eps: eps) }
  public static func adamw(beta2: Double = 0.999, eps: Double = 1e-8) -> Self { .init(kind: .adamw, beta2: beta2, eps: eps) }
}

/// SGD, Adam and AdamW with PyTorch's float32 update rules, over flat tensors.
///
/// SGD mirrors `torch/optim/sgd.py` `_single_tensor_sgd`:
/// ```
/// g = g + wd·p                                   (if wd ≠ 0)
/// buf = g (first step) | buf·μ + (1 − dampening)·g
/// g = g + μ·buf (nesterov) | buf                 (if μ ≠ 0)
/// p = p − lr·g
/// ```
/// Adam/AdamW mirror `torch/optim/adam.py` `_single_tensor_adam` (AdamW: decoupled decay):
/// ```
/// p = p·(1 − lr·wd) (AdamW) | g = g + wd·p (Adam)
/// m = lerp(m, g, 1 − β1);  v = v·β2 + (1 − β2)·g·g;  t += 1
/// denom = √v / √(1 − β2^t) + eps;  p = p − (lr / (1 − β1^t)) · m / denom
/// ```
/// Scalars are computed in Double as Python does and rounded to Float where torch's kernels do.
public final class Optimizer: @unchecked Sendable {
  public let config: OptimizerConfig
  public let count: Int
  let tensors: [Range<Int>]
  let buf: UnsafeMutablePointer<Float>
  let sq: UnsafeMutablePointer<Float>
  var hasBuffer: [Bool]
  /// Adam step count per tensor (torch's `state['step']`).
  public private(set) var steps: [Int]

  public init(config: OptimizerConfig, tensors: [Range<Int>]) {
    self.config = config
    self.tensors = tensors
    count = tensors.map(\.upperBound).max() ?? 0
    buf = .allocate(capacity: max(count, 1))
    buf.initialize(repeating: 0, count: max(count, 1))
    sq = .allocate(capacity: max(count, 1))
    sq.initialize(repeating: 0, count: max(count, 1))
    hasBuffer = Array(repeating: false, count: tensors.count)
    steps = Array(repeating: 0, count: tensors.count)
  }

  deinit {
    buf.deallocate()
    sq.deallocate()
  }

  /// SGD momentum buffer or Adam `exp_avg` of element `i`.
  public func firstMoment(_ i: Int) -> Float { buf[i] }
  /// Adam `exp_avg_sq` of element `i`.
  public func secondMoment(_ i: Int) -> Float { sq[i] }

  /// Updates tensor `t` of `params` from `grads` with hyperparameters `h`.
  public func step(tensor t: Int, params: UnsafeMutablePointer<Float>, grads: UnsafePointer<Float>, _ h: StepHyperparameters) {
    let r = tensors[t]
    switch config.kind {
    case .sgd: sgd(r, t, params, grads, h)
    case .adam, .adamw: adam(r, t, params, grads, h, decoupled: config.kind == .adamw)
    }
  }

  func sgd(_ r: Range<Int>, _ t: Int, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ h: StepHyperparameters) {
    let wd = Float(h.weightDecay)
    let mom = Float(h.momentum)
    let damp = Float(1 - config.dampening)
    let negLR = Float(-h.lr)
    let useWD = h.weightDecay != 0
    let useMom = h.momentum != 0
    let first = !hasBuffer[t]
    if useMom { hasBuffer[t] = true }
    let nesterov = config.nesterov
    let b = buf
    // Plain loops: LLVM vectorises them; every lane performs the same Float operations.
    for i in r {
      var gi = g[i]
      if useWD { gi = gi + wd * p[i] }
      if useMom {
        let bi = first ? gi : b[i] * mom + damp * gi
        b[i] = bi
        gi = nesterov ? gi + mom * bi : bi
      }
      p[i] = p[i] + negLR * gi
    }
  }

  func adam(
    _ r: Range<Int>, _ t: Int, _ p: UnsafeMutablePointer<Float>, _ g: UnsafePointer<Float>, _ h: StepHyperparameters,
    decoupled: Bool
  ) {
    steps[t] += 1
    let step = Double(steps[t])
    let beta1 = h.beta1
    let beta2 = config.beta2
    let decay = Float(1 - h.lr * h.weightDecay)
    let wd = Float(h.weightDecay)
    let useWD = h.weightDecay != 0
    let w = Float(1 - beta1)
    let small = abs(w) < 0.5
    let oneMinusW = 1 - w
    let b2 = Float(beta2)
    let c2 = Float(1 - beta2)
    let biasCorrection1 = 1 - pow(beta1, step)
    let biasCorrection2 = 1 - pow(beta2, step)
    let negStepSize = Float(-(h.lr / biasCorrection1))
    let bc2Sqrt = Float(pow(biasCorrection2, 0.5))
    let eps = Float(config.eps)
    let m = buf
    let v = sq
    for i in r {
      var gi = g[i]
      var pi = p[i]
      if useWD {
        if decoupled { pi = pi * decay } else { gi = gi + wd * pi }
      }
      // torch's lerp: self + w·(end − self) for |w| < 0.5, else end − (end − self)·(1 − w)
      let mi = small ? m[i] + w * (gi - m[i]) : gi - (gi - m[i]) * oneMinusW
      m[i] = mi
      let vi = v[i] * b2 + c2 * gi * gi
      v[i] = vi
      let denom = vi.squareRoot() / bc2Sqrt + eps
      p[i] = pi + negStepSize * (mi / denom)
    }
  }
}
