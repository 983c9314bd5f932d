import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// transformers 5.25: the Trainer's derivation and `TrainingArguments` parsing. Expected
/// numbers and messages were recorded with the real library (transformers 5.25.0, torch
/// 2.13 CPU): `Trainer.set_initial_training_values` and `get_warmup_steps` on a toy dataset,
/// `HfArgumentParser(TrainingArguments)`, and the two-process Trainer runs of
/// shared/reference/loops.json. The schedules themselves are checked by the fixtures
/// (transformers.json, transformers-edge.json, transformers-random.json; FixtureTests).
@Suite struct TransformersTests {
  static func resolve(_ args: String, n: Int, w: Int = 1) throws -> HFTrainerResolution {
    try HFTrainerResolution.resolve(try HFTrainingArguments.parse(args), datasetSize: n, worldSize: w)
  }

  /// (training_args flags, rows, world size) → (len_dataloader, updates per epoch, epochs,
  /// max_steps, warm-up, total batch): the loops.json Trainer runs under torchrun (W = 2).
  @Test(arguments: [
    ("--per_device_train_batch_size 2 --gradient_accumulation_steps 2 --num_train_epochs 2 --warmup_steps 2", 37, 10, 5, 2, 10, 2, 8),
    ("--per_device_train_batch_size 3 --gradient_accumulation_steps 3 --dataloader_drop_last --num_train_epochs 2.5 --warmup_steps 0.2", 45, 7, 3, 3, 8, 2, 18),
    ("--per_device_train_batch_size 2 --max_steps 12 --warmup_steps 0.25", 20, 5, 5, 3, 12, 3, 4),
    ("--per_device_train_batch_size 2 --gradient_accumulation_steps 2 --num_train_epochs 3 --warmup_steps 1", 24, 6, 3, 3, 9, 1, 8),
  ])
  func twoProcessDerivation(_ c: (String, Int, Int, Int, Int, Int, Int, Int)) throws {
    let d = try Self.resolve(c.0, n: c.1, w: 2).derived
    #expect(d.lenDataloader == c.2)
    #expect(d.numUpdateStepsPerEpoch == c.3)
    #expect(d.numTrainEpochs == c.4)
    #expect(d.maxSteps == c.5)
    #expect(d.numWarmupSteps == c.6)
    #expect(d.totalTrainBatchSize == c.7)
    #expect(d.globalStep == c.5)
  }

  @Test func exampleScriptFlags() throws {
    let r = try Self.resolve(
      "--lr_scheduler_type cosine --learning_rate 2e-5 --warmup_steps 0.03 --num_train_epochs 3 "
        + "--per_device_train_batch_size 8 --gradient_accumulation_steps 4", n: 10000)
    #expect(r.derived.lenDataloader == 1250)
    #expect(r.derived.numUpdateStepsPerEpoch == 313)
    #expect(r.derived.maxSteps == 939)
    #expect(r.derived.numWarmupSteps == 29)  // ceil(939 · 0.03) = ceil(28.17)
    #expect(r.derived.totalTrainBatchSize == 32)
    #expect(r.scheduler == "get_scheduler('cosine', num_warmup_steps=29, num_training_steps=939)")
    #expect(r.optimizer == "AdamW([{'weight_decay': 0.0}, {'weight_decay': 0.0}], lr=2e-05, betas=(0.9, 0.999), eps=1e-08)")
  }

  @Test func argparseSpellings() throws {
    // Dash aliases, --opt=value, a unique prefix, store-false and optional-bool flags, a JSON
    // kwargs string whose "0.1" _convert_str_dict turns into a float, SGD's optim_args.
    let r = try Self.resolve(
      "--per-device-train-batch-size 16 --num_train_epochs=1.5 --warmup_s 0.1 --dataloader_drop_last --max_steps 50 "
        + "--no_dataloader_pin_memory --fp16 false --lr_scheduler_kwargs '{\"min_lr_rate\":\"0.1\"}' "
        + "--lr_scheduler_type cosine_with_min_lr --optim sgd --optim_args momentum=0.9,nesterov=true", n: 1000)
    #expect(r.derived.lenDataloader == 62)
    #expect(r.derived.numUpdateStepsPerEpoch == 62)
    #expect(r.derived.numTrainEpochs == 1)
    #expect(r.derived.maxSteps == 50)
    #expect(r.derived.numWarmupSteps == 5)
    #expect(r.scheduler.hasSuffix("scheduler_specific_kwargs={'min_lr_rate': 0.1})"))
    #expect(r.optimizer == "SGD([{'weight_decay': 0.0}, {'weight_decay': 0.0}], lr=5e-05, momentum=0.9, nesterov=True)")
    #expect(r.notes.contains { $0.hasPrefix("fp16=False") })
  }

  @Test func callAndFlagsAgree() throws {
    let flags = try Self.resolve(
      "--lr_scheduler_type warmup_stable_decay --lr_scheduler_kwargs '{\"num_decay_steps\": 5}' --warmup_steps 0.25 "
        + "--per_device_train_batch_size 4 --gradient_accumulation_steps 2 --dataloader_drop_last true --num_train_epochs 4 "
        + "--learning_rate 0.01 --optim sgd --weight_decay 0.1", n: 30)
    let call = try Self.resolve(
      "TrainingArguments(lr_scheduler_type='warmup_stable_decay', lr_scheduler_kwargs={'num_decay_steps': 5}, "
        + "warmup_steps=0.25, per_device_train_batch_size=4, gradient_accumulation_steps=2, dataloader_drop_last=True, "
        + "num_train_epochs=4.0, learning_rate=0.01, optim='sgd', weight_decay=0.1)", n: 30)
    #expect(flags.derived == call.derived)
    #expect(flags.scheduler == call.scheduler)
    #expect(flags.optimizer == call.optimizer)
    #expect(call.optimizer == "SGD([{'weight_decay': 0.1}, {'weight_decay': 0.0}], lr=0.01)")
  }

  /// The library's own errors, as transformers 5.25 / argparse word them.
  @Test(arguments: [
    ("TrainingArguments(warmup_ratio=0.1)", "TypeError", "TrainingArguments.__init__() got an unexpected keyword argument 'warmup_ratio'"),
    ("--warmup_ratio 0.1 --output_dir x", "ValueError", "Some specified arguments are not used by the HfArgumentParser: ['--warmup_ratio', '0.1']"),
    ("--lr_scheduler_type reduce_lr_on_plateau", "ValueError", "lr_scheduler_type reduce_lr_on_plateau requires an eval strategy"),
    ("TrainingArguments(lr_scheduler_type='greedy')", "ValueError", "lr_scheduler_type greedy requires an eval strategy"),
    ("TrainingArguments(warmup_steps=-1)", "ValueError", "Got warmup_steps = -1, Expected value warmup_steps >= 0"),
  ])
  func libraryErrors(_ c: (String, String, String)) {
    do {
      _ = try Self.resolve(c.0, n: 100)
      Issue.record("\(c.0) resolved")
    } catch let error as SpecError {
      #expect(error.scheduleError == ScheduleError(c.1, c.2), "\(error.message)")
    } catch {
      Issue.record("\(error)")
    }
  }

  @Test(arguments: [
    ("--warmup 0.1", "ambiguous option: --warmup could match --warmup_steps, --warmup-steps"),
    ("--per_device_train_batch_size 2.5", "argument --per_device_train_batch_size/--per-device-train-batch-size: invalid int value: '2.5'"),
    ("--lr_scheduler_type foo", "argument --lr_scheduler_type/--lr-scheduler-type: invalid choice: 'foo' (choose from 'linear', 'cosine', 'cosine_with_restarts', 'polynomial', 'constant', 'constant_with_warmup', 'inverse_sqrt', 'reduce_lr_on_plateau', 'cosine_with_min_lr', 'cosine_warmup_with_min_lr', 'warmup_stable_decay', 'greedy')"),
  ])
  func argparseErrors(_ c: (String, String)) {
    #expect(throws: SpecError.self) { _ = try HFTrainingArguments.parse(c.0) }
    do { _ = try HFTrainingArguments.parse(c.0) } catch { #expect(error.message == c.1) }
  }

  @Test func notModelledAndEmpty() {
    for (args, n) in [
      ("TrainingArguments(accelerator_config={'split_batches': True})", 100), ("--optim adafactor", 100),
      ("--per_device_train_batch_size 8 --dataloader_drop_last", 5), ("TrainingArguments(gradient_accumulation_steps=0)", 5),
    ] {
      #expect(throws: SpecError.self, "\(args)") { _ = try Self.resolve(args, n: n) }
    }
  }

  @Test func acceleratorConfigThatLeavesTheDataloader() throws {
    let r = try Self.resolve("TrainingArguments(accelerator_config={'use_seedable_sampler': True, 'split_batches': False})", n: 100)
    #expect(r.notes.contains { $0.hasPrefix("accelerator_config=") })
    #expect(throws: SpecError.self) { _ = try Self.resolve("TrainingArguments(accelerator_config={'even_batches': False})", n: 100) }
  }

  @Test func plateauStepsPerEvaluationEpoch() throws {
    let r = try Self.resolve(
      "--lr_scheduler_type reduce_lr_on_plateau --eval_strategy epoch --num_train_epochs 3 --per_device_train_batch_size 4",
      n: 20)
    #expect(r.stepOn == .epoch && r.epochs == 3 && r.stepsPerEpoch == 5)
    #expect(throws: SpecError.self) {
      _ = try Self.resolve("--lr_scheduler_type greedy --eval_strategy steps --eval_steps 2", n: 20)
    }
  }

  @Test func aWrongDerivationIsCaught() throws {
    let root = try JSONParser.parse(try ReferenceFiles.load("transformers.json"))
    let tc = root["trainer_cases"]!.array![1]
    #expect(Verifier(tolerance: 0).verify(trainerCase: tc, fileLibrary: "transformers").status == .passed)
    // The Trainer's warm-up there is ceil(10 · 0.1) = 1; claim 0.1 rounds down instead.
    guard case .object(var c, let keys) = tc, case .object(var d, let dkeys) = c["derived"]! else {
      Issue.record("fixture layout changed")
      return
    }
    d["num_warmup_steps"] = .number("0")
    c["derived"] = .object(d, keys: dkeys)
    let broken = JSONValue.object(c, keys: keys)
    #expect(Verifier().verify(trainerCase: broken, fileLibrary: "transformers").status == .failed)
  }
}

/// `lrsched check` on transformers schedules.
@Suite struct TransformersLintTests {
  static func findings(_ spec: String, _ opt: String = "SGD(lr=0.1)", epochs: Int, spe: Int, stepOn: StepOn = .batch) throws
    -> [Finding]
  {
    var plan = RunPlan(specs: [spec], optimizer: try OptimizerSpec.parse(opt), epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn)
    plan.strict = false
    return Lint.check(plan: plan)
  }

  @Test func lengthAgainstNumTrainingSteps() throws {
    let short = try Self.findings("get_linear_schedule_with_warmup(num_warmup_steps=10, num_training_steps=100)", epochs: 1, spe: 50)
    #expect(short.contains { $0.rule == "length-mismatch" && $0.fix == "num_training_steps=50" })
    let exact = try Self.findings("get_scheduler('linear', num_warmup_steps=10, num_training_steps=50)", epochs: 5, spe: 10)
    #expect(!exact.contains { $0.rule == "length-mismatch" || $0.rule == "step-unit-mismatch" })
    let perEpoch = try Self.findings(
      "get_scheduler('linear', num_warmup_steps=10, num_training_steps=150)", epochs: 15, spe: 10, stepOn: .epoch)
    #expect(perEpoch.contains { $0.rule == "step-unit-mismatch" && $0.severity == .error })
  }

  @Test func cosineRisesAfterTotal() throws {
    // p = 1.25 at step 125: 0.5·(1 + cos(1.25π)) > 0 = the value at step 100.
    let f = try Self.findings("get_cosine_schedule_with_warmup(num_warmup_steps=0, num_training_steps=100)", epochs: 2, spe: 100)
    #expect(f.contains { $0.rule == "hf-cosine-rises-after-total" && $0.message.contains("climbs from step 101") })
    #expect(!f.contains { $0.rule == "length-mismatch" })
    let linear = try Self.findings("get_linear_schedule_with_warmup(num_warmup_steps=0, num_training_steps=100)", epochs: 2, spe: 100)
    #expect(!linear.contains { $0.rule == "hf-cosine-rises-after-total" })
  }

  @Test func relativeToDefaultsLR() throws {
    let f = try Self.findings(
      "get_scheduler('cosine_with_min_lr', num_warmup_steps=1, num_training_steps=20, scheduler_specific_kwargs={'min_lr': 0.001})",
      "SGD([{'lr': 0.1}, {'lr': 0.01}], lr=0.05)", epochs: 1, spe: 20)
    // 0.001 / 0.05 · 0.1 = 0.002
    #expect(f.contains { $0.rule == "hf-relative-to-defaults-lr" && $0.message.contains("ends at 0.002") })
    let same = try Self.findings(
      "get_polynomial_decay_schedule_with_warmup(num_warmup_steps=1, num_training_steps=20)", "SGD(lr=0.05)", epochs: 1, spe: 20)
    #expect(!same.contains { $0.rule == "hf-relative-to-defaults-lr" })
  }
}
