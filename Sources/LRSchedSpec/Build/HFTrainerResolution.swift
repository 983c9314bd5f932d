import LRSchedCore

/// What `Trainer.train()` (transformers 5.25) builds from `TrainingArguments` for a training
/// set of N rows on W processes: the derived counts (`HFTrainer.derive`), the
/// `get_scheduler(...)` call of `Trainer.create_scheduler`, the optimizer of
/// `Trainer.create_optimizer` (its weight-decay and no-weight-decay groups), and the run
/// lrsched makes of it: one `scheduler.step()` per optimizer step, `global_step` rows.
public struct HFTrainerResolution: Sendable {
  public var settings: HFTrainingSettings
  public var derived: HFTrainerDerived
  /// `get_scheduler('cosine', num_warmup_steps=…, num_training_steps=…, scheduler_specific_kwargs=…)`.
  public var scheduler: String
  /// `AdamW([{'weight_decay': …}, {'weight_decay': 0.0}], lr=…, betas=(…), eps=…)` or `SGD(…)`.
  public var optimizer: String
  /// The run: `epochs × stepsPerEpoch` optimizer steps, stepped per batch (epoch for the
  /// metric-driven types, which the Trainer steps after each evaluation).
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  /// Settings that do not shape the schedule (accepted, listed here) and other remarks.
  public var notes: [String]

  /// The lines `values`, `plot` and `check` print on stderr.
  public var summary: String {
    let d = derived
    var lines = [
      "# hf Trainer: \(scheduler)",
      "# optimizer: \(optimizer)",
      "# world_size \(d.worldSize), train_batch_size \(d.trainBatchSize), total_train_batch_size \(d.totalTrainBatchSize), "
        + "len_dataloader \(d.lenDataloader) per process",
      "# num_update_steps_per_epoch \(d.numUpdateStepsPerEpoch), num_train_epochs \(d.numTrainEpochs) (loops), "
        + "max_steps \(d.maxSteps), num_warmup_steps \(d.numWarmupSteps), optimizer steps run \(d.globalStep)",
    ]
    for n in notes { lines.append("# note: \(n)") }
    return lines.joined(separator: "\n")
  }

  /// Settings that shape the schedule or the optimizer (read here).
  static let shaping: Set<String> = [
    "per_device_train_batch_size", "gradient_accumulation_steps", "num_train_epochs", "max_steps", "warmup_steps",
    "dataloader_drop_last", "learning_rate", "lr_scheduler_type", "lr_scheduler_kwargs", "weight_decay", "adam_beta1",
    "adam_beta2", "adam_epsilon", "optim", "optim_args", "eval_strategy", "eval_steps", "eval_delay", "use_cpu",
  ]
  /// Settings that would change the schedule in ways lrsched does not model.
  static let unmodelled: [String: String] = [
    "accelerator_config": "accelerate's split_batches/even_batches change the batches per process",
    "parallelism_config": "sequence/context parallelism changes len_dataloader",
    "deepspeed": "DeepSpeed may build its own scheduler from its config",
    "train_sampling_strategy": "a batch-rebalancing sampler changes the batches",
  ]

  public static func resolve(_ args: HFTrainingArguments, datasetSize: Int, worldSize: Int) throws(SpecError)
    -> HFTrainerResolution
  {
    var s = HFTrainingSettings()
    var notes: [String] = []
    func fail(_ name: String, _ message: String) -> SpecError { args.fail(message, args.offset(name)) }
    func num(_ name: String) throws(SpecError) -> PyNumber? {
      guard let v = args.value(name) else { return nil }
      guard let n = v.number, !(n.double.isNaN) || name == "warmup_steps" else {
        throw fail(name, "\(name) must be a number, got \(v.repr)")
      }
      return n
    }
    func int(_ name: String) throws(SpecError) -> Int? {
      guard let n = try num(name) else { return nil }
      guard case .int(let i) = n else { throw fail(name, "\(name) must be an int, got \(n)") }
      return i
    }
    func str(_ name: String) throws(SpecError) -> String? {
      guard let v = args.value(name) else { return nil }
      guard case .string(let t) = v else { throw fail(name, "\(name) must be a string, got \(v.repr)") }
      return t
    }
    if let v = try int("per_device_train_batch_size") { s.perDeviceTrainBatchSize = v }
    if let v = try int("gradient_accumulation_steps") { s.gradientAccumulationSteps = v }
    if let v = try num("num_train_epochs") { s.numTrainEpochs = v.double }
    if let v = try int("max_steps") { s.maxSteps = v }
    if let v = try num("warmup_steps") { s.warmupSteps = v }
    if let v = args.value("dataloader_drop_last") { s.dataloaderDropLast = v.isTruthy }
    if let v = try num("learning_rate") { s.learningRate = v.double }
    if let v = try num("weight_decay") { s.weightDecay = v.double }
    if let v = try num("adam_beta1") { s.adamBeta1 = v.double }
    if let v = try num("adam_beta2") { s.adamBeta2 = v.double }
    if let v = try num("adam_epsilon") { s.adamEpsilon = v.double }
    if let t = try str("lr_scheduler_type") {
      do {
        s.lrSchedulerType = try HFSchedulerType.named(t)
      } catch {
        throw args.fail("ValueError: \(error.message)", args.offset("lr_scheduler_type"), error)
      }
    }
    if let t = try str("optim") { s.optim = t }
    for given in args.settings where !shaping.contains(given.name) {
      if let why = unmodelled[given.name], given.value.isTruthy,
        given.name != "train_sampling_strategy" || given.value.repr == "'batch_rebalance'",
        given.name != "accelerator_config" || !dataloaderNeutral(given.value)
      {
        throw args.fail("\(given.name) is not modelled by lrsched --hf (\(why))", given.offset)
      }
      notes.append("\(given.name)=\(given.value.repr) does not shape the schedule")
    }
    let derived: HFTrainerDerived
    do {
      derived = try HFTrainer.derive(s, datasetSize: datasetSize, worldSize: worldSize)
    } catch {
      throw args.fail("\(error.pythonType): \(error.message)", 0, error)
    }
    let optimizer = try optimizerSpec(s, args)
    let kwargs = try schedulerKwargs(args)
    var call = "get_scheduler('\(s.lrSchedulerType.rawValue)', num_warmup_steps=\(derived.numWarmupSteps), "
      + "num_training_steps=\(derived.maxSteps)"
    if let kwargs { call += ", scheduler_specific_kwargs=\(kwargs)" }
    call += ")"
    // Whole epochs keep the epoch column; a run cut by max_steps is one block of steps.
    let whole = derived.globalStep == derived.numTrainEpochs * derived.numUpdateStepsPerEpoch
    var r = HFTrainerResolution(
      settings: s, derived: derived, scheduler: call, optimizer: optimizer, epochs: whole ? derived.numTrainEpochs : 1,
      stepsPerEpoch: whole ? derived.numUpdateStepsPerEpoch : derived.globalStep, stepOn: .batch, notes: notes)
    if s.lrSchedulerType.isMetricDriven { try r.metricDriven(args) }
    guard r.stepsPerEpoch > 0 else { throw args.fail("the Trainer takes no optimizer step with these settings", 0) }
    return r
  }

  /// An `accelerator_config` dict that leaves the dataloader as the Trainer's default
  /// (`split_batches` and `dispatch_batches` off, `even_batches` on).
  static func dataloaderNeutral(_ v: PyValue) -> Bool {
    guard case .dict(let pairs) = v else { return false }
    for (k, value) in pairs {
      guard case .string(let key) = k else { return false }
      switch key {
      case "split_batches", "dispatch_batches": if value.isTruthy { return false }
      case "even_batches": if !value.isTruthy { return false }
      default: continue
      }
    }
    return true
  }

  /// `Trainer.create_optimizer` with `get_optimizer_cls_and_kwargs`: the two groups
  /// (weight decay, then 0.0 for biases and norms) and the optim's defaults.
  static func optimizerSpec(_ s: HFTrainingSettings, _ args: HFTrainingArguments) throws(SpecError) -> String {
    let groups = "[{'weight_decay': \(PyFormat.repr(s.weightDecay))}, {'weight_decay': 0.0}]"
    let lr = PyFormat.repr(s.learningRate)
    switch s.optim {
    case "adamw_torch", "adamw_torch_fused":
      return "AdamW(\(groups), lr=\(lr), betas=(\(PyFormat.repr(s.adamBeta1)), \(PyFormat.repr(s.adamBeta2))), "
        + "eps=\(PyFormat.repr(s.adamEpsilon)))"
    case "sgd":
      var extra = ""
      if case .string(let text)? = args.value("optim_args") {
        for pair in text.replacingOccurrences(" ", "").split(separator: ",") {
          let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
          guard kv.count == 2 else { throw args.fail("optim_args: expected key=value pairs, got '\(pair)'", args.offset("optim_args")) }
          if ["momentum", "dampening"].contains(kv[0]) {
            guard let v = HFTrainingArguments.pythonFloat(kv[1]) else {
              throw args.fail("optim_args: could not convert string to float: '\(kv[1])'", args.offset("optim_args"))
            }
            extra += ", \(kv[0])=\(PyFormat.repr(v))"
          } else if kv[0] == "nesterov" {
            extra += ", nesterov=\(["true", "1", "yes"].contains(kv[1].lowercased()) ? "True" : "False")"
          }
        }
      }
      return "SGD(\(groups), lr=\(lr)\(extra))"
    default:
      throw args.fail(
        "optim '\(s.optim)': lrsched --hf models adamw_torch, adamw_torch_fused and sgd (the lr schedule is the same for "
          + "the others; give --optimizer with the closest of SGD/Adam/AdamW and a plain get_scheduler spec)",
        args.offset("optim"))
    }
  }

  /// `lr_scheduler_kwargs` as the `scheduler_specific_kwargs` literal: a dict, or a JSON
  /// string starting with `{` as `__post_init__` loads it (`_convert_str_dict`).
  static func schedulerKwargs(_ args: HFTrainingArguments) throws(SpecError) -> String? {
    guard let v = args.value("lr_scheduler_kwargs") else { return nil }
    switch v {
    case .none: return nil
    case .dict(let pairs): return pairs.isEmpty ? nil : v.repr
    case .string(let text) where text.trimmingSpaces().hasPrefix("{"):
      do {
        let json = try JSONParser.parse(text)
        guard case .object(let d, let keys) = json else { throw JSONError(message: "not an object", offset: 0) }
        let pairs = keys.map { k -> (PyValue, PyValue) in (.string(k), pyValue(d[k]!)) }
        return pairs.isEmpty ? nil : PyValue.dict(pairs).repr
      } catch {
        throw args.fail("lr_scheduler_kwargs: not a JSON object: \(error)", args.offset("lr_scheduler_kwargs"))
      }
    default:
      throw args.fail("lr_scheduler_kwargs must be a dict or a JSON object string, got \(v.repr)", args.offset("lr_scheduler_kwargs"))
    }
  }

  /// A JSON value as `json.loads` gives it, then `_convert_str_dict` (strings "true"/"false"
  /// and digit strings become bools and numbers).
  static func pyValue(_ j: JSONValue, convertStrings: Bool = true) -> PyValue {
    switch j {
    case .null: return .none
    case .bool(let b): return .bool(b)
    case .number(let t):
      if !t.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let i = Int(t) { return .int(i) }
      return .float(Double(t) ?? .nan)
    case .string(let s) where !convertStrings:
      return .string(s)
    case .string(let s):
      if s.lowercased() == "true" || s.lowercased() == "false" { return .bool(s.lowercased() == "true") }
      if !s.isEmpty, s.allSatisfy(\.isASCIIDigit), let i = Int(s) { return .int(i) }
      let dots = s.filter { $0 == "." }.count
      if dots == 1, s.count > 1, s.filter({ $0 != "." }).allSatisfy(\.isASCIIDigit), let d = Double(s) { return .float(d) }
      return .string(s)
    case .array(let a): return .list(a.map { pyValue($0, convertStrings: convertStrings) })
    case .object(let d, let keys): return .dict(keys.map { (.string($0), pyValue(d[$0]!, convertStrings: convertStrings)) })
    }
  }

  /// reduce_lr_on_plateau and greedy: stepped with the metric after each evaluation
  /// (`Trainer._evaluate`). lrsched models the evaluations that fall between optimizer
  /// steps at a fixed period: `eval_strategy='epoch'` (after every epoch) or `'steps'` (every
  /// `eval_steps` steps, `logging_steps` when unset, a ratio `< 1` of `max_steps` rounded up:
  /// `TrainerState.compute_steps`), when the run is a whole number of periods; one metric per
  /// evaluation from --metrics.
  mutating func metricDriven(_ args: HFTrainingArguments) throws(SpecError) {
    let strategy: String
    if case .string(let t)? = args.value("eval_strategy") { strategy = t } else { strategy = "no" }
    guard strategy != "no" else {
      let e = ScheduleError.value("lr_scheduler_type \(settings.lrSchedulerType.rawValue) requires an eval strategy")
      throw args.fail("ValueError: \(e.message)", args.offset("lr_scheduler_type"), e)
    }
    let d = derived
    let delay = args.value("eval_delay")?.number?.double ?? 0
    var period = d.numUpdateStepsPerEpoch
    if strategy == "steps" {
      var e = args.value("eval_steps")?.number?.double ?? 0
      if e == 0 { e = args.value("logging_steps")?.number?.double ?? 500 }
      if e > 1 && e != e.rounded(.towardZero) {
        let err = ScheduleError.value("--eval_steps must be an integer if bigger than 1: \(PyFormat.repr(e))")
        throw args.fail("ValueError: \(err.message)", args.offset("eval_steps"), err)
      }
      period = e < 1 ? Int(LibM.ceil(Double(d.maxSteps) * e)) : Int(e)
    }
    let unit = strategy == "epoch" ? "epoch" : "\(period) optimizer steps"
    guard period > 0, d.globalStep % period == 0, delay <= (strategy == "epoch" ? 1 : Double(period)) else {
      throw args.fail(
        "\(settings.lrSchedulerType.rawValue) under the Trainer steps after each evaluation: lrsched --hf models "
          + "evaluations every \(unit) when the \(d.globalStep) steps are a whole number of them (and no eval_delay "
          + "past the first)", args.offset("eval_strategy"))
    }
    epochs = d.globalStep / period
    stepsPerEpoch = period
    stepOn = .epoch
    notes.append("stepped after each evaluation (every \(unit)) with its metric: one --metrics value per evaluation")
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
