import LRSchedCLI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `values`, `plot` and `check` with the framework loop options. Expected series are the
/// recorded runs of loops.json (their rows copied here with their case ids).
@Suite(.serialized) struct LoopCLITests {
  static func lrColumn(_ csv: String) -> [String] {
    csv.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
  }

  /// loops-accelerate-w2-onecycle-naive-odd-07: 42 rows / batch 2 on 2 processes = 11 batches
  /// each; OneCycleLR(total_steps=42) advances 2 per step; accelerate's guard freezes step 21.
  @Test func accelerateTwoProcessesFromTheDatasetSize() throws {
    let r = lrsched(
      "values", "OneCycleLR(max_lr=0.1, total_steps=42)", "--optimizer", "SGD(lr=0.1, momentum=0.9)", "--loop", "accelerate",
      "--world-size", "2", "--dataset-size", "42", "--batch-size", "2", "--epochs", "2")
    #expect(r.code == 0, "\(r.err)")
    #expect(Self.lrColumn(r.out) == Self.recorded07)
  }

  static let recorded07 = ["0.0040000000000000036", "0.010870855543955726", "0.029516394846410082", "0.05459866761210004", "0.07893697913739435", "0.09556362014420594", "0.09995433355352143", "0.09836474969297887", "0.09457457847903737", "0.08875627272876158", "0.0811745653949763", "0.07217442421503903", "0.06216535567634809", "0.051602772468267236", "0.04096727220153579", "0.030742770213577728", "0.021394481417223554", "0.01334775301888306", "0.006968711217642824", "0.0025476024606159702", "0.00028558722754385015", "0.00028558722754385015"]

  /// loops-torch-ga3-everybatch-cosine-20 against loops-torch-ga3-optstep-cosine-19: the
  /// two places to call scheduler.step() with accumulation, both sayable.
  @Test func everyBatchAndEveryOptimizerStepDiffer() throws {
    let common = ["CosineAnnealingLR(T_max=8)", "--optimizer", "SGD(lr=0.1)", "--accum", "3", "--batches-per-epoch", "10", "--epochs", "2"]
    let batch = lrsched(["values"] + common + ["--step-on", "batch"])
    let opt = lrsched(["values"] + common + ["--step-on", "optimizer-step"])
    #expect(batch.code == 0 && opt.code == 0)
    #expect(Self.lrColumn(batch.out) == ["0.08535533905932738", "0.030865828381745515", "0.0", "0.0038060233744356634", "0.050000000000000065", "0.09619397662556446", "0.0853553390593275", "0.06913417161825462"])
    #expect(Self.lrColumn(opt.out) == ["0.1", "0.09619397662556434", "0.08535533905932738", "0.0691341716182545", "0.05", "0.030865828381745515", "0.014644660940672627", "0.0038060233744356634"])
    // Without --step-on the loop steps after every batch, as the flag's default says.
    #expect(lrsched(["values"] + common).out == batch.out)
  }

  /// loops-lightning-w1-step-f3-ga2-30: frequency against batch_idx.
  @Test func lightningFrequency() throws {
    let r = lrsched(
      "values", "LinearLR(start_factor=0.1, total_iters=6)", "--optimizer", "SGD(lr=0.1)", "--loop", "lightning",
      "--accum", "2", "--batches-per-epoch", "11", "--epochs", "2", "--frequency", "3")
    #expect(r.code == 0)
    #expect(Self.lrColumn(r.out) == ["0.010000000000000002", "0.010000000000000002", "0.010000000000000002", "0.025000000000000005", "0.025000000000000005", "0.025000000000000005", "0.025000000000000005", "0.025000000000000005", "0.025000000000000005", "0.04000000000000001", "0.04000000000000001", "0.04000000000000001"])
  }

  /// A plain torch loop without accumulation is the plain loop: identical output.
  @Test func plainLoopOptionsChangeNothing() throws {
    let plain = lrsched("values", "onecycle", "--epochs", "3", "--steps-per-epoch", "7")
    let loop = lrsched("values", "onecycle", "--epochs", "3", "--batches-per-epoch", "7", "--loop", "torch", "--skipped-steps", "0,3")
    #expect(plain.code == 0 && plain.out == loop.out)
  }

  @Test func checkReportsTheAccelerateBug() throws {
    let r = lrsched(
      "check", "CosineAnnealingLR(T_max=20)", "--optimizer", "SGD(lr=0.1)", "--loop", "accelerate", "--world-size", "2",
      "--batches-per-epoch", "10", "--epochs", "2")
    #expect(r.code == 1)
    #expect(r.out.contains("error[accelerate-world-size]"))
    #expect(r.out.contains("optimizer step 10 of 20"))
    let ok = lrsched(
      "check", "CosineAnnealingLR(T_max=40)", "--optimizer", "SGD(lr=0.1)", "--loop", "accelerate", "--world-size", "2",
      "--batches-per-epoch", "10", "--epochs", "2")
    #expect(ok.code == 0 && ok.out == "no problems found\n")
  }

  @Test func plotWritesALoopRun() throws {
    let dir = makeTempDir()
    let r = lrsched(
      "plot", "OneCycleLR(max_lr=0.1, total_steps=40)", "--loop", "accelerate", "--world-size", "2", "--batches-per-epoch", "10",
      "--epochs", "2", "-o", dir + "/a.svg")
    #expect(r.code == 0, "\(r.err)")
    #expect(readFile(dir + "/a.svg")?.contains("accelerate, 2 processes") == true)
  }

  /// loops-trainer-w2-skip-linear-26: the real Trainer on 2 processes with the GradScaler
  /// skipping updates 0 and 3; --hf derives the loop, --skipped-steps adds the skips.
  @Test func hfTrainerWithSkippedSteps() throws {
    let args =
      "TrainingArguments(per_device_train_batch_size=2, gradient_accumulation_steps=2, num_train_epochs=3, warmup_steps=1, lr_scheduler_type='linear', learning_rate=0.01, optim='sgd')"
    let r = lrsched("values", "--hf", args, "--dataset-size", "24", "--world-size", "2", "--skipped-steps", "0,3")
    #expect(r.code == 0, "\(r.err)")
    #expect(Self.lrColumn(r.out) == ["0.0", "0.0", "0.01", "0.00875", "0.00875", "0.0075", "0.00625", "0.005", "0.00375"])
    let c = lrsched("check", "--hf", args, "--dataset-size", "24", "--world-size", "2", "--skipped-steps", "0,3")
    #expect(c.out.contains("warning[skipped-steps-shift]"))
    #expect(lrsched("check", "--hf", args, "--dataset-size", "24", "--world-size", "2").out.contains("skipped-steps-shift") == false)
    // --hf derives the loop's counts itself.
    let bad = lrsched("values", "--hf", args, "--dataset-size", "24", "--accum", "4")
    #expect(bad.code == 2 && bad.err.contains("drop --accum"))
  }

  /// TrainingArguments(warmup_steps=0.07) with max_steps=100: CPython's ceil(100 * 0.07) is 8.
  @Test func hfWarmupRatioRounding() throws {
    let r = lrsched("check", "--hf", "--lr_scheduler_type linear --warmup_steps 0.07 --max_steps 100", "--dataset-size", "1000")
    #expect(r.out.contains("warning[warmup-ratio]"))
    #expect(r.out.contains("ceil gives 8 warm-up steps, not 7"))
    #expect(r.err.contains("num_warmup_steps 8"))
    let count = lrsched("check", "--hf", "--lr_scheduler_type linear --warmup_steps 7 --max_steps 100", "--dataset-size", "1000")
    #expect(!count.out.contains("warmup-ratio"))
    let exact = lrsched("check", "--hf", "--lr_scheduler_type linear --warmup_steps 0.05 --max_steps 100", "--dataset-size", "1000")
    #expect(!exact.out.contains("warmup-ratio"))
  }

  struct Row: CustomStringConvertible, Sendable {
    var args: [String]
    var says: String
    var description: String { args.joined(separator: " ") }
  }

  static let spec = ["values", "CosineAnnealingLR(T_max=10)"]
  static let rows: [Row] = [
    Row(args: spec + ["--loop", "keras"], says: "--loop must be one of torch, trainer, accelerate, lightning"),
    Row(args: spec + ["--accum", "0"], says: "--accum must be at least 1"),
    Row(args: spec + ["--world-size", "-2"], says: "--world-size must be at least 1"),
    Row(args: spec + ["--accum", "4", "--steps-per-epoch", "100"], says: "--steps-per-epoch counts optimizer steps"),
    Row(args: spec + ["--batches-per-epoch", "10", "--dataset-size", "100", "--batch-size", "4"], says: "give the epoch's length once"),
    Row(args: spec + ["--dataset-size", "100"], says: "--dataset-size needs --batch-size"),
    Row(args: spec + ["--batch-size", "8"], says: "--batch-size and --drop-last size the epoch with --dataset-size"),
    Row(args: spec + ["--dataset-size", "3", "--batch-size", "4", "--drop-last"], says: "gives no batch per process"),
    Row(args: spec + ["--split-batches"], says: "--split-batches is an accelerate setting"),
    Row(args: spec + ["--loop", "trainer", "--frequency", "2"], says: "--frequency is a Lightning lr_scheduler setting"),
    Row(args: spec + ["--max-steps", "5"], says: "--max-steps is a Trainer setting"),
    Row(args: spec + ["--loop", "trainer", "--step-on", "epoch"], says: "the Trainer steps the scheduler after every optimizer step"),
    Row(args: spec + ["--loop", "lightning", "--step-on", "epoch"], says: "use --interval step|epoch"),
    Row(args: spec + ["--loop", "lightning", "--interval", "batch"], says: "--interval must be one of step, epoch"),
    Row(args: spec + ["--skipped-steps", "1,x"], says: "--skipped-steps expects optimizer steps"),
    Row(args: spec + ["--skipped-steps", "5-2"], says: "--skipped-steps expects optimizer steps"),
    Row(args: spec + ["--accum", "2", "--epochs", "1", "--batches-per-epoch", "4", "--skipped-steps", "2"], says: "past the run's last optimizer step 1"),
    Row(
      args: spec + ["--loop", "accelerate", "--split-batches", "--world-size", "2", "--dataset-size", "40", "--batch-size", "3"],
      says: "needs to be a round multiple of the number of processes (2)"),
    Row(args: ["values", "CosineLRScheduler(t_initial=10)", "--loop", "accelerate"], says: "timm scheduler with its own training loop"),
    Row(args: ["values", "ReduceLROnPlateau()", "--loop", "trainer", "--metrics", "1,2"], says: "metric-driven scheduler"),
    Row(args: ["values", "get_scheduler('greedy')", "--loop", "trainer", "--metrics", "1,2"], says: "metric-driven (GreedyLR)"),
    Row(args: spec + ["--loop", "accelerate", "--save-state", "/nonexistent-dir/x.json"], says: "--save-state"),
    Row(args: ["values", "--timm", "--sched cosine --epochs 10", "--accum", "2", "--batches-per-epoch", "4"], says: "--timm runs timm's own"),
    Row(args: spec + ["--epochs", "10000000", "--batches-per-epoch", "100000000", "--accum", "2"], says: "too large"),
    Row(args: spec + ["--loop", "accelerate", "--world-size", "1000000", "--batches-per-epoch", "100000", "--epochs", "100"], says: "limit 2,000,000,000"),
  ]

  @Test(arguments: rows)
  func badInput(_ row: Row) {
    let r = lrsched(row.args)
    #expect(r.code == 2, "exit code; stderr: \(r.err)")
    #expect(r.out.isEmpty)
    let first = r.err.split(separator: "\n").first.map(String.init) ?? ""
    #expect(first.hasPrefix("error: ") && first.contains(row.says), "\(first) (expected: \(row.says))")
  }
}
