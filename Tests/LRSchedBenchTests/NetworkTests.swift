#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LRSchedBench

/// The network's loss in Double, with the same normalisation constants as the Float kernel.
func referenceLoss(_ p: [Double], _ net: TwoNeuronNet, _ split: CIFAR10Split, _ indices: [Int]) -> Double {
  var total = 0.0
  for i in indices {
    let img = split.image(i)
    var h = [p[6144], p[6145]]
    for c in 0..<3 {
      let s = Double(net.scale[c])
      let o = Double(net.offset[c])
      for k in 0..<1024 {
        let x = Double(img[c * 1024 + k]) * s + o
        h[0] += p[c * 1024 + k] * x
        h[1] += p[3072 + c * 1024 + k] * x
      }
    }
    let r = h.map { max($0, 0) }
    let z = (0..<10).map { k in p[6166 + k] + p[6146 + 2 * k] * r[0] + p[6146 + 2 * k + 1] * r[1] }
    let m = z.max()!
    let lse = m + log(z.map { exp($0 - m) }.reduce(0, +))
    total += lse - z[split.label(i)]
  }
  return total / Double(indices.count)
}

@Suite struct NetworkTests {
  @Test func gradientMatchesFiniteDifferences() throws {
    let d = SyntheticCIFAR.generate(train: 12, test: 0, seed: 21)
    let t = try Trainer(dataset: d, config: TrainingConfig(seed: 3))
    // Larger second-layer weights so the check exercises every path.
    var params = t.net.parameterArray
    for i in TwoNeuronNet.w2 { params[i] *= 2 }
    t.net.parameterArray = params
    let indices = Array(0..<12)
    let (loss, grad) = t.gradient(indices: indices.map(Int32.init))
    let p = t.net.parameterArray.map(Double.init)
    let ref = referenceLoss(p, t.net, d.train, indices)
    #expect(abs(loss - ref) < 1e-5 * max(1, abs(ref)), "forward: \(loss) vs \(ref)")

    var rng = Xoshiro256(seed: 5)
    var checked = Array(TwoNeuronNet.b1) + Array(TwoNeuronNet.w2) + Array(TwoNeuronNet.b2)
    for _ in 0..<40 { checked.append(rng.below(6144)) }
    for i in checked {
      let eps = 1e-4
      var plus = p
      var minus = p
      plus[i] += eps
      minus[i] -= eps
      let numeric = (referenceLoss(plus, t.net, d.train, indices) - referenceLoss(minus, t.net, d.train, indices)) / (2 * eps)
      let analytic = Double(grad[i])
      #expect(abs(analytic - numeric) <= 1e-5 + 2e-3 * abs(numeric), "parameter \(i): analytic \(analytic) numeric \(numeric)")
    }
  }

  @Test func initialisationFollowsTorchBounds() {
    let d = SyntheticCIFAR.generate(train: 1, test: 0, seed: 1)
    let net = TwoNeuronNet(stats: d.stats, seed: 1)
    let p = net.parameterArray
    let b1 = 1 / Float(3072).squareRoot()
    let b2 = 1 / Float(2).squareRoot()
    #expect(TwoNeuronNet.w1.allSatisfy { abs(p[$0]) <= b1 })
    #expect(TwoNeuronNet.b1.allSatisfy { abs(p[$0]) <= b1 })
    #expect(TwoNeuronNet.w2.allSatisfy { abs(p[$0]) <= b2 })
    #expect(TwoNeuronNet.b2.allSatisfy { abs(p[$0]) <= b2 })
    #expect(TwoNeuronNet.w1.map { abs(p[$0]) }.max()! > 0.9 * b1)
    #expect(TwoNeuronNet(stats: d.stats, seed: 1).parameterArray == p)
    #expect(TwoNeuronNet(stats: d.stats, seed: 2).parameterArray != p)
  }
}

@Suite struct DeterminismTests {
  func losses(seed: UInt64, threads: Int) throws -> ([Double], [Float]) {
    let d = SyntheticCIFAR.generate(train: 600, test: 100, seed: 2)
    let t = try Trainer(dataset: d, config: TrainingConfig(epochs: 2, batchSize: 50, threads: threads, seed: seed))
    var s = ConstantSchedule(StepHyperparameters(lr: 0.01, momentum: 0.9))
    let run = try t.run(schedule: &s)
    return (run.epochs.flatMap { [$0.trainLoss, $0.testLoss!, $0.testAccuracy!] }, t.net.parameterArray)
  }

  @Test func sameSeedSameLossesForAnyThreadCount() throws {
    let a = try losses(seed: 4, threads: 1)
    let b = try losses(seed: 4, threads: 1)
    let c = try losses(seed: 4, threads: 3)
    let other = try losses(seed: 5, threads: 1)
    #expect(a.0 == b.0 && a.1 == b.1)
    #expect(a.0 == c.0 && a.1 == c.1)
    #expect(a.0 != other.0)
  }
}
