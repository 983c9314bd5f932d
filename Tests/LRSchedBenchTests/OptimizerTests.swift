#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LRSchedBench

/// Single steps against PyTorch's formulas written out by hand in Float, with the Python-side
/// scalars computed in Double as torch does.
@Suite struct OptimizerTests {
  let p0: [Float] = [0.5, -1.25, 2.0, 0.0]
  let g1: [Float] = [0.1, -0.2, 0.3, -0.4]
  let g2: [Float] = [-0.05, 0.15, 0.25, 0.35]

  func run(_ config: UpdateRule, _ hypers: [StepHyperparameters], _ grads: [[Float]]) -> [Float] {
    let opt = Optimizer(config: config, tensors: [0..<4])
    var p = p0
    for (h, g) in zip(hypers, grads) {
      p.withUnsafeMutableBufferPointer { pp in
        g.withUnsafeBufferPointer { opt.step(tensor: 0, params: pp.baseAddress!, grads: $0.baseAddress!, h) }
      }
    }
    return p
  }

  @Test func sgdPlain() {
    let h = StepHyperparameters(lr: 0.1)
    let expect = (0..<4).map { p0[$0] + Float(-0.1) * g1[$0] }
    #expect(run(.sgd(), [h], [g1]) == expect)
  }

  @Test func sgdMomentumDampeningWeightDecay() {
    let h1 = StepHyperparameters(lr: 0.1, momentum: 0.9, weightDecay: 0.01)
    let h2 = StepHyperparameters(lr: 0.05, momentum: 0.8, weightDecay: 0.01)
    var expect = p0
    var buf = [Float](repeating: 0, count: 4)
    for i in 0..<4 {
      // step 1: buf = clone(grad) (dampening not applied on the first step)
      let g = g1[i] + Float(0.01) * expect[i]
      buf[i] = g
      expect[i] = expect[i] + Float(-0.1) * buf[i]
    }
    for i in 0..<4 {
      let g = g2[i] + Float(0.01) * expect[i]
      buf[i] = buf[i] * Float(0.8) + Float(1 - 0.3) * g
      expect[i] = expect[i] + Float(-0.05) * buf[i]
    }
    #expect(run(.sgd(dampening: 0.3), [h1, h2], [g1, g2]) == expect)
  }

  @Test func sgdNesterov() {
    let h = StepHyperparameters(lr: 0.1, momentum: 0.9)
    var expect = p0
    var buf = g1
    for i in 0..<4 { expect[i] = expect[i] + Float(-0.1) * (g1[i] + Float(0.9) * buf[i]) }
    for i in 0..<4 {
      buf[i] = buf[i] * Float(0.9) + Float(1) * g2[i]
      expect[i] = expect[i] + Float(-0.1) * (g2[i] + Float(0.9) * buf[i])
    }
    #expect(run(.sgd(nesterov: true), [h, h], [g1, g2]) == expect)
  }

  func adamExpected(decoupled: Bool, wd: Double) -> [Float] {
    let lr = 0.01
    let beta1 = 0.9
    let beta2 = 0.999
    let eps: Float = 1e-8
    var p = p0
    var m = [Float](repeating: 0, count: 4)
    var v = [Float](repeating: 0, count: 4)
    for (t, grads) in [g1, g2].enumerated() {
      let step = Double(t + 1)
      for i in 0..<4 {
        var g = grads[i]
        if wd != 0 {
          if decoupled { p[i] = p[i] * Float(1 - lr * wd) } else { g = g + Float(wd) * p[i] }
        }
        m[i] = m[i] + Float(1 - beta1) * (g - m[i])  // lerp with weight 0.1 < 0.5
        v[i] = v[i] * Float(beta2) + Float(1 - beta2) * g * g
        let bc1 = 1 - pow(beta1, step)
        let bc2 = 1 - pow(beta2, step)
        let denom = v[i].squareRoot() / Float(bc2.squareRoot()) + eps
        p[i] = p[i] + Float(-(lr / bc1)) * (m[i] / denom)
      }
    }
    return p
  }

  @Test func adamTwoSteps() {
    let h = StepHyperparameters(lr: 0.01, beta1: 0.9, weightDecay: 0.1)
    #expect(run(.adam(), [h, h], [g1, g2]) == adamExpected(decoupled: false, wd: 0.1))
  }

  @Test func adamWDecoupledDecay() {
    let h = StepHyperparameters(lr: 0.01, beta1: 0.9, weightDecay: 0.1)
    let got = run(.adamw(), [h, h], [g1, g2])
    #expect(got == adamExpected(decoupled: true, wd: 0.1))
    #expect(got != adamExpected(decoupled: false, wd: 0.1))
  }

  @Test func adamFirstStepMovesByLR() {
    // With bias correction the first Adam step is ≈ lr · sign(g).
    let got = run(.adam(), [StepHyperparameters(lr: 0.01)], [g1])
    for i in 0..<4 { #expect(abs((got[i] - p0[i]) + 0.01 * (g1[i] > 0 ? 1 : -1)) < 1e-6) }
  }
}
