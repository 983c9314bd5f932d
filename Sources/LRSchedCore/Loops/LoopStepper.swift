/// A torch scheduler driven by a real framework's training loop (`TrainingLoop`): the
/// stepper walks the loop batch by batch and runs `scheduler.step()` exactly where the
/// framework's pinned version does. Rows stay "the values optimizer step k trains with":
/// `ScheduleRun` records before each optimizer step and calls `afterOptimizerStep`, which
/// replays every batch up to the next optimizer step.
///
/// Per framework (see docs/loops.md for the source lines):
/// - torch: `scheduler.step()` after every batch, after every optimizer step, or after
///   every epoch; a GradScaler skip changes nothing (the AMP recipe steps anyway).
/// - accelerate 1.16, `AcceleratedScheduler.step()` (`accelerate/scheduler.py:54-82`):
///   with `step_scheduler_with_optimizer=False` one step per call; else nothing on a
///   non-sync batch (`GradientState.adjust_scheduler` is always False, so `_step_count`
///   is not touched either), nothing after a skipped update, one step with
///   `split_batches`, otherwise `W` steps, each only while `_step_count <= total_steps`
///   for a scheduler with `total_steps` (OneCycleLR).
/// - Trainer (transformers 5.25, `trainer.py:1986-1989`): one step per optimizer step
///   unless the update was skipped; no factor W; stops at `max_steps`.
/// - Lightning 2.6 (`loops/training_epoch_loop.py:358-362, 456-459, 482-486`):
///   `interval='step'` steps after an optimizer step's last batch `b` iff
///   `(b + 1) % frequency == 0`; `interval='epoch'` after epoch `e` iff
///   `(e + 1) % frequency == 0`; skips ignored; no factor W.
public struct LoopStepper: Stepper {
  public private(set) var scheduler: any TorchScheduler
  public let loop: TrainingLoop
  /// OneCycleLR's `total_steps` (accelerate's guard reads `hasattr(s, "total_steps")`).
  let guardTotal: Int?
  /// Real `scheduler.step()` calls so far; torch's `_step_count` is `1 + calls`.
  public private(set) var calls = 0
  /// Global index (0-based, across epochs) of the batch the loop is at: after a call
  /// raised, the batch after which that call ran.
  public private(set) var globalBatch = 0
  /// Epoch and in-epoch batch of the next batch to run.
  var epoch = 0
  var batch = 0
  /// Optimizer steps completed.
  var optimizerStep = 0
  var nextSkip = 0
  /// accelerate's `optimizer.step_was_skipped`: the last real update's status.
  var lastUpdateSkipped = false
  var finished = false

  /// Wires `scheduler` (already constructed, its initial step done) into `loop` and runs
  /// the batches before optimizer step 0 (accumulating micro-batches of epoch 0).
  public init(_ scheduler: any TorchScheduler, loop: TrainingLoop, groups: inout [ParamGroup]) throws(ScheduleError) {
    self.scheduler = scheduler
    self.loop = loop
    guardTotal = (scheduler as? TorchOneCycleLR)?.totalSteps
    finished = loop.optimizerSteps == 0
    try runToNextOptimizerStep(&groups)
  }

  /// torch's `_step_count`.
  public var stepCount: Int { 1 + calls }
  public var lastEpoch: Int { scheduler.lastEpoch }

  public mutating func afterOptimizerStep(
    _ groups: inout [ParamGroup], at position: LoopPosition, metric: Double?
  ) throws(ScheduleError) {
    try finishOptimizerStep(&groups)
    try runToNextOptimizerStep(&groups)
  }

  // MARK: - The loop

  /// Runs the non-sync batches up to the next optimizer step (whose values are recorded
  /// before its update).
  mutating func runToNextOptimizerStep(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    while !finished && !loop.isSync(batch: batch) {
      try nonSyncBatch(&groups)
      batch += 1
      globalBatch += 1
    }
  }

  /// The calls after a micro-batch that is not an accumulation boundary.
  mutating func nonSyncBatch(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    switch loop.framework {
    case .torch:
      if loop.callSite == .batch { try step(&groups) }
    case .accelerate:
      if loop.callSite == .batch { try acceleratedCall(&groups, sync: false) }
    case .trainer, .lightning:
      break
    }
  }

  /// Optimizer step `optimizerStep` at batch `batch` just ran (or was skipped): the calls
  /// after it, the end of the epoch, the end of training.
  mutating func finishOptimizerStep(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    precondition(!finished && loop.isSync(batch: batch))
    var skipped = false
    if nextSkip < loop.skippedSteps.count && loop.skippedSteps[nextSkip] == optimizerStep {
      skipped = true
      nextSkip += 1
    }
    lastUpdateSkipped = skipped
    switch loop.framework {
    case .torch:
      if loop.callSite != .epoch { try step(&groups) }
    case .accelerate:
      if loop.callSite != .epoch { try acceleratedCall(&groups, sync: true) }
    case .trainer:
      if !skipped { try step(&groups) }
    case .lightning:
      if loop.interval == .step && (batch + 1) % loop.frequency == 0 { try step(&groups) }
    }
    optimizerStep += 1
    if loop.framework == .trainer, let m = loop.maxSteps, optimizerStep >= m {
      finished = true
      return
    }
    if batch + 1 == loop.batchesPerEpoch {
      try endOfEpoch(&groups)
      epoch += 1
      batch = 0
      if epoch == loop.epochs { finished = true }
    } else {
      batch += 1
    }
    if !finished { globalBatch += 1 }
  }

  mutating func endOfEpoch(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    switch loop.framework {
    case .torch:
      if loop.callSite == .epoch { try step(&groups) }
    case .accelerate:
      // After the last batch `sync_gradients` is still True (end of dataloader).
      if loop.callSite == .epoch { try acceleratedCall(&groups, sync: true) }
    case .trainer:
      break
    case .lightning:
      if loop.interval == .epoch && (epoch + 1) % loop.frequency == 0 { try step(&groups) }
    }
  }

  /// `AcceleratedScheduler.step()` (`accelerate/scheduler.py:54-82`).
  mutating func acceleratedCall(_ groups: inout [ParamGroup], sync: Bool) throws(ScheduleError) {
    if !loop.stepWithOptimizer {
      try step(&groups)
      return
    }
    guard sync, !lastUpdateSkipped else { return }
    if loop.splitBatches {
      try step(&groups)
      return
    }
    for _ in 0..<loop.worldSize {
      if let total = guardTotal {
        if stepCount <= total { try step(&groups) }
      } else {
        try step(&groups)
      }
    }
  }

  mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    calls += 1
    try scheduler.step(&groups)
  }
}
