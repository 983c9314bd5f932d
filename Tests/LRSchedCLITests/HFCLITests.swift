import LRSchedCLI
import Testing

/// `--hf ARGS` on values, plot and check. The expected lrs are the ones a real
/// `Trainer.train()` (transformers 5.25) trained with: trainer case
/// `transformers-trainer-cosine-ratio-accum-remainder-02` of shared/reference/transformers.json.
@Suite struct HFCLITests {
  static let flags =
    "--per_device_train_batch_size 4 --gradient_accumulation_steps 3 --num_train_epochs 2.5 --warmup_steps 0.1 "
    + "--lr_scheduler_type cosine --learning_rate 0.001 --optim sgd"
  static let call =
    "TrainingArguments(per_device_train_batch_size=4, gradient_accumulation_steps=3, num_train_epochs=2.5, "
    + "warmup_steps=0.1, lr_scheduler_type='cosine', learning_rate=0.001, optim='sgd', output_dir='out')"
  /// Group 0's lr at each of the 10 optimizer steps, as recorded in the Trainer.
  static let trainerLRs = [
    0.0, 0.001, 0.0009698463103929542, 0.000883022221559489, 0.00075, 0.0005868240888334653, 0.00041317591116653486,
    0.0002500000000000001, 0.00011697777844051105, 3.0153689607045842e-05,
  ]

  @Test func valuesMatchTheTrainer() {
    let r = lrsched("values", "--hf", Self.flags, "--dataset-size", "37")
    #expect(r.code == 0, "\(r.err)")
    let rows = r.out.split(separator: "\n").dropFirst()
    #expect(rows.count == 10)
    for (k, row) in rows.enumerated() where k < Self.trainerLRs.count {
      let lr = Double(row.split(separator: ",")[2])!
      #expect(lr.bitPattern == Self.trainerLRs[k].bitPattern, "step \(k): \(row)")
    }
    #expect(r.err.contains("# hf Trainer: get_scheduler('cosine', num_warmup_steps=1, num_training_steps=10)"))
    #expect(r.err.contains("len_dataloader 10 per process"))
    #expect(r.err.contains("num_update_steps_per_epoch 4, num_train_epochs 3 (loops), max_steps 10"))
  }

  @Test func callAndFlagsGiveTheSameRun() {
    let a = lrsched("values", "--hf", Self.flags, "--dataset-size", "37")
    let b = lrsched("values", "--hf", Self.call, "--dataset-size", "37")
    #expect(a.code == 0 && b.code == 0)
    #expect(a.out == b.out)
    #expect(b.err.contains("# note: output_dir='out' does not shape the schedule"))
  }

  @Test func checkAndPlot() {
    let c = lrsched("check", "--hf", Self.flags, "--dataset-size", "37", "--world-size", "2")
    #expect(c.code == 0 || c.code == 1)
    #expect(c.err.contains("world_size 2"))
    let dir = makeTempDir()
    let p = lrsched("plot", "--hf", Self.call, "--dataset-size", "37", "-o", dir + "/hf.png")
    #expect(p.code == 0, "\(p.err)")
    #expect(fileExists(dir + "/hf.png"))
  }

  @Test(arguments: [
    ["values", "--hf", "--warmup_ratio 0.1", "--dataset-size", "100"],
    ["values", "--hf", "TrainingArguments(warmup_ratio=0.1)", "--dataset-size", "100"],
    ["values", "--hf", "--lr_scheduler_type cosine"],
    ["values", "onecycle", "--dataset-size", "100"],
    ["values", "onecycle", "--hf", "--lr_scheduler_type cosine", "--dataset-size", "100"],
    ["values", "--hf", "--lr_scheduler_type cosine", "--dataset-size", "100", "--epochs", "3"],
    ["check", "--hf", "--lr_scheduler_type reduce_lr_on_plateau", "--dataset-size", "100"],
    ["plot", "--hf", "--per_device_train_batch_size 0", "--dataset-size", "100"],
  ])
  func badInputIsExit2(_ args: [String]) {
    let r = lrsched(args)
    #expect(r.code == 2, "\(args): \(r.err)")
    #expect(r.out.isEmpty)
    #expect(r.err.hasPrefix("error: "))
  }

  @Test func warmupRatioGetsAHint() {
    let r = lrsched("values", "--hf", "--warmup_ratio 0.1", "--dataset-size", "100")
    #expect(r.err.contains("Some specified arguments are not used by the HfArgumentParser: ['--warmup_ratio', '0.1']"))
    #expect(r.err.contains("give the ratio as warmup_steps"))
  }
}

/// Metric-driven schedules under --hf: stepped after each evaluation with its metric. The
/// eval losses and the lrs of group 0 were recorded from real `Trainer.train()` runs
/// (transformers 5.25, 24 training rows, 8 eval rows, CPU): greedy every 2 steps, plateau
/// every epoch, greedy every ceil(0.25 · 24) = 6 steps.
@Suite struct HFEvaluationCLITests {
  static let runs: [(String, [Double], [Double])] = [
    (
      "TrainingArguments(lr_scheduler_type='greedy', eval_strategy='steps', eval_steps=2, lr_scheduler_kwargs={'patience': 0, 'factor': 0.5}, per_device_train_batch_size=4, num_train_epochs=2, learning_rate=0.1, optim='sgd')",
      [0.2336919903755188, 0.4273393154144287, 0.5935806632041931, 0.5548583269119263, 0.5855015516281128, 0.6105326414108276],
      [0.1, 0.1, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125, 0.0125]),
    (
      "TrainingArguments(lr_scheduler_type='reduce_lr_on_plateau', eval_strategy='epoch', lr_scheduler_kwargs={'patience': 0, 'factor': 0.5}, per_device_train_batch_size=4, num_train_epochs=4, learning_rate=0.5, optim='sgd')",
      [0.7042208909988403, 1.9330922365188599, 1.609803557395935, 1.155828595161438],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125]),
    (
      "TrainingArguments(lr_scheduler_type='greedy', eval_strategy='steps', eval_steps=0.25, lr_scheduler_kwargs={'patience': 1, 'factor': 0.5}, per_device_train_batch_size=2, num_train_epochs=2, learning_rate=0.2, optim='adamw_torch')",
      [0.3540147840976715, 0.7951233386993408, 1.135817289352417, 0.9698665142059326],
      [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]),
  ]

  @Test(arguments: 0..<3)
  func lrsFollowTheEvaluations(_ i: Int) {
    let (call, metrics, lrs) = Self.runs[i]
    let r = lrsched("values", "--hf", call, "--dataset-size", "24", "--metrics", metrics.map { "\($0)" }.joined(separator: ","))
    #expect(r.code == 0, "\(r.err)")
    let got = r.out.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! }
    #expect(got == lrs)
  }
}
