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

    public init(
      start: Double = 1e-7, end: Double = 10, steps: Int = 100, mode: Mode = .exp, smooth: Double = 0.05,
      diverge: Double = 5, batchSize: Int = 128, optimizer: UpdateRule = .sgd(),
      hyper: StepHyperparameters = StepHyperparameters(lr: 0, momentum: 0.9), seed: UInt64 = 0, threads: Int = 1
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

  public struct Result: Sendable {
    public var lrs: [Double]
    public var losses: [Double]
    public var smoothed: [Double]
    /// Stopped before `steps` because the smoothed loss diverged.
    public var diverged: Bool
    public var suggestions: Suggestions
  }

  /// Runs the test on `dataset`'s training split.
  public static func run(
    dataset: CIFAR10Dataset, config: Config, stop: StopFlag? = nil, progress: ((Int, Int) -> Void)? = nil
  ) throws -> Result {
    try config.validate()
    let trainer = try Trainer(
      dataset: dataset,
      config: TrainingConfig(
        epochs: 1, batchSize: config.batchSize, optimizer: config.optimizer, threads: config.threads, seed: config.seed,
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
      progress?(i + 1, config.steps)
      if s < best { best = s }
      if !s.isFinite || s > config.diverge * best {
        diverged = true
        break
      }
    }
    let suggestions = suggest(lrs: lrs, losses: smoothed, skipStart: config.steps / 10, skipEnd: 5)
    return Result(lrs: lrs, losses: losses, smoothed: smoothed, diverged: diverged, suggestions: suggestions)
  }

  /// Suggested learning rates from a (smoothed) loss curve.
  public struct Suggestions: Equatable, Sendable {
    /// The trimmed index window the suggestions were taken from.
    public var window: Range<Int>
    /// Index of the steepest descent of the loss against log lr (fastai `steep`).
    public var steepest: Int?
    /// Index of the minimum loss; the suggestion is `lrs[minimum] / 10` (fastai `minimum`).
    public var minimum: Int?
    /// Index of fastai's `valley` point, about halfway down the longest descending run.
    public var valley: Int?
    public var steepestLR: Double?
    public var minimumLR: Double?
    public var valleyLR: Double?

    /// The one to use as OneCycleLR's `max_lr`: minimum/10 (fastai's `lr_min`, Smith's "an order
    /// of magnitude below where the loss bottoms out"), else valley, else steepest. Steepest
    /// follows noise (torch-lr-finder#86, #106; Lightning#1767) and valley lands far too low for
    /// OneCycleLR here; docs/bench.md, "Which suggestion", has the measurements.
    public var suggested: Double? { minimumLR ?? valleyLR ?? steepestLR }
  }

  /// Suggestions on `losses[skipStart ..< count − skipEnd]` (the whole curve when that leaves
  /// fewer than 3 points). A pure function, so it is tested on known curves.
  ///
  /// - steepest: `argmin_i (L_{i+1} − L_i) / (ln lr_{i+1} − ln lr_i)` → `lr_i`
  ///   (fastai `steep`; torch-lr-finder uses the index-gradient instead, which ignores spacing).
  /// - minimum: `lr[argmin L] / 10`.
  /// - valley: fastai's O(n²) longest-decreasing-subsequence scan; with the run `[s, e]`,
  ///   `idx = s + int((e − s)/3) + int((e − s)/3/2)`.
  public static func suggest(lrs: [Double], losses: [Double], skipStart: Int = 10, skipEnd: Int = 5) -> Suggestions {
    let n = min(lrs.count, losses.count)
    var lo = max(0, skipStart)
    var hi = n - max(0, skipEnd)
    if hi - lo < 3 {
      lo = 0
      hi = n
    }
    var s = Suggestions(window: lo..<max(lo, hi))
    guard hi - lo >= 2 else { return s }
    // steepest
    var bestSlope = Double.infinity
    for i in lo..<(hi - 1) {
      let dx = log(lrs[i + 1]) - log(lrs[i])
      guard dx != 0 else { continue }
      let slope = (losses[i + 1] - losses[i]) / dx
      if slope < bestSlope {
        bestSlope = slope
        s.steepest = i
      }
    }
    // minimum
    var m = lo
    for i in lo..<hi where losses[i] < losses[m] { m = i }
    s.minimum = m
    // valley (fastai/callback/schedule.py `valley`), on the window
    let w = Array(losses[lo..<hi])
    let count = w.count
    var lds = [Int](repeating: 1, count: count)
    var maxStart = 0
    var maxEnd = 0
    for i in 1..<count {
      for j in 0..<i {
        if w[i] < w[j] && lds[i] < lds[j] + 1 { lds[i] = lds[j] + 1 }
        if lds[maxEnd] < lds[i] {
          maxEnd = i
          maxStart = maxEnd - lds[maxEnd]
        }
      }
    }
    let sections = Double(maxEnd - maxStart) / 3
    let idx = maxStart + Int(sections) + Int(sections / 2)
    s.valley = lo + min(max(idx, 0), count - 1)
    s.steepestLR = s.steepest.map { lrs[$0] }
    s.minimumLR = lrs[m] / 10
    s.valleyLR = s.valley.map { lrs[$0] }
    return s
  }
}
