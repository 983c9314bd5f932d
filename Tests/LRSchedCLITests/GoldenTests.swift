import LRSchedCLI
import LRSchedPlot
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Golden images: every scheduler family of every library, twin axes, several groups,
/// overlays, log scale, `--step-on both`, dark theme, panels and a 10,000,000-step schedule,
/// rendered through `lrsched plot` and compared exactly (tolerance 0) with the committed
/// PNGs in `Golden/`. On a mismatch `NAME-actual.png` and `NAME-diff.png` are written next to
/// the golden. `LRSCHED_RECORD=1` (`make goldens`) re-records them on purpose.
@Suite struct GoldenTests {
  struct Case: Sendable, CustomStringConvertible {
    var name: String
    var args: [String]
    var description: String { name }
  }

  static let small = ["--size", "800x500"]

  static let cases: [Case] = [
    // The README picture: the original setup.
    Case(name: "onecycle", args: ["onecycle", "--epochs", "15"]),
    // torch
    Case(name: "torch-onecycle-three-phase-linear", args: ["OneCycleLR(max_lr=0.1, total_steps=3000, anneal_strategy='linear', three_phase=True)", "--epochs", "6", "--steps-per-epoch", "500"] + small),
    Case(name: "torch-cosine", args: ["cosine", "--epochs", "10", "--steps-per-epoch", "100"] + small),
    Case(name: "torch-cosine-restarts", args: ["cosine-restarts", "--epochs", "14", "--steps-per-epoch", "100"] + small),
    Case(name: "torch-step", args: ["StepLR(step_size=5, gamma=0.5)", "--epochs", "30", "--steps-per-epoch", "1", "--step-on", "epoch", "--x", "epoch"] + small),
    Case(name: "torch-multistep", args: ["MultiStepLR(milestones=[10, 20, 25], gamma=0.3)", "--epochs", "30", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-exponential-log", args: ["ExponentialLR(gamma=0.9)", "--epochs", "60", "--steps-per-epoch", "1", "--step-on", "epoch", "--log-y"] + small),
    Case(name: "torch-linear-constant", args: ["LinearLR(start_factor=0.1, total_iters=10)", "ConstantLR(factor=0.5, total_iters=20, field='weight_decay')", "--optimizer", "SGD(lr=0.1, weight_decay=0.001)", "--epochs", "30", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-poly", args: ["PolynomialLR(total_iters=40, power=2.0)", "--epochs", "50", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-cyclic-triangular2", args: ["CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=100, mode='triangular2')", "--epochs", "8", "--steps-per-epoch", "100"] + small),
    Case(name: "torch-lambda-warmup", args: ["LambdaLR(lr_lambda=lambda e: min(1.0, (e + 1) / 5) * 0.5 ** (e // 10))", "--epochs", "40", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-multiplicative", args: ["MultiplicativeLR(lr_lambda=lambda e: 0.95 if e % 2 == 0 else 1.02)", "--epochs", "40", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-sequential-warmup-cosine", args: ["warmup-cosine", "--epochs", "20", "--steps-per-epoch", "50"] + small),
    Case(name: "torch-chained", args: ["ChainedScheduler(schedulers=[ConstantLR(factor=0.1, total_iters=5), ExponentialLR(gamma=0.95)])", "--epochs", "40", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "torch-plateau", args: ["ReduceLROnPlateau(factor=0.5, patience=2)", "--epochs", "20", "--steps-per-epoch", "1", "--step-on", "epoch", "--metrics", "1,0.9,0.8,0.8,0.8,0.8,0.7,0.7,0.7,0.7,0.6,0.6,0.6,0.6,0.6,0.6,0.6,0.6,0.6,0.6"] + small),
    // timm
    Case(name: "timm-cosine-warmup-cycles", args: ["CosineLRScheduler(t_initial=20, lr_min=0.001, cycle_decay=0.5, cycle_limit=3, warmup_t=5, warmup_lr_init=0.0001, warmup_prefix=True)", "--epochs", "70", "--steps-per-epoch", "1"] + small),
    Case(name: "timm-tanh", args: ["TanhLRScheduler(t_initial=30, warmup_t=3, warmup_lr_init=0.001)", "--epochs", "30", "--steps-per-epoch", "1"] + small),
    Case(name: "timm-poly-updates", args: ["PolyLRScheduler(t_initial=1000, power=2.0, warmup_t=100, t_in_epochs=False)", "--epochs", "10", "--steps-per-epoch", "100"] + small),
    Case(name: "timm-step-noise", args: ["StepLRScheduler(decay_t=10, decay_rate=0.5, noise_range_t=[5, 35], noise_pct=0.3, noise_seed=1)", "--epochs", "40", "--steps-per-epoch", "1"] + small),
    Case(name: "timm-wsd", args: ["WSDLRScheduler(t_initial=30, decay_t=10, warmup_t=5, warmup_lr_init=0.0001, decay_fn='cosine')", "--epochs", "36", "--steps-per-epoch", "1"] + small),
    Case(name: "timm-plateau", args: ["PlateauLRScheduler(decay_rate=0.5, patience_t=1, mode='min')", "--epochs", "12", "--steps-per-epoch", "1", "--metrics", "1,0.9,0.9,0.9,0.8,0.8,0.8,0.8,0.7,0.7,0.7,0.7"] + small),
    // pytorch-accelerated
    Case(name: "accelerated-cosine-warmup", args: ["CosineLrScheduler(total_num_epochs=10, num_update_steps_per_epoch=50, num_warmup_epochs=2, warmup_starting_lr=0.001, num_cooldown_epochs=1)", "--epochs", "10", "--steps-per-epoch", "50"] + small),
    Case(name: "accelerated-wsd-checkpoints", args: ["WSDLrScheduler(total_steps=400, num_warmup_steps=20, decay_phase_ratio=0.2, num_checkpoints=3)", "--epochs", "8", "--steps-per-epoch", "50"] + small),
    // lr-momentum-scheduler
    Case(name: "lrmom-onecycle-policy", args: ["OneCyclePolicy(lr=0.1, epochs=30)", "--epochs", "30", "--steps-per-epoch", "1", "--step-on", "epoch"] + small),
    Case(name: "lrmom-rangefinder-log", args: ["RangeFinder(epochs=100)", "--optimizer", "SGD(lr=0.1)", "--epochs", "100", "--steps-per-epoch", "1", "--step-on", "epoch", "--log-y"] + small),
    // Features.
    Case(name: "groups-adam-beta1", args: ["OneCycleLR(max_lr=[0.003, 0.001], total_steps=600)", "--optimizer", "Adam([{'lr': 0.001}, {'lr': 0.0001}])", "--epochs", "6", "--steps-per-epoch", "100"] + small),
    Case(name: "overlay-cosine-vs-restarts", args: ["cosine", "cosine-restarts", "--optimizer", "SGD(lr=0.1)", "--epochs", "14", "--steps-per-epoch", "50"] + small),
    Case(name: "step-on-both", args: ["OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)", "--step-on", "both"] + small),
    Case(name: "dark-panels-epoch-axis", args: ["onecycle", "--epochs", "15", "--theme", "dark", "--panels", "--x", "epoch"] + small),
    Case(name: "ten-million-steps", args: ["CyclicLR(base_lr=0.001, max_lr=0.1, step_size_up=400000, mode='exp_range', gamma=0.9999999)", "--optimizer", "SGD(lr=0.1)", "--epochs", "10000", "--steps-per-epoch", "1000"] + small),
  ]

  static let goldenDir = directory(of: #filePath) + "/Golden"

  @Test func enoughGoldens() { #expect(Self.cases.count >= 25) }

  @Test(arguments: cases)
  func matchesGolden(_ c: Case) throws {
    let dir = makeTempDir()
    let out = dir + "/" + c.name + ".png"
    let r = lrsched(["plot"] + c.args + ["-o", out])
    #expect(r.code == 0, "\(r.err)")
    guard r.code == 0, let actualBytes = readBytes(out) else { return }
    try GoldenImages.assertMatches(png: actualBytes, named: c.name, in: Self.goldenDir)
  }
}
