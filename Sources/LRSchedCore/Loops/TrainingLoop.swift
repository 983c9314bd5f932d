/// The training frameworks whose scheduler stepping lrsched models, each at its pinned
/// version: a hand-written PyTorch loop, transformers 5.25 `Trainer`, accelerate 1.16
/// (`AcceleratedScheduler`), pytorch-lightning 2.6.
public enum LoopFramework: String, Sendable, CaseIterable {
  case torch, trainer, accelerate, lightning
}

/// Where a hand-written loop (plain PyTorch or accelerate) calls `scheduler.step()`.
public enum SchedulerCallSite: String, Sendable, CaseIterable {
  /// After every dataloader batch (every micro-batch when accumulating).
  case batch
  /// Right after each real optimizer step (an accumulation boundary).
  case optimizerStep = "optimizer_step"
  /// Once after each epoch's batch loop.
  case epoch
}

/// Lightning's `lr_scheduler` config key `interval`.
public enum LightningInterval: String, Sendable, CaseIterable {
  case step, epoch
}

/// How a training loop drives one scheduler: the counts it runs and the framework's rule
/// for when `scheduler.step()` runs. Counts are per process (data-parallel processes
/// each run the same loop on their shard).
///
/// Accumulation groups batches per epoch: an optimizer step follows batch `b` iff
/// `(b + 1) % K == 0` or `b + 1 == B` (accelerate `accelerator.py:1190-1197`, Trainer
/// `trainer.py:1934`, Lightning `training_epoch_loop.py:438-454`), so an epoch has
/// `ceil(B / K)` optimizer steps.
public struct TrainingLoop: Sendable, Equatable {
  public var framework: LoopFramework
  /// W: data-parallel processes.
  public var worldSize: Int
  /// B: dataloader batches each process runs per epoch.
  public var batchesPerEpoch: Int
  /// E: epochs run (the Trainer: its loop count).
  public var epochs: Int
  /// K: batches per optimizer step (gradient accumulation).
  public var accumulation: Int
  /// torch, accelerate: where the user calls `scheduler.step()`.
  public var callSite: SchedulerCallSite
  /// accelerate: `DataLoaderConfiguration(split_batches=...)`.
  public var splitBatches: Bool
  /// accelerate: `Accelerator(step_scheduler_with_optimizer=...)`.
  public var stepWithOptimizer: Bool
  /// Lightning: `interval` and `frequency` of the `lr_scheduler` config.
  public var interval: LightningInterval
  public var frequency: Int
  /// Trainer: training stops when `global_step == max_steps`.
  public var maxSteps: Int?
  /// Optimizer steps (0-based) whose update the GradScaler skipped, ascending, unique.
  public private(set) var skippedSteps: [Int]

  public init(
    framework: LoopFramework, worldSize: Int = 1, batchesPerEpoch: Int, epochs: Int, accumulation: Int = 1,
    callSite: SchedulerCallSite = .batch, splitBatches: Bool = false, stepWithOptimizer: Bool = true,
    interval: LightningInterval = .step, frequency: Int = 1, maxSteps: Int? = nil, skippedSteps: [Int] = []
  ) {
    self.framework = framework
    self.worldSize = worldSize
    self.batchesPerEpoch = batchesPerEpoch
    self.epochs = epochs
    self.accumulation = accumulation
    self.callSite = callSite
    self.splitBatches = splitBatches
    self.stepWithOptimizer = stepWithOptimizer
    self.interval = interval
    self.frequency = frequency
    self.maxSteps = maxSteps
    self.skippedSteps = Array(Set(skippedSteps)).sorted()
  }

  public mutating func setSkippedSteps(_ steps: [Int]) { skippedSteps = Array(Set(steps)).sorted() }

  /// Optimizer steps per epoch: `ceil(B / K)`.
  public var optimizerStepsPerEpoch: Int { (batchesPerEpoch + accumulation - 1) / accumulation }

  /// N: optimizer steps the run takes (the Trainer stops at `max_steps`).
  public var optimizerSteps: Int {
    let n = epochs * optimizerStepsPerEpoch
    if let m = maxSteps, framework == .trainer { return Swift.min(n, m) }
    return n
  }

  /// Whether batch `b` of an epoch ends an accumulation group (an optimizer step follows).
  @inline(__always)
  public func isSync(batch b: Int) -> Bool { (b + 1) % accumulation == 0 || b + 1 == batchesPerEpoch }

  /// Whether this loop steps exactly like the plain loop `ScheduleRun` runs without a
  /// model: one process-independent `scheduler.step()` per optimizer step or per epoch
  /// (a torch loop without accumulation, where skips don't change the schedule).
  public var isPlainTorchLoop: Bool { framework == .torch && accumulation == 1 }

  /// The plain loop's `StepOn` for `isPlainTorchLoop` loops.
  public var plainStepOn: StepOn { callSite == .epoch ? .epoch : .batch }

  /// Scheduler steps taken by a W-process accelerate call that advances (`split_batches`: 1).
  public var accelerateFactor: Int { splitBatches ? 1 : worldSize }

  /// How many `scheduler.step()` calls the loop really makes, ignoring skipped steps and
  /// accelerate's `total_steps` guard: what a schedule sized for this loop must cover.
  public var schedulerSteps: Int {
    let B = batchesPerEpoch, E = epochs, N = optimizerSteps
    switch framework {
    case .torch:
      switch callSite {
      case .batch: return E * B
      case .optimizerStep: return N
      case .epoch: return E
      }
    case .accelerate:
      let perCall = stepWithOptimizer ? accelerateFactor : 1
      switch callSite {
      case .batch: return stepWithOptimizer ? N * perCall : E * B
      case .optimizerStep: return N * perCall
      case .epoch: return E * perCall
      }
    case .trainer:
      return N
    case .lightning:
      if interval == .epoch { return E / frequency }
      return E * lightningStepsPerEpoch
    }
  }

  /// Lightning `interval='step'`: optimizer steps of an epoch whose last batch `b` has
  /// `(b + 1) % frequency == 0`.
  public var lightningStepsPerEpoch: Int {
    let B = batchesPerEpoch, K = accumulation, F = frequency
    let l = K / gcd(K, F) * F
    var n = B / l
    if B % K != 0 && B % F == 0 { n += 1 }
    return n
  }
}

extension TrainingLoop {
  /// One line for titles and notes: `accelerate, 2 processes, accumulation 4, stepped per batch`.
  public var summary: String {
    stepping + (skippedSteps.isEmpty ? "" : ", \(skippedSteps.count) skipped step\(skippedSteps.count == 1 ? "" : "s")")
  }

  /// The summary without the skipped steps: how the loop steps the scheduler.
  public var stepping: String {
    var parts = [framework == .torch ? "PyTorch loop" : framework == .trainer ? "HF Trainer" : framework.rawValue]
    if worldSize > 1 { parts.append("\(worldSize) processes" + (splitBatches ? " (split batches)" : "")) }
    if accumulation > 1 { parts.append("accumulation \(accumulation)") }
    switch framework {
    case .torch, .accelerate:
      parts.append(
        callSite == .batch ? "stepped per batch" : callSite == .epoch ? "stepped per epoch" : "stepped per optimizer step")
      if framework == .accelerate && !stepWithOptimizer { parts.append("step_scheduler_with_optimizer=False") }
    case .trainer:
      if let m = maxSteps { parts.append("max_steps \(m)") }
    case .lightning:
      parts.append("interval '\(interval.rawValue)'" + (frequency > 1 ? ", frequency \(frequency)" : ""))
    }
    return parts.joined(separator: ", ")
  }
}

func gcd(_ a: Int, _ b: Int) -> Int {
  var (x, y) = (a, b)
  while y != 0 { (x, y) = (y, x % y) }
  return x
}
