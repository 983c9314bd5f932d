/// The `TrainingArguments` (transformers 5.25, `transformers/training_args.py`) that shape
/// the schedule the `Trainer` builds, with the library's defaults.
public struct HFTrainingSettings: Sendable, Equatable {
  public var perDeviceTrainBatchSize = 8
  public var gradientAccumulationSteps = 1
  /// `num_train_epochs` (a float: `2.5` trains ceil(2.5·updates) steps in 3 epoch loops).
  public var numTrainEpochs = 3.0
  /// `max_steps`; > 0 overrides the epochs.
  public var maxSteps = -1
  /// `warmup_steps`: >= 1 a count (`int()`), < 1 a ratio of the total rounded up.
  public var warmupSteps: PyNumber = .int(0)
  public var dataloaderDropLast = false
  public var learningRate = 5e-5
  public var lrSchedulerType: HFSchedulerType = .linear
  public var weightDecay = 0.0
  public var adamBeta1 = 0.9
  public var adamBeta2 = 0.999
  public var adamEpsilon = 1e-8
  /// `optim` (5.25's default with torch >= 2.8 is `adamw_torch_fused`, the same AdamW).
  public var optim = "adamw_torch_fused"

  public init() {}
}

/// What the Trainer derives before it builds the scheduler (`Trainer.set_initial_training_values`,
/// `TrainingArguments.get_warmup_steps`, the stop at `global_step >= max_steps` of
/// `DefaultFlowCallback`), named as `trainer_cases`' `derived` records them.
public struct HFTrainerDerived: Sendable, Equatable {
  public var worldSize: Int
  /// `per_device_train_batch_size · max(1, n_gpu)` (one device per process).
  public var trainBatchSize: Int
  /// `train_batch_size · gradient_accumulation_steps · world_size`.
  public var totalTrainBatchSize: Int
  /// `len(train_dataloader)` per process, after `accelerator.prepare`.
  public var lenDataloader: Int
  public var stepsInEpoch: Int
  /// `max(len // K + int(len % K > 0), 1)`.
  public var numUpdateStepsPerEpoch: Int
  /// The epoch loop count: `ceil(num_train_epochs)`, or enough epochs for `max_steps`.
  public var numTrainEpochs: Int
  /// `num_training_steps` of the scheduler.
  public var maxSteps: Int
  /// `args.get_warmup_steps(max_steps)`.
  public var numWarmupSteps: Int
  /// Optimizer steps the training runs (`global_step` after `train()`).
  public var globalStep: Int

  /// `derived` key → value, in the reference files' key order.
  public var fields: [(String, Int)] {
    [("world_size", worldSize), ("train_batch_size", trainBatchSize), ("total_train_batch_size", totalTrainBatchSize),
     ("len_dataloader", lenDataloader), ("steps_in_epoch", stepsInEpoch),
     ("num_update_steps_per_epoch", numUpdateStepsPerEpoch), ("num_train_epochs", numTrainEpochs),
     ("max_steps", maxSteps), ("num_warmup_steps", numWarmupSteps), ("global_step", globalStep)]
  }
}

public enum HFTrainer {
  /// `TrainingArguments.get_warmup_steps(num_training_steps)`:
  /// `int(warmup_steps) if warmup_steps >= 1 else math.ceil(num_training_steps * warmup_steps)`.
  public static func warmupSteps(_ warmup: PyNumber, numTrainingSteps: Int) throws(ScheduleError) -> Int {
    let w = warmup.double
    if w.isNaN { throw .value("cannot convert float NaN to integer") }
    if w >= 1 {
      if w.isInfinite { throw ScheduleError("OverflowError", "cannot convert float infinity to integer") }
      guard w <= 2e9 else { throw .value("warmup_steps \(warmup) is more than lrsched runs (2,000,000,000 steps)") }
      return Py.int(w)
    }
    return Int(LibM.ceil(Double(numTrainingSteps) * w))
  }

  /// `math.ceil(x)` for a count lrsched can run (at most 2,000,000,000 steps).
  static func ceilCount(_ x: Double, _ what: String) throws(ScheduleError) -> Int {
    let c = LibM.ceil(x)
    guard c.isFinite, Swift.abs(c) <= 2e9 else {
      throw .value("\(what) gives \(PyFormat.repr(c)) optimizer steps: more than lrsched runs (2,000,000,000)")
    }
    return Int(c)
  }

  /// Batches per epoch per process of the Trainer's prepared dataloader: `L = ceil(n / b)`
  /// (`floor` with `dataloader_drop_last`), then accelerate's `BatchSamplerShard.__len__`
  /// (`accelerate/data_loader.py`, `even_batches=True`): `L // W` when `W` divides `L` or
  /// with `drop_last`, else `L // W + 1`.
  public static func lenDataloader(datasetSize n: Int, batchSize b: Int, dropLast: Bool, worldSize w: Int) -> Int {
    BatchSharding.acceleratePerProcess(
      batches: dropLast ? n / b : (n + b - 1) / b, worldSize: max(w, 1), dropLast: dropLast, splitBatches: false)
  }

  /// Everything `Trainer.train()` derives for a training set of `datasetSize` rows on
  /// `worldSize` processes. Throws the library's ValueError when the dataloader is empty
  /// and `max_steps` is not set, `warmup_steps < 0` (`__post_init__`); an empty dataloader
  /// with `max_steps` (the Trainer would loop without ever stepping) is refused.
  public static func derive(_ s: HFTrainingSettings, datasetSize: Int, worldSize: Int) throws(ScheduleError) -> HFTrainerDerived {
    if s.warmupSteps.double < 0 {
      throw .value("Got warmup_steps = \(s.warmupSteps), Expected value warmup_steps >= 0")
    }
    guard s.perDeviceTrainBatchSize > 0 else {
      throw .value("batch_size should be a positive integer value, but got batch_size=\(s.perDeviceTrainBatchSize)")
    }
    guard s.gradientAccumulationSteps > 0 else {
      throw ScheduleError("ZeroDivisionError", "integer division or modulo by zero")
    }
    let k = s.gradientAccumulationSteps
    let len = lenDataloader(datasetSize: datasetSize, batchSize: s.perDeviceTrainBatchSize, dropLast: s.dataloaderDropLast, worldSize: worldSize)
    let perEpoch = Swift.max(len / k + (len % k > 0 ? 1 : 0), 1)
    var maxSteps = s.maxSteps
    if maxSteps < 0 { maxSteps = try ceilCount(s.numTrainEpochs * Double(perEpoch), "num_train_epochs") }
    guard len > 0 else {
      if s.maxSteps > 0 {
        throw ScheduleError("ValueError", "the training dataloader has no batches (\(datasetSize) rows, batch size \(s.perDeviceTrainBatchSize)\(s.dataloaderDropLast ? ", drop_last" : "")): the Trainer would never take a step")
      }
      throw .value("args.max_steps must be set to a positive value if dataloader does not have a length, was \(s.maxSteps)")
    }
    let epochs: Int
    if s.maxSteps > 0 {
      epochs = maxSteps / perEpoch + (maxSteps % perEpoch > 0 ? 1 : 0)
    } else {
      epochs = try ceilCount(s.numTrainEpochs, "num_train_epochs")
    }
    let available = epochs * perEpoch
    // DefaultFlowCallback stops after the step that reaches max_steps (so max_steps = 0 still takes one).
    let global = available == 0 ? 0 : Swift.min(available, Swift.max(maxSteps, 1))
    return HFTrainerDerived(
      worldSize: worldSize, trainBatchSize: s.perDeviceTrainBatchSize,
      totalTrainBatchSize: s.perDeviceTrainBatchSize * k * worldSize, lenDataloader: len, stepsInEpoch: len,
      numUpdateStepsPerEpoch: perEpoch, numTrainEpochs: epochs, maxSteps: maxSteps,
      numWarmupSteps: try warmupSteps(s.warmupSteps, numTrainingSteps: maxSteps), globalStep: global)
  }
}
