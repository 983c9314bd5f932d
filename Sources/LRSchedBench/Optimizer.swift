#if canImport(Glibc)
import Glibc
#endif
import LRSchedKernels

/// Which update rule and its constant settings; lr, momentum/β1 and weight decay come from the
/// schedule at every step.
public struct UpdateRule: Equatable, Sendable {
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
  public let config: UpdateRule
  public let count: Int
  let tensors: [Range<Int>]
  let buf: UnsafeMutablePointer<Float>
  let sq: UnsafeMutablePointer<Float>
  var hasBuffer: [Bool]
  /// Adam step count per tensor (torch's `state['step']`).
  public private(set) var steps: [Int]

  /// The SGD and Adam loops in use (both builds give identical results).
  let kernels: KernelSet

  public init(config: UpdateRule, tensors: [Range<Int>], kernels: KernelSet = .best) {
    self.config = config
    self.kernels = kernels
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
    let useMom = h.momentum != 0
    let first = !hasBuffer[t]
    if useMom { hasBuffer[t] = true }
    let k = SGDStep(
      weightDecay: Float(h.weightDecay), momentum: Float(h.momentum), dampeningComplement: Float(1 - config.dampening),
      negLR: Float(-h.lr), useWeightDecay: h.weightDecay != 0, useMomentum: useMom, first: first,
      nesterov: config.nesterov)
    let o = r.lowerBound
    kernels.sgd(p + o, g + o, buf + o, r.count, k)
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
    let k = AdamStep(
      decay: decay, weightDecay: wd, useWeightDecay: useWD, decoupled: decoupled, w: w, oneMinusW: oneMinusW,
      small: small, beta2: b2, oneMinusBeta2: c2, bc2Sqrt: bc2Sqrt, eps: eps, negStepSize: negStepSize)
    let o = r.lowerBound
    kernels.adam(p + o, g + o, buf + o, sq + o, r.count, k)
  }
}
