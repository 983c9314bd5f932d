import Testing

/// The CLI's own strictness layer, old code and foreign command lines (issues 11 and 14).
@Suite struct LegalCallsTests {
  @Test func nanOrInfinityThatWouldTrainIsRefusedBeforeAnyOutput() {
    for (spec, arg) in [
      ("OneCycleLR(max_lr=float('nan'), total_steps=10)", "max_lr=nan"),
      ("StepLR(step_size=2, gamma=float('inf'))", "gamma=inf"),
      ("CosineAnnealingLR(T_max=10, eta_min=float('-inf'))", "eta_min=-inf"),
      ("CyclicLR(base_lr=[0.01, float('nan')], max_lr=0.1)", "base_lr=nan"),
    ] {
      let r = lrsched("values", spec, "--epochs", "1", "--steps-per-epoch", "10")
      #expect(r.code == 2, "\(spec)")
      #expect(r.out.isEmpty, "\(spec): nothing printed before the refusal")
      #expect(r.err.hasPrefix("error: "), "\(spec)")
      #expect(r.err.contains(arg), "\(spec): \(r.err)")
    }
    // An infinity that means "never" is a legal value, not a trained one.
    let plateau = lrsched(
      "values", "ReduceLROnPlateau(patience=float('inf'))", "--epochs", "2", "--steps-per-epoch", "1", "--step-on", "epoch",
      "--metrics", "1,2")
    #expect(plateau.code == 0, "\(plateau.err)")
  }

  @Test func removedArgumentIsAcceptedWithAWarning() {
    let r = lrsched(
      "values", "ReduceLROnPlateau(mode='min', verbose=True)", "--epochs", "3", "--steps-per-epoch", "1", "--step-on",
      "epoch", "--metrics", "1,1,1")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.err.split(separator: "\n").count == 1)
    #expect(r.err.contains("warning: ReduceLROnPlateau(verbose=…) ignored: torch 2.7 removed the argument"))
    // The values are those without verbose.
    let plain = lrsched(
      "values", "ReduceLROnPlateau(mode='min')", "--epochs", "3", "--steps-per-epoch", "1", "--step-on", "epoch",
      "--metrics", "1,1,1")
    #expect(r.out == plain.out)
  }

  @Test func renamedArgumentGetsTheNewName() {
    let r = lrsched("values", "CosineLRScheduler(t_initial=10, t_mul=2.0)", "--epochs", "3")
    #expect(r.code == 2)
    #expect(r.err.contains("timm 0.6 renamed t_mul to cycle_mul: write cycle_mul="))
  }

  @Test func aRealTrainPyLineIsAccepted() {
    // Flags that do not shape the schedule, with their values, and the data folder.
    let line =
      "python train.py /data/imagenet --model resnet50 -b 128 -j 8 --aa rand-m9-mstd0.5 --mean 0.485 0.456 0.406 --amp --sched cosine --epochs 4 --warmup-epochs 1 --lr 0.1 --min-lr 1e-4"
    let r = lrsched("values", "--timm", line, "--steps-per-epoch", "1")
    #expect(r.code == 0, "\(r.err)")
    for note in ["ignored --workers", "ignored --aa", "ignored --mean", "ignored --amp", "'/data/imagenet'"] {
      #expect(r.err.contains(note), "\(note)")
    }
    // A malformed line is still refused: a value-taking option without its value.
    let bad = lrsched("values", "--timm", "--sched cosine --epochs", "--steps-per-epoch", "1")
    #expect(bad.code == 2)
    let ambiguous = lrsched("values", "--timm", "--sched cosine --warmup 3", "--steps-per-epoch", "1")
    #expect(ambiguous.code == 2)
    #expect(ambiguous.err.contains("ambiguous option: --warmup"))
  }

  @Test func createSchedulerV2IsAScheduler() {
    // Recorded with timm 1.0.31: create_scheduler_v2(opt, sched='cosine', num_epochs=4,
    // warmup_epochs=1, min_lr=1e-4) on SGD(lr=0.1, momentum=0.9), step(epoch + 1) per epoch.
    let r = lrsched(
      "values", "create_scheduler_v2(optimizer, sched='cosine', num_epochs=4, warmup_epochs=1, min_lr=1e-4)",
      "--epochs", "5", "--steps-per-epoch", "1", "--step-on", "epoch")
    #expect(r.code == 0, "\(r.err)")
    let lrs = r.out.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[2]) }
    #expect(lrs == ["1e-05", "0.08536998372026805", "0.050050000000000004", "0.014730016279731955", "0.0001"])
  }

  @Test func anyTorchOptimizer() {
    let r = lrsched("values", "OneCycleLR(max_lr=0.1, total_steps=4)", "--optimizer", "Adagrad(lr=0.1)", "--epochs", "1", "--steps-per-epoch", "4")
    #expect(r.code == 2)
    #expect(r.err.contains("optimizer must support momentum or beta1 with `cycle_momentum` option enabled"))
    let rms = lrsched("values", "OneCycleLR(max_lr=0.1, total_steps=4)", "--optimizer", "RMSprop(lr=0.1, momentum=0.9)", "--epochs", "1", "--steps-per-epoch", "4")
    #expect(rms.code == 0)
    #expect(rms.out.hasPrefix("step,epoch,lr,momentum\n"))
    let bench = lrsched("bench", "--sched", "StepLR(step_size=1)", "--optimizer", "Adagrad()", "--epochs", "1")
    #expect(bench.code == 2)
    #expect(bench.err.contains("bench trains with SGD, Adam or AdamW"))
  }
}
