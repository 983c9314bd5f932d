import LRSchedCore
import LRSchedSpec
import Testing

/// `TimmFactory`: timm `train.py` arguments → what `create_scheduler_v2` builds
/// (timm 1.0.31 `scheduler_factory.py`), with train.py's defaults.
@Suite struct TimmFactoryTests {
  @Test func theIssueExampleResolvesToTheFactoryCall() throws {
    let r = try TimmFactory.resolution(
      args: "--sched cosine --epochs 300 --warmup-epochs 5 --lr 5e-4 --min-lr 1e-5 --cooldown-epochs 10")
    #expect(
      r.scheduler
        == "CosineLRScheduler(t_initial=300, lr_min=1e-05, cycle_mul=1.0, cycle_decay=0.5, cycle_limit=1, warmup_t=5, warmup_lr_init=1e-05, warmup_prefix=False, t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42, k_decay=1.0)")
    // get_cycle_length() (300, the warm-up overlaps the cosine) + cooldown 10.
    #expect(r.numEpochs == 310)
    #expect(r.stepOn == .epoch)
    #expect(r.lr == 5e-4)
    #expect(try TimmFactory.resolve(args: "--sched cosine --epochs 300 --warmup-epochs 5 --lr 5e-4 --min-lr 1e-5 --cooldown-epochs 10") == r.scheduler)
  }

  @Test func warmupPrefixAddsTheWarmupToTheEpochs() throws {
    let r = try TimmFactory.resolution(args: "--epochs 300 --warmup-epochs 5 --cooldown-epochs 10 --warmup-prefix")
    #expect(r.scheduler.contains("warmup_prefix=True"))
    #expect(r.numEpochs == 315)
  }

  @Test func trainScriptDefaultsDifferFromTheFactorysAndTheClasss() throws {
    // train.py: --lr-cycle-decay 0.5, --warmup-epochs 5, --min-lr 0 (an int), --warmup-lr 1e-5.
    let script = try TimmFactory.resolve(args: "")
    #expect(script.hasPrefix("CosineLRScheduler(t_initial=300, lr_min=0, cycle_mul=1.0, cycle_decay=0.5,"))
    #expect(script.contains("warmup_t=5, warmup_lr_init=1e-05"))
    // create_scheduler_v2's own keyword defaults: cycle_decay=0.1, warmup_epochs=0, min_lr=0.
    let factory = try TimmFactory.resolve(args: "", defaults: .factory)
    #expect(factory.contains("lr_min=0.0, cycle_mul=1.0, cycle_decay=0.1,"))
    #expect(factory.contains("warmup_t=0,"))
    // The class's own default would be cycle_decay=1.0: the factory always passes it.
    #expect(!factory.contains("cycle_decay=1.0"))
  }

  @Test func polyUsesDecayRateAsItsPower() throws {
    let r = try TimmFactory.resolution(args: "--sched poly --epochs 100 --warmup-epochs 0")
    #expect(r.scheduler.hasPrefix("PolyLRScheduler(t_initial=100, power=0.1, lr_min=0,"))
    #expect(r.numEpochs == 100)
  }

  @Test func stepAndMultistepGetNoWarmupPrefixFromTheFactory() throws {
    // The classes default to warmup_prefix=True; the factory passes False.
    let step = try TimmFactory.resolution(args: "--sched step --epochs 200 --decay-epochs 30 --decay-rate 0.5")
    #expect(
      step.scheduler
        == "StepLRScheduler(decay_t=30.0, decay_rate=0.5, warmup_t=5, warmup_lr_init=1e-05, warmup_prefix=False, t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42)")
    #expect(step.numEpochs == 200)
    let stepDefault = try TimmFactory.resolve(args: "--sched step")
    #expect(stepDefault.hasPrefix("StepLRScheduler(decay_t=90, decay_rate=0.1,"))
    let multi = try TimmFactory.resolution(args: "--sched multistep --decay-milestones 30 60 --warmup-prefix")
    #expect(multi.scheduler.hasPrefix("MultiStepLRScheduler(decay_t=[30, 60], decay_rate=0.1, warmup_t=5,"))
    #expect(multi.scheduler.contains("warmup_prefix=True"))
    // Not a cycle scheduler: num_epochs + warmup_epochs with the prefix.
    #expect(multi.numEpochs == 305)
  }

  @Test func schedOnUpdatesCountsInUpdates() throws {
    let r = try TimmFactory.resolution(
      args: "--sched cosine --epochs 10 --warmup-epochs 2 --cooldown-epochs 1 --sched-on-updates --lr-noise 0.5",
      updatesPerEpoch: 100)
    #expect(r.scheduler.contains("t_initial=1000,"))
    #expect(r.scheduler.contains("warmup_t=200,"))
    #expect(r.scheduler.contains("t_in_epochs=False"))
    // One noise fraction becomes a scalar: noise from update 500 on.
    #expect(r.scheduler.contains("noise_range_t=500.0,"))
    // (1000 + 100) // 100.
    #expect(r.numEpochs == 11)
    #expect(r.stepOn == .batch)
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--sched-on-updates") }
  }

  @Test func noiseFractionsScaleByTInitialAndSeedIsTheRunSeed() throws {
    let r = try TimmFactory.resolve(args: "--epochs 100 --lr-noise 0.4 0.9 --lr-noise-std 0.5 --seed 7")
    #expect(r.contains("noise_range_t=[40.0, 90.0], noise_pct=0.67, noise_std=0.5, noise_seed=7,"))
  }

  @Test func plateauTakesModeFromTheEvalMetric() throws {
    let r = try TimmFactory.resolve(args: "--sched plateau --patience-epochs 3 --eval-metric loss")
    #expect(
      r == "PlateauLRScheduler(decay_rate=0.1, patience_t=3, cooldown_t=0, warmup_t=5, warmup_lr_init=1e-05, lr_min=0, mode='min', noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42)")
    #expect(try TimmFactory.resolve(args: "--sched plateau").contains("mode='max'"))
    #expect(throws: SpecError.self) {
      try TimmFactory.resolve(args: "--sched plateau --sched-on-updates", updatesPerEpoch: 10)
    }
  }

  @Test func wsdFitsStableAndDecayInsideTheEpochs() throws {
    // decay_epochs defaults to 0.2 of the stable + decay length, epochs - warmup = 95.
    let r = try TimmFactory.resolution(args: "--sched wsd --epochs 100 --warmup-epochs 5")
    #expect(
      r.scheduler
        == "WSDLRScheduler(t_initial=95, decay_t=19, lr_min=0, stable_fn='constant', stable_timescale=None, decay_fn='1-sqrt', warmup_t=5, warmup_lr_init=1e-05, t_in_epochs=True, noise_range_t=None, noise_pct=0.67, noise_std=1.0, noise_seed=42)")
    #expect(r.numEpochs == 100)
    let rsqrt = try TimmFactory.resolve(args: "--sched rsqrt --epochs 50 --warmup-epochs 10 --decay-epochs 8")
    #expect(rsqrt.contains("t_initial=40, decay_t=8,"))
    #expect(rsqrt.contains("stable_fn='rsqrt', stable_timescale=None, decay_fn='linear'"))
    // round() is banker's rounding: 0.25 * 10 = 2.5 -> 2.
    #expect(try TimmFactory.resolve(args: "--sched wsd --epochs 10 --warmup-epochs 0 --decay-epochs 0.25").contains("decay_t=2,"))
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--sched wsd --epochs 10 --decay-epochs 20") }
  }

  @Test func argparseSpellings() throws {
    // --opt=value, unique prefixes, the --dr alias, a leading `python train.py` and the data dir.
    let r = try TimmFactory.resolve(args: "python train.py /data/imagenet --sched=step --warmup-e 2 --dr 0.5 --decay-ep 10")
    #expect(r.hasPrefix("StepLRScheduler(decay_t=10.0, decay_rate=0.5, warmup_t=2,"))
    // Options that do not shape the schedule are skipped with their values.
    let m = try TimmFactory.resolution(args: "--model resnet50 --amp --epochs 20 --warmup-epochs 0")
    #expect(m.scheduler.contains("t_initial=20,"))
    #expect(m.notes.contains { $0.contains("--model") })
    // Typos and bad values fail like argparse.
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--min_lr 1e-5") }
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--epochs 3.5") }
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--warmup 3") }
    #expect(throws: SpecError.self) { try TimmFactory.resolve(args: "--sched cosin") }
  }

  @Test func lrComesFromLrBaseWithoutLr() throws {
    // lr = lr_base * 128 / 256, linear for SGD, sqrt for Adam-family optimizers.
    #expect(try TimmFactory.resolution(args: "").lr == 0.05)
    let adamw = try TimmFactory.resolution(args: "--opt adamw --weight-decay 0.05")
    #expect(adamw.lr == 0.1 * (0.5 as Double).squareRoot())
    #expect(adamw.optimizer.hasPrefix("AdamW(lr="))
    #expect(try TimmFactory.resolution(args: "-b 512 --lr-base 0.2").lr == 0.4)
  }

  @Test func theResolvedCallRunsAsASpec() throws {
    let r = try TimmFactory.resolution(args: "--epochs 6 --warmup-epochs 2 --lr 0.1 --min-lr 1e-3 --cooldown-epochs 1")
    let plan = RunPlan(
      specs: [r.scheduler], optimizer: try OptimizerSpec.parse(r.optimizer), epochs: r.numEpochs, stepsPerEpoch: 1,
      stepOn: r.stepOn)
    var run = try plan.makeRun()
    var lrs: [Double] = []
    while let v = try run.next() { lrs.append(v[0].lr) }
    #expect(lrs.count == 7)
    #expect(lrs[0] == 1e-5)  // warmup_lr_init
    #expect(lrs[6] == 1e-3)  // the cooldown epoch holds lr_min
  }
}
