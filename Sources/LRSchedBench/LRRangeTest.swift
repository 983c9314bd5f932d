#if canImport(Glibc)
import Glibc
#endif

/// The LR range test (Smith 2015, "Cyclical Learning Rates for Training Neural Networks"), as in
/// torch-lr-finder's `range_test` and fastai's `lr_find`: fresh weights, the lr raised every batch
/// from `start` to `end`, an exponentially smoothed loss, and a stop once it diverges.
///
/// ```
/// exp:    lr_i = start · (end/start)^(i/(steps−1))       linear: lr_i = start + i/(steps−1) · (end − start)
/// smooth: L_0 = loss_0,  L_i = f · loss_i + (1 − f) · L_{i−1}      (no bias correction)
/// stop:   L_i > diverge · min_{j≤i} L_j   or a non-finite loss
/// ```
/// `loss_i` is the batch's loss before the update made with `lr_i` (torch-lr-finder's pairing).
///
/// `runs` tests run one after the other from the seeds `seed, seed+1, …` (fresh weights and batch
/// order each); the curve reported is their pointwise median, and the recommendation is the median
/// of the runs' own minimum lrs divided by `divisor` (`suggest(lrs:runs:…)`; docs/bench.md,
/// "Which suggestion", has the measurements behind it).
public enum LRRangeTest {
  public enum Mode: String, Sendable, CaseIterable {
    case exp
    case linear
  }

  public struct Config: Sendable {
    public var start: Double
    public var end: Double
    public var steps: Int
    public var mode: Mode
    public var smooth: Double
    public var diverge: Double
    public var batchSize: Int
    public var optimizer: UpdateRule
    /// Momentum / β1 / weight decay for every step (the lr is the test's).
    public var hyper: StepHyperparameters
    public var seed: UInt64
    public var threads: Int
    /// Range tests run (seeds `seed … seed+runs−1`).
    public var runs: Int
    /// The recommendation is the median of the runs' minimum lrs divided by this.
    public var divisor: Double

    public init(
      start: Double = 1e-5, end: Double = 10, steps: Int = 8000, mode: Mode = .exp, smooth: Double = 0.01,
      diverge: Double = 5, batchSize: Int = 128, optimizer: UpdateRule = .sgd(),
      hyper: StepHyperparameters = StepHyperparameters(lr: 0, momentum: 0.9), seed: UInt64 = 0, threads: Int = 1,
      runs: Int = 5, divisor: Double = 5
    ) {
      self.start = start
      self.end = end
      self.steps = steps
      self.mode = mode
      self.smooth = smooth
      self.diverge = diverge
      self.batchSize = batchSize
      self.optimizer = optimizer
      self.hyper = hyper
      self.seed = seed
      self.threads = threads
      self.runs = runs
      self.divisor = divisor
    }

    public func validate() throws {
      func bad(_ name: String, _ v: Double, _ why: String) -> BenchError {
        .invalidArgument(name: name, value: "\(v)", reason: why)
      }
      guard start > 0, start.isFinite else { throw bad("--start", start, "must be > 0") }
      guard end > start, end.isFinite else { throw bad("--end", end, "must be greater than --start") }
      guard steps >= 2 else { throw BenchError.invalidArgument(name: "--steps", value: "\(steps)", reason: "must be >= 2") }
      guard smooth >= 0, smooth < 1 else { throw bad("--smooth", smooth, "must be in [0, 1)") }
      guard diverge > 1 else { throw bad("--diverge", diverge, "must be > 1") }
      guard runs >= 1 else { throw BenchError.invalidArgument(name: "--runs", value: "\(runs)", reason: "must be >= 1") }
      guard divisor > 0, divisor.isFinite else { throw bad("--divisor", divisor, "must be > 0") }
    }

    /// The lr of step `i`.
    public func lr(at i: Int) -> Double {
      let t = Double(i) / Double(steps - 1)
      switch mode {
      case .exp: return start * pow(end / start, t)
      case .linear: return start + t * (end - start)
      }
    }
  }

  /// One range test's curve.
  public struct Run: Sendable {
    public var seed: UInt64
    public var lrs: [Double]
    public var losses: [Double]
    public var smoothed: [Double]
    /// Stopped before `steps` because the smoothed loss diverged.
    public var diverged: Bool
  }

  public struct Result: Sendable {
    /// Every run, in seed order.
    public var runs: [Run]
    /// The lrs of the longest run (every run has the same lr at the same step).
    public var lrs: [Double]
    /// Pointwise medians over the runs (`combine`): raw and smoothed loss.
    public var losses: [Double]
    public var smoothed: [Double]
    /// Some run stopped early because its smoothed loss diverged.
    public var diverged: Bool { runs.contains { $0.diverged } }
    public var suggestions: Suggestions
  }

  /// Runs `config.runs` tests on `dataset`'s training split.
  public static func run(
    dataset: CIFAR10Dataset, config: Config, stop: StopFlag? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws -> Result {
    try config.validate()
    var runs: [Run] = []
    for k in 0..<config.runs {
      if let stop, stop.isRequested, !runs.isEmpty { break }
      let done = k * config.steps
      runs.append(
        try runOnce(dataset: dataset, config: config, seed: config.seed &+ UInt64(k), stop: stop) { i, _ in
          progress?(done + i, config.runs * config.steps)
        })
    }
    let longest = runs.max { $0.lrs.count < $1.lrs.count }!
    let smoothed = combine(runs.map(\.smoothed))
    let losses = Array(combine(runs.map(\.losses)).prefix(smoothed.count))
    let suggestions = suggest(
      lrs: longest.lrs, runs: runs.map(\.smoothed), skipStart: config.steps / 10, skipEnd: 5, divisor: config.divisor)
    return Result(
      runs: runs, lrs: Array(longest.lrs.prefix(smoothed.count)), losses: losses, smoothed: smoothed,
      suggestions: suggestions)
  }

  /// One range test from fresh weights for `seed`.
  static func runOnce(
    dataset: CIFAR10Dataset, config: Config, seed: UInt64, stop: StopFlag?, progress: (Int, Int) -> Void
  ) throws -> Run {
    let trainer = try Trainer(
      dataset: dataset,
      config: TrainingConfig(
        epochs: 1, batchSize: config.batchSize, optimizer: config.optimizer, threads: config.threads, seed: seed,
        evaluate: false))
    var lrs: [Double] = []
    var losses: [Double] = []
    var smoothed: [Double] = []
    var best = Double.infinity
    var diverged = false
    var position = dataset.train.count  // forces a shuffle first
    for i in 0..<config.steps {
      if let stop, stop.isRequested { break }
      if position >= dataset.train.count {
        trainer.shuffle()
        position = 0
      }
      let count = min(config.batchSize, dataset.train.count - position)
      var h = config.hyper
      h.lr = config.lr(at: i)
      let r = trainer.order.withUnsafeBufferPointer { o in
        trainer.trainStep(o.baseAddress! + position, count: count, hyper: [h])
      }
      position += count
      let loss = r.lossSum / Double(count)
      let s = i == 0 || config.smooth == 0 ? loss : config.smooth * loss + (1 - config.smooth) * smoothed[i - 1]
      lrs.append(h.lr)
      losses.append(loss)
      smoothed.append(s)
      progress(i + 1, config.steps)
      if s < best { best = s }
      if !s.isFinite || s > config.diverge * best {
        diverged = true
        break
      }
    }
    return Run(seed: seed, lrs: lrs, losses: losses, smoothed: smoothed, diverged: diverged)
  }
}
