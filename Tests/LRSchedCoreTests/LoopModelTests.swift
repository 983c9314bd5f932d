import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// The loop model's counting parts against real runs (the `loop` objects and Trainer
/// `derived` numbers of loops.json / loops-extra.json) and against brute force.
@Suite struct LoopModelTests {
  static func cases(_ file: String) throws -> [JSONValue] {
    try JSONParser.parse(try ReferenceFiles.load(file))["cases"]!.array!
  }

  /// accelerate / Lightning: dataset_size and batch_size → batches per process, as recorded.
  @Test(arguments: ["loops.json", "loops-extra.json"])
  func shardingMatchesRecordedRuns(file: String) throws {
    var checked = 0
    for c in try Self.cases(file) {
      let j = c["loop"]!
      guard let n = j["dataset_size"]?.int, let bs = j["batch_size"]?.int else { continue }
      let fw = LoopFramework(rawValue: j["framework"]!.string!)!
      var drop = false
      if case .bool(let b)? = j["drop_last"] { drop = b }
      var split = false
      if case .bool(let b)? = j["split_batches"] { split = b }
      let s = try BatchSharding.shard(
        framework: fw, datasetSize: n, batchSize: bs, dropLast: drop, worldSize: j["world_size"]!.int!, splitBatches: split)
      #expect(s.perProcess == j["batches_per_epoch"]!.int!, "\(c["id"]!.string!)")
      if let L = j["len_dataloader_before_prepare"]?.int { #expect(s.beforeSharding == L, "\(c["id"]!.string!)") }
      checked += 1
    }
    #expect(checked >= 10)
  }

  /// The Trainer's per-process len_dataloader: accelerate's sharding of
  /// ceil(n / per_device_train_batch_size) (floor with dataloader_drop_last).
  @Test func trainerDataloaderLengthMatchesDerived() throws {
    var checked = 0
    for c in try Self.cases("loops.json") where c["derived"] != nil {
      let args = c["training_args"]!
      var drop = false
      if case .bool(let b)? = args["dataloader_drop_last"] { drop = b }
      let d = c["derived"]!
      let s = try BatchSharding.shard(
        framework: .trainer, datasetSize: c["train_dataset_size"]!.int!,
        batchSize: args["per_device_train_batch_size"]!.int!, dropLast: drop, worldSize: d["world_size"]!.int!,
        splitBatches: false)
      #expect(s.perProcess == d["len_dataloader"]!.int!, "\(c["id"]!.string!)")
      let loop = TrainingLoop(
        framework: .trainer, worldSize: 2, batchesPerEpoch: s.perProcess, epochs: d["num_train_epochs"]!.int!,
        accumulation: args["gradient_accumulation_steps"]?.int ?? 1, maxSteps: d["max_steps"]!.int!)
      #expect(loop.optimizerStepsPerEpoch == d["num_update_steps_per_epoch"]!.int!)
      #expect(loop.optimizerSteps == d["global_step"]!.int!)
      checked += 1
    }
    #expect(checked == 4)
  }

  @Test func splitBatchesNeedsADivisibleBatchSize() {
    #expect(throws: ScheduleError.self) {
      try BatchSharding.shard(framework: .accelerate, datasetSize: 40, batchSize: 3, dropLast: false, worldSize: 2, splitBatches: true)
    }
    do {
      _ = try BatchSharding.shard(framework: .accelerate, datasetSize: 40, batchSize: 1, dropLast: false, worldSize: 2, splitBatches: true)
      Issue.record("batch size 1 on 2 processes must raise")
    } catch {
      #expect(error.message.contains("BatchSamplerShard"))
    }
  }

  /// `schedulerSteps` (closed form) against the stepper's real calls on a counter, and
  /// `lightningStepsPerEpoch` against the rule applied batch by batch.
  @Test func closedFormCountsMatchTheStepper() throws {
    struct Counter: TorchScheduler {
      var lastEpoch = 0
      mutating func step(_ groups: inout [ParamGroup]) throws(ScheduleError) { lastEpoch += 1 }
      mutating func restartAtZero(_ groups: inout [ParamGroup]) throws(ScheduleError) {}
      mutating func undoStep() {}
    }
    var n = 0
    for fw in LoopFramework.allCases {
      for B in [1, 2, 5, 7, 12] {
        for K in [1, 2, 3, 5] {
          for (site, interval) in [(SchedulerCallSite.batch, LightningInterval.step), (.optimizerStep, .step), (.epoch, .epoch)] {
            for F in [1, 2, 3] {
              for (W, split, swo) in [(1, false, true), (3, false, true), (2, true, true), (2, false, false)] {
                if fw == .torch && site == .optimizerStep && K == 1 { continue }
                let loop = TrainingLoop(
                  framework: fw, worldSize: W, batchesPerEpoch: B, epochs: 3, accumulation: K,
                  callSite: fw == .trainer || fw == .lightning ? .batch : site, splitBatches: split, stepWithOptimizer: swo,
                  interval: interval, frequency: F, maxSteps: fw == .trainer ? 4 : nil)
                var groups: [ParamGroup] = []
                var s = try LoopStepper(Counter(), loop: loop, groups: &groups)
                let at = LoopPosition(step: 0, epoch: 0, batch: 0, stepsPerEpoch: 1)
                for _ in 0..<loop.optimizerSteps { try s.afterOptimizerStep(&groups, at: at, metric: nil) }
                #expect(s.calls == loop.schedulerSteps, "\(loop)")
                if fw == .lightning {
                  let brute = (0..<B).filter { b in loop.isSync(batch: b) && (b + 1) % F == 0 }.count
                  #expect(loop.lightningStepsPerEpoch == brute)
                }
                n += 1
              }
            }
          }
        }
      }
    }
    #expect(n > 1000)
  }

  /// `get_warmup_steps` values computed by CPython (`math.ceil(m * w)` / `int(w)`).
  @Test func trainerWarmupRoundsLikePython() {
    let table: [(Double, Int, Int)] = [
      (0.07, 100, 8), (0.03, 100, 3), (0.03, 1563, 47), (0.2, 8, 2), (0.1, 8, 1), (0.25, 12, 3), (0.1, 3, 1),
      (0.5, 1, 1), (0.999, 1000, 999), (0.01, 12345, 124), (0.29, 100, 29), (0.57, 100, 57), (2.5, 10, 2), (1.0, 7, 1),
    ]
    for (w, m, want) in table {
      #expect(TrainerWarmup.steps(warmupSteps: w, maxSteps: m).steps == want, "\(w) × \(m)")
    }
    // 100 × 0.07 is 7.000000000000001: one step more than the exact product.
    #expect(TrainerWarmup.steps(warmupSteps: 0.07, maxSteps: 100).exactSteps == 7)
    #expect(TrainerWarmup.steps(warmupSteps: 0.03, maxSteps: 100).exactSteps == nil)
    #expect(TrainerWarmup.steps(warmupSteps: 0.29, maxSteps: 100).exactSteps == nil)
  }
}
