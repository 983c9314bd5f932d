import LRSchedCore

/// A malformed `loop` object of a reference case.
public struct LoopCaseError: Error, Sendable {
  public var message: String
}

extension Verifier {
  /// The `loop` object of a `loops.json` case (format: shared/reference/README-frameworks.md):
  /// the framework, its counts and its stepping rule. `batches_per_epoch` is per process.
  public static func trainingLoop(_ j: JSONValue) -> Result<TrainingLoop, LoopCaseError> {
    func bad(_ m: String) -> Result<TrainingLoop, LoopCaseError> { .failure(LoopCaseError(message: m)) }
    guard let fw = j["framework"]?.string, let framework = LoopFramework(rawValue: fw) else {
      return bad("unknown framework \(j["framework"]?.string ?? "(missing)")")
    }
    guard let B = j["batches_per_epoch"]?.int, B > 0, let E = j["epochs"]?.int, E >= 0 else {
      return bad("batches_per_epoch and epochs must be positive integers")
    }
    let W = j["world_size"]?.int ?? 1
    let K = j["gradient_accumulation_steps"]?.int ?? 1
    let F = j["frequency"]?.int ?? 1
    guard W > 0, K > 0, F > 0, W <= 1_000_000, K <= 1_000_000, F <= 1_000_000_000, B <= 100_000_000, E <= 10_000_000,
      E * B <= 50_000_000, E * B * W <= 500_000_000
    else {
      return bad("world_size, gradient_accumulation_steps and frequency must be positive; sizes in range")
    }
    var site = SchedulerCallSite.batch
    if let s = j["step_on"]?.string {
      guard let v = SchedulerCallSite(rawValue: s) else { return bad("unknown step_on '\(s)'") }
      site = v
    }
    var interval = LightningInterval.step
    if let s = j["interval"]?.string {
      guard let v = LightningInterval(rawValue: s) else { return bad("unknown interval '\(s)'") }
      interval = v
    }
    var skipped: [Int] = []
    for v in j["skipped_steps"]?.array ?? [] {
      guard let i = v.int, i >= 0 else { return bad("skipped_steps must be non-negative integers") }
      skipped.append(i)
    }
    let maxSteps = j["max_steps"]?.int
    if let m = maxSteps, m <= 0 { return bad("max_steps must be positive") }
    return .success(
      TrainingLoop(
        framework: framework, worldSize: W, batchesPerEpoch: B, epochs: E, accumulation: K, callSite: site,
        splitBatches: j["split_batches"]?.flag ?? false,
        stepWithOptimizer: j["step_scheduler_with_optimizer"]?.flag ?? true, interval: interval, frequency: F,
        maxSteps: maxSteps, skippedSteps: skipped))
  }

  /// The scheduler's `last_epoch` and `_step_count` after a run (nil when unknown).
  static func schedulerCounts(_ run: ScheduleRun) -> (lastEpoch: Int, stepCount: Int?)? {
    guard let s = run.steppers.first else { return nil }
    if let l = s as? LoopStepper { return (l.lastEpoch, l.stepCount) }
    if let r = s as? any TorchRecurrence { return (r.state.lastEpoch, r.state.stepCount) }
    if let t = s as? TorchLoopStepper { return (t.scheduler.lastEpoch, nil) }
    return nil
  }

  /// `dataset_size` and `batch_size` (when recorded) against the per-process
  /// `batches_per_epoch` the framework ran and accelerate's `len_dataloader_before_prepare`.
  func checkSharding(_ j: JSONValue, _ loop: TrainingLoop, _ result: inout CaseResult) {
    guard let n = j["dataset_size"]?.int, let bs = j["batch_size"]?.int, n >= 0, bs > 0 else { return }
    let problem: String?
    do {
      let s = try BatchSharding.shard(
        framework: loop.framework, datasetSize: n, batchSize: bs, dropLast: j["drop_last"]?.flag ?? false,
        worldSize: loop.worldSize, splitBatches: loop.splitBatches)
      if s.perProcess != loop.batchesPerEpoch {
        problem = "batches_per_epoch \(loop.batchesPerEpoch), sharding \(n) rows in batches of \(bs) gives \(s.perProcess)"
      } else if let L = j["len_dataloader_before_prepare"]?.int, L != s.beforeSharding {
        problem = "len_dataloader_before_prepare \(L), the model gives \(s.beforeSharding)"
      } else {
        problem = nil
      }
    } catch {
      problem = "sharding raised \(error)"
    }
    if let problem {
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(result.id): \(problem)")
    }
  }

  /// A Trainer run's `loop` against the numbers the Trainer derived (`derived`).
  func checkTrainerLoop(_ d: JSONValue, _ loop: TrainingLoop, _ result: inout CaseResult) {
    let pairs: [(String, Int)] = [
      ("len_dataloader", loop.batchesPerEpoch), ("num_train_epochs", loop.epochs),
      ("num_update_steps_per_epoch", loop.optimizerStepsPerEpoch), ("global_step", loop.optimizerSteps),
      ("world_size", loop.worldSize),
    ]
    for (key, mine) in pairs {
      guard let want = d[key]?.int, want != mine else { continue }
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(result.id): derived \(key) \(want), the loop gives \(mine)")
    }
  }

  /// `observed`: optimizer steps run, the scheduler's `last_epoch` and `_step_count`.
  func checkObserved(_ c: JSONValue, run: ScheduleRun, steps: Int, _ result: inout CaseResult) {
    guard let o = c["observed"] else { return }
    func mismatch(_ what: String, _ want: Int, _ got: Int) {
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(result.id): observed \(what) \(want), the model gives \(got)")
    }
    if let n = o["optimizer_steps"]?.int, n != steps { mismatch("optimizer_steps", n, steps) }
    guard let counts = Self.schedulerCounts(run) else { return }
    if let le = o["scheduler_last_epoch"]?.int, le != counts.lastEpoch {
      mismatch("scheduler_last_epoch", le, counts.lastEpoch)
    }
    if let sc = o["scheduler_step_count"]?.int, let got = counts.stepCount, sc != got {
      mismatch("scheduler_step_count", sc, got)
    }
  }

  /// `expect_error.at_batch`: the global micro-batch after which the raising call ran.
  func checkErrorBatch(_ expected: JSONValue?, run: ScheduleRun, atStep: Int, _ result: inout CaseResult) {
    guard let want = expected?["at_batch"]?.int else { return }
    let got: Int
    if let l = run.steppers.first as? LoopStepper {
      got = l.globalBatch
    } else {
      got = atStep  // the plain loop: one batch per optimizer step
    }
    if got != want {
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(result.id): expected the error after batch \(want), the model raises after batch \(got)")
    }
  }
}

extension JSONValue {
  /// A JSON `true` / `false`.
  var flag: Bool? {
    if case .bool(let b) = self { return b }
    return nil
  }
}
