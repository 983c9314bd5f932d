#if canImport(Glibc)
import Glibc
#endif

/// When the trainer advances its `TrainingSchedule`: after every batch or after every epoch.
/// (A schedule engine run that steps its scheduler per epoch is still advanced every batch:
/// the run applies its own stepping.)
public enum AdvanceEvery: String, Sendable, CaseIterable {
  case batch
  case epoch
}

/// Settings of a benchmark run (defaults reproduce the original: 15 epochs of batch 128).
public struct TrainingConfig: Sendable {
  public var epochs: Int
  public var batchSize: Int
  public var optimizer: UpdateRule
  public var advanceEvery: AdvanceEvery
  public var threads: Int
  public var seed: UInt64
  /// Evaluate the test split after every epoch (timed as `t_eval`, outside `t_ep`).
  public var evaluate: Bool
  /// Which build of the pixel kernels runs (results are identical; speed differs).
  public var kernels: KernelChoice

  public init(
    epochs: Int = 15, batchSize: Int = 128, optimizer: UpdateRule = .sgd(), advanceEvery: AdvanceEvery = .batch,
    threads: Int = 1, seed: UInt64 = 0, evaluate: Bool = true, kernels: KernelChoice = .auto
  ) {
    self.epochs = epochs
    self.batchSize = batchSize
    self.optimizer = optimizer
    self.advanceEvery = advanceEvery
    self.threads = threads
    self.seed = seed
    self.evaluate = evaluate
    self.kernels = kernels
  }

  /// One thread per online CPU, at most one per batch partition (4): results are the same for
  /// every count, so the default may use what the machine has.
  public static var automaticThreads: Int {
    max(1, min(sysconf(Int32(_SC_NPROCESSORS_ONLN)), BatchEngine.partitions))
  }

  func validate() throws {
    guard epochs >= 1 else { throw BenchError.invalidArgument(name: "--epochs", value: "\(epochs)", reason: "must be >= 1") }
    guard batchSize >= 1 else {
      throw BenchError.invalidArgument(name: "--batch-size", value: "\(batchSize)", reason: "must be >= 1")
    }
    guard threads >= 1 else { throw BenchError.invalidArgument(name: "--threads", value: "\(threads)", reason: "must be >= 1") }
  }
}

/// Figures of one completed epoch; times in seconds under the original benchmark's names.
public struct EpochRecord: Equatable, Sendable {
  public var epoch: Int
  public var tEp: Double
  public var tLoad: Double
  public var tFwd: Double
  public var tBwd: Double
  public var tOpt: Double
  public var tSch: Double
  public var tEval: Double
  public var steps: Int
  public var trainLoss: Double
  public var trainAccuracy: Double
  public var testLoss: Double?
  public var testAccuracy: Double?
  /// The lr of group 0 used by the epoch's last step.
  public var lr: Double
}

/// The result of `Trainer.run`.
public struct BenchRun: Sendable {
  public var config: TrainingConfig
  public var trainCount: Int
  public var testCount: Int
  public var epochs: [EpochRecord]
  /// The lr of group 0 used at every optimizer step, in order.
  public var lrs: [Double]
  /// Stopped by the stop flag; `epochs` holds the completed ones.
  public var interrupted: Bool
  /// The pixel kernels that ran (`KernelSet.name`).
  public var kernels: String
  public var summary: BenchSummary { BenchSummary(self) }
}

/// Progress callback: `(epoch, batchesDone, batchesPerEpoch)`.
public typealias ProgressHandler = (Int, Int, Int) -> Void

/// Trains the 2-neuron network with per-phase timing: `t_load` (shuffle and batch slicing),
/// `t_fwd`, `t_bwd`, `t_opt` (optimizer), `t_sch` (the schedule's own
/// calls); `t_ep` is the whole epoch loop. Consecutive phases share clock readings, so the
/// phases add up to `t_ep` up to the loop's own bookkeeping. `t_sch` is the scheduler alone:
/// the refills of the read-ahead (`ScheduleLookahead`), where all of its calls happen, each
/// timed beside an empty interval taken just before it with the same clock at the same place,
/// whose sum (what the clock readings cost there) is subtracted (docs/bench.md, "t_sch").
public final class Trainer {
  public let dataset: CIFAR10Dataset
  public let config: TrainingConfig
  public let net: TwoNeuronNet
  public let optimizer: Optimizer
  /// The pixel kernels in use (`config.kernels` resolved for this CPU).
  public let kernels: KernelSet
  let engine: BatchEngine
  var shuffleRNG: Xoshiro256
  var order: [Int32]

  public init(dataset: CIFAR10Dataset, config: TrainingConfig) throws {
    try config.validate()
    self.dataset = dataset
    self.config = config
    net = TwoNeuronNet(stats: dataset.stats, seed: config.seed)
    kernels = try KernelSet.select(config.kernels)
    optimizer = Optimizer(config: config.optimizer, tensors: TwoNeuronNet.tensors, kernels: kernels)
    engine = BatchEngine(net: net, kernels: kernels, threads: config.threads, maxBatch: min(config.batchSize, max(dataset.train.count, 1)))
    shuffleRNG = Xoshiro256(seed: SplitMix64.mix(config.seed, 0x5_4FF1E))
    order = (0..<Int32(dataset.train.count)).map { $0 }
  }

  deinit { engine.stop() }

  /// Batches per epoch (the last one may be short, as `drop_last=False`).
  public var batchesPerEpoch: Int { (dataset.train.count + config.batchSize - 1) / config.batchSize }

  /// Fisher–Yates shuffle of the sample order with the seeded generator (one stream over epochs).
  func shuffle() {
    order.withUnsafeMutableBufferPointer { o in
      var i = o.count - 1
      while i > 0 {
        let j = shuffleRNG.below(i + 1)
        o.swapAt(i, j)
        i -= 1
      }
    }
  }

  /// One optimizer step on `indices`; returns the batch's loss sum and correct count.
  func trainStep(_ indices: UnsafePointer<Int32>, count: Int, hyper: [StepHyperparameters]) -> BatchEngine.BatchResult {
    let r = engine.lossAndGradient(dataset.train, indices, count: count)
    applyOptimizer(hyper[0], hyper[min(1, hyper.count - 1)])
    return r
  }

  /// Layer 1 (`W1`, `b1`) with group 0's values, layer 2 (`W2`, `b2`) with `second`'s.
  @inline(__always)
  func applyOptimizer(_ first: StepHyperparameters, _ second: StepHyperparameters) {
    optimizer.step(tensor: 0, params: net.parameters, grads: engine.grad, first)
    optimizer.step(tensor: 1, params: net.parameters, grads: engine.grad, first)
    optimizer.step(tensor: 2, params: net.parameters, grads: engine.grad, second)
    optimizer.step(tensor: 3, params: net.parameters, grads: engine.grad, second)
  }

  /// The gradient of the mean loss over the first `count` entries of `indices` (for tests).
  public func gradient(indices: [Int32]) -> (loss: Double, grad: [Float]) {
    let r = indices.withUnsafeBufferPointer { engine.lossAndGradient(dataset.train, $0.baseAddress!, count: $0.count) }
    return (r.lossSum / Double(indices.count), Array(UnsafeBufferPointer(start: engine.grad, count: TwoNeuronNet.parameterCount)))
  }

  /// Test-split mean loss and accuracy with the current weights.
  public func evaluate() -> (loss: Double, accuracy: Double) { engine.evaluate(dataset.test) }

  /// Runs `config.epochs` epochs.
  /// - Parameters:
  ///   - schedule: read before and advanced after every step (or epoch, per `config.advanceEvery`).
  ///   - stop: checked after every batch.
  ///   - progress: called after every batch.
  ///   - onEpoch: called after every completed epoch (for printing as it goes).
  public func run<S: TrainingSchedule>(
    schedule: inout S, stop: StopFlag? = nil, progress: ProgressHandler? = nil, onEpoch: (EpochRecord) -> Void = { _ in }
  ) throws -> BenchRun {
    // The loop itself is not generic: called from another module, a generic loop runs
    // unspecialised (generic metadata and witness calls around every buffer access, ~200 ns
    // per step). The schedule is reached through one closure, once per read-ahead chunk.
    let second = schedule.groupCount > 1 ? 1 : 0
    let h0 = schedule.hyperparameters(group: 0)
    let first = (h0, second == 0 ? h0 : schedule.hyperparameters(group: second))
    return try loop(
      first: first, stop: stop, progress: progress, onEpoch: onEpoch, readsMetric: schedule.readsEpochMetric,
      metric: { schedule.setEpochMetric($0, epoch: $1) }
    ) { n, values in
      schedule.advance(upTo: n, second: second, into: &values)
    }
  }

  private func loop(
    first: (StepHyperparameters, StepHyperparameters), stop: StopFlag?, progress: ProgressHandler?,
    onEpoch: (EpochRecord) -> Void, readsMetric: Bool, metric: (Double, Int) -> Void,
    next: ScheduleLookahead.Fill
  ) throws -> BenchRun {
    var records: [EpochRecord] = []
    var lrs: [Double] = []
    lrs.reserveCapacity(config.epochs * batchesPerEpoch)
    var interrupted = false
    // Hyperparameters of the next step: read before the first step, then after every advance
    // (from the buffer, or from a timed refill when it is used up).
    var ahead = ScheduleLookahead(
      first: first, advances: config.advanceEvery == .batch ? config.epochs * batchesPerEpoch : config.epochs)
    var (h0, h1) = ahead.current
    let n = dataset.train.count
    let batches = batchesPerEpoch
    // Read once: inside the timed intervals a load from `self` can be a cache miss after a batch.
    let perBatch = config.advanceEvery == .batch
    let batchSize = config.batchSize
    epochs: for epoch in 0..<config.epochs {
      var tLoad: UInt64 = 0
      var tFwd: UInt64 = 0
      var tBwd: UInt64 = 0
      var tOpt: UInt64 = 0
      var scheduler = SchedulerTimer()
      var lossSum = 0.0
      var hits = 0
      var lastLR = 0.0
      let epochStart = monotonicNanos()
      shuffle()
      var t = monotonicNanos()
      tLoad += t - epochStart
      for b in 0..<batches {
        let lo = b * batchSize
        let count = min(batchSize, n - lo)
        let t1 = monotonicNanos()
        tLoad += t1 - t
        // The next batch's indices follow in `order`: the forward pass prefetches into them.
        let result = order.withUnsafeBufferPointer {
          engine.lossAndGradient(dataset.train, $0.baseAddress! + lo, count: count, following: n - lo - count)
        }
        t = monotonicNanos()
        tFwd += result.forwardNanos
        tBwd += (t - t1) - result.forwardNanos
        lossSum += result.lossSum
        hits += result.correct
        ahead.prefetchNext()
        applyOptimizer(h0, h1)
        let t2 = monotonicNanos()
        tOpt += t2 - t
        lastLR = h0.lr
        if perBatch && !(readsMetric && b == batches - 1) {
          if ahead.needsRefill {
            // The scheduler's calls for the coming steps, timed after the empty interval that
            // starts at t2.
            let cap = readsMetric ? batches - 1 - b : .max
            t = try scheduler.time(since: t2) {
              do { try ahead.refill(next, cap: cap) } catch { throw BenchError.schedule(message: "\(error)") }
            }
          } else {
            // Values the last refill computed: moving to them is the loop's bookkeeping.
            ahead.moveToNextBuffered()
            t = t2
          }
          (h0, h1) = ahead.current
        } else {
          t = t2
        }
        lrs.append(lastLR)
        progress?(epoch, b + 1, batches)
        if let stop, stop.isRequested {
          interrupted = true
          break epochs
        }
      }
      if !perBatch && !readsMetric {
        t = try scheduler.time(since: monotonicNanos()) {
          do { try ahead.advance(next) } catch { throw BenchError.schedule(message: "\(error)") }
          (h0, h1) = ahead.current
        }
      }
      var tSch = scheduler.net
      let epochEnd = t
      var testLoss: Double?
      var testAcc: Double?
      var tEval: UInt64 = 0
      if config.evaluate && dataset.test.count > 0 {
        let e0 = monotonicNanos()
        let r = engine.evaluate(dataset.test)
        tEval = monotonicNanos() - e0
        testLoss = r.loss
        testAcc = r.accuracy
      }
      let trainLoss = n > 0 ? lossSum / Double(n) : 0
      if readsMetric {
        // The epoch's last scheduler call, after the evaluation: it reads the test loss.
        var last = SchedulerTimer()
        _ = try last.time(since: monotonicNanos()) {
          metric(testLoss ?? trainLoss, epoch)
          do { try ahead.advance(next, cap: 1) } catch { throw BenchError.schedule(message: "\(error)") }
          (h0, h1) = ahead.current
        }
        tSch += last.net
      }
      let s = 1e-9
      let record = EpochRecord(
        epoch: epoch, tEp: Double(epochEnd - epochStart) * s, tLoad: Double(tLoad) * s, tFwd: Double(tFwd) * s,
        tBwd: Double(tBwd) * s, tOpt: Double(tOpt) * s, tSch: Double(tSch) * s, tEval: Double(tEval) * s,
        steps: batches, trainLoss: trainLoss, trainAccuracy: n > 0 ? Double(hits) / Double(n) : 0,
        testLoss: testLoss, testAccuracy: testAcc, lr: lastLR)
      records.append(record)
      onEpoch(record)
      if let stop, stop.isRequested {
        interrupted = true
        break
      }
    }
    return BenchRun(
      config: config, trainCount: n, testCount: dataset.test.count, epochs: records, lrs: lrs, interrupted: interrupted,
      kernels: kernels.name)
  }
}
