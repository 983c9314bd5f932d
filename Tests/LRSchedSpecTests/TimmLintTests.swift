import LRSchedCore
import LRSchedSpec
import Testing

/// The timm lint rules (`TimmLint`): each on a case that triggers it and one that must not.
/// The run is timm's train.py loop (step_update every update, step(epoch + 1) per epoch);
/// 15 epochs of 391 updates = 5,865 updates unless said otherwise.
@Suite struct TimmLintTests {
  static func plan(_ spec: String, epochs: Int = 15, spe: Int = 391, stepOn: StepOn = .batch) -> RunPlan {
    RunPlan(
      specs: [spec], optimizer: try! OptimizerSpec.parse("SGD(lr=0.1, momentum=0.9)"), epochs: epochs,
      stepsPerEpoch: spe, stepOn: stepOn)
  }

  static func check(_ spec: String, epochs: Int = 15, spe: Int = 391, stepOn: StepOn = .batch) -> [Finding] {
    Lint.check(plan: plan(spec, epochs: epochs, spe: spe, stepOn: stepOn))
  }

  static func rules(_ f: [Finding]) -> [String] { f.map(\.rule) }
  static func find(_ f: [Finding], _ rule: String) -> Finding? { f.first { $0.rule == rule } }

  // MARK: - horizon

  @Test func horizonIsTheCycleLengthInTimmUnits() throws {
    let ctx = LintContext(plan: Self.plan("CosineLRScheduler(t_initial=300)", stepOn: .epoch))
    let h = try #require(TimmLint.horizon(ctx.specs[0], ctx))
    #expect(h.calls == 300)
    #expect(h.resize(15) == "t_initial=15")
    // warmup_prefix adds warmup_t; cycle_limit multiplies.
    let pre = LintContext(plan: Self.plan("CosineLRScheduler(t_initial=10, warmup_t=3, warmup_prefix=True)", stepOn: .epoch))
    #expect(TimmLint.horizon(pre.specs[0], pre)?.calls == 13)
    #expect(TimmLint.horizon(pre.specs[0], pre)?.resize(15) == "t_initial=12")
    let cyc = LintContext(plan: Self.plan("CosineLRScheduler(t_initial=5, cycle_limit=3)", stepOn: .epoch))
    #expect(TimmLint.horizon(cyc.specs[0], cyc)?.calls == 15)
    // WSD: warmup_t + t_initial.
    let wsd = LintContext(plan: Self.plan("WSDLRScheduler(t_initial=12, decay_t=3, warmup_t=3)", stepOn: .epoch))
    #expect(TimmLint.horizon(wsd.specs[0], wsd)?.calls == 15)
    // Updates: t_in_epochs=False with --step-on batch.
    let upd = LintContext(plan: Self.plan("CosineLRScheduler(t_initial=5865, t_in_epochs=False)"))
    #expect(TimmLint.horizon(upd.specs[0], upd)?.calls == 5865)
    // --step-on disagreeing with t_in_epochs: the generic rules would count in the wrong unit.
    let dis = LintContext(plan: Self.plan("CosineLRScheduler(t_initial=300)", stepOn: .batch))
    #expect(TimmLint.horizon(dis.specs[0], dis) == nil)
    // Non-timm and unsized timm classes: nil.
    let step = LintContext(plan: Self.plan("StepLRScheduler(decay_t=5)", stepOn: .epoch))
    #expect(TimmLint.horizon(step.specs[0], step) == nil)
  }

  @Test func lengthRulesCoverTimm() throws {
    // Sized in epochs, stepped per epoch, 300 of 15: the generic rule, via horizon.
    let f = Self.check("CosineLRScheduler(t_initial=300)", stepOn: .epoch)
    let m = try #require(Self.find(f, "length-mismatch"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("300 scheduler calls"))
    #expect(m.message.contains("5.0%"))
    #expect(m.fix == "t_initial=15")
    // The same under the default --step-on batch: reported in timm's own unit (epochs).
    let g = Self.check("CosineLRScheduler(t_initial=300)")
    let n = try #require(Self.find(g, "length-mismatch"))
    #expect(n.message.contains("sized for 300 epochs"))
    #expect(n.message.contains("5.0%"))
    #expect(n.message.contains("the lr ends at 0.09946"))
    #expect(n.fix == "t_initial=15")
    #expect(Self.find(g, "step-unit-mismatch") == nil)
    // Shorter than the run: info.
    let short = Self.check("CosineLRScheduler(t_initial=10)")
    #expect(Self.find(short, "length-mismatch")?.severity == .info)
    // Must not: an epoch schedule under the default --step-on batch is not "stepped every batch".
    #expect(Self.check("CosineLRScheduler(t_initial=15)").isEmpty)
    #expect(Self.check("CosineLRScheduler(t_initial=15)", stepOn: .epoch).isEmpty)
    #expect(Self.check("CosineLRScheduler(t_initial=5865, t_in_epochs=False)").isEmpty)
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=2)"), "step-unit-mismatch") == nil)
  }

  // MARK: - timm-t-in-epochs

  @Test func tInEpochsWithUpdateSizedSchedule() throws {
    for stepOn in StepOn.allCases {
      let f = Self.check("CosineLRScheduler(t_initial=5865)", stepOn: stepOn)
      let m = try #require(Self.find(f, "timm-t-in-epochs"))
      #expect(m.severity == .error)
      #expect(m.message.contains("step_update(num_updates) is a no-op"))
      #expect(m.message.contains("t = 14 of 5,865"))
      #expect(m.message.contains("0.26% of the schedule"))
      #expect(m.message.contains("the lr ends at 0.1"))
      #expect(m.fix?.contains("t_in_epochs=False") == true)
      #expect(m.fix?.contains("t_initial=15") == true)
      // One finding, not also a generic one with a --step-on fix that would change nothing.
      #expect(Self.find(f, "step-unit-mismatch") == nil)
      #expect(Self.find(f, "length-mismatch") == nil)
    }
    // MultiStep milestones in updates with t_in_epochs=True never decay.
    let ms = Self.check("MultiStepLRScheduler(decay_t=[2000, 4000], decay_rate=0.1)")
    #expect(Self.find(ms, "timm-t-in-epochs")?.message.contains("never decays") == true)
    #expect(Self.find(ms, "timm-t-in-epochs")?.fix?.contains("decay_t=[5, 10]") == true)
  }

  @Test func tInEpochsFalseWithEpochSizedSchedule() throws {
    let f = Self.check("CosineLRScheduler(t_initial=15, warmup_t=2, warmup_lr_init=0.01, t_in_epochs=False)")
    let m = try #require(Self.find(f, "timm-t-in-epochs"))
    #expect(m.severity == .error)
    #expect(m.message.contains("step(epoch + 1) is a no-op"))
    #expect(m.message.contains("over after 15 of 5,865 updates"))
    #expect(m.message.contains("within epoch 1"))
    #expect(m.fix?.contains("t_in_epochs=True") == true)
    #expect(m.fix?.contains("t_initial=5865, warmup_t=782") == true)
    #expect(Self.find(f, "step-unit-mismatch") == nil)
    // --step-on epoch does not rescue it; the message says so.
    let e = try #require(Self.find(Self.check("CosineLRScheduler(t_initial=15, t_in_epochs=False)", stepOn: .epoch), "timm-t-in-epochs"))
    #expect(e.message.contains("--step-on epoch does not change a timm scheduler"))
    // Step / MultiStep sized in epochs but counted in updates.
    let st = try #require(Self.find(Self.check("StepLRScheduler(decay_t=5, decay_rate=0.1, t_in_epochs=False)"), "timm-t-in-epochs"))
    #expect(st.message.contains("decays 1,172 times instead of 2"))
    #expect(st.fix?.contains("decay_t=1955") == true)
    let ms = Self.check("MultiStepLRScheduler(decay_t=[5, 10], decay_rate=0.1, t_in_epochs=False)")
    #expect(Self.find(ms, "timm-t-in-epochs")?.message.contains("within the first 10 updates") == true)
  }

  @Test func stepOnEpochWithUpdateCountedSchedule() throws {
    let f = Self.check("CosineLRScheduler(t_initial=5865, t_in_epochs=False)", stepOn: .epoch)
    let m = try #require(Self.find(f, "timm-t-in-epochs"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("step(epoch) is a no-op"))
    #expect(m.fix?.contains("step_update") == true)
    #expect(m.fix?.contains("t_in_epochs=True with t_initial=15") == true)
    #expect(Self.rules(f) == ["timm-t-in-epochs"])
  }

  @Test func tInEpochsMustNotFire() {
    let clean = [
      ("CosineLRScheduler(t_initial=15)", StepOn.batch), ("CosineLRScheduler(t_initial=15)", .epoch),
      ("CosineLRScheduler(t_initial=5865, t_in_epochs=False)", .batch), ("WSDLRScheduler(t_initial=5865, decay_t=1000, t_in_epochs=False)", .batch),
      ("MultiStepLRScheduler(decay_t=[5, 10], decay_rate=0.1)", .batch),
      ("MultiStepLRScheduler(decay_t=[2000, 4000], decay_rate=0.1, t_in_epochs=False)", .batch),
      ("StepLRScheduler(decay_t=5, decay_rate=0.1)", .batch),
      ("StepLRScheduler(decay_t=1000, decay_rate=0.5, t_in_epochs=False)", .batch),
      // A gentle per-update decay is plausible on purpose.
      ("StepLRScheduler(decay_t=5, decay_rate=0.9999, t_in_epochs=False)", .batch),
      ("CosineLRScheduler(t_initial=300)", .batch),
    ]
    for (spec, on) in clean {
      #expect(Self.find(Self.check(spec, stepOn: on), "timm-t-in-epochs") == nil, "\(spec) --step-on \(on)")
    }
    // One update per epoch: the units coincide.
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=15, t_in_epochs=False)", spe: 1), "timm-t-in-epochs") == nil)
    // Plateau has no t_in_epochs.
    var p = Self.plan("PlateauLRScheduler(decay_rate=0.5, patience_t=1, mode='min')")
    p.metrics = Array(repeating: 1.0, count: 15)
    #expect(Lint.check(plan: p).isEmpty)
  }

  // MARK: - timm-warmup-noprefix-jump

  @Test func warmupWithoutPrefixJumps() throws {
    let f = Self.check("CosineLRScheduler(t_initial=15, warmup_t=5, warmup_lr_init=1e-4)", stepOn: .epoch)
    let m = try #require(Self.find(f, "timm-warmup-noprefix-jump"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("from 0.08002 to the cosine's value there, 0.075"))
    #expect(m.message.contains("a jump of 0.025"))
    #expect(m.message.contains("25% of the base 0.1"))
    #expect(m.fix?.contains("warmup_prefix=True with t_initial=10") == true)
    // A smaller overlap is info.
    let g = Self.check("CosineLRScheduler(t_initial=30, warmup_t=3, warmup_lr_init=1e-4)", epochs: 30, stepOn: .epoch)
    #expect(Self.find(g, "timm-warmup-noprefix-jump")?.severity == .info)
  }

  @Test func warmupWithoutPrefixMustNotFire() {
    let clean = [
      "CosineLRScheduler(t_initial=15, warmup_t=5, warmup_lr_init=1e-4, warmup_prefix=True)",
      // train.py's defaults: 5 of 300 epochs, a 0.07% dip.
      "CosineLRScheduler(t_initial=300, warmup_t=5, warmup_lr_init=1e-5)",
      // Tanh ramps to the curve's own value: no jump, and that value is the base within 0.1%.
      "TanhLRScheduler(t_initial=15, warmup_t=5, warmup_lr_init=1e-4)",
      "CosineLRScheduler(t_initial=15)",
    ]
    for spec in clean {
      #expect(Self.find(Self.check(spec, epochs: 15, stepOn: .epoch), "timm-warmup-noprefix-jump") == nil, "\(spec)")
    }
  }

  // MARK: - timm-lr-min-never-reached

  @Test func lrMinNeverReached() throws {
    let f = Self.check("WSDLRScheduler(t_initial=12, decay_t=3, warmup_t=3, warmup_lr_init=1e-4)", stepOn: .epoch)
    let m = try #require(Self.find(f, "timm-lr-min-never-reached"))
    #expect(m.severity == .warning)
    #expect(m.message.contains("only at t = 15 (warmup_t=3 + t_initial=12 epochs)"))
    #expect(m.message.contains("last trained t = 14"))
    #expect(m.message.contains("ends at lr 0.01835"))
    #expect(m.fix?.contains("cooldown") == true)
    // Restarting cosine run for exactly its cycles.
    let c = Self.check("CosineLRScheduler(t_initial=5, cycle_limit=3, cycle_decay=0.5)", stepOn: .epoch)
    #expect(Self.find(c, "timm-lr-min-never-reached")?.severity == .info)
    // timm's --sched poly: power = --decay-rate 0.1, the last epoch is still at 57% of the base.
    let poly = Self.check("PolyLRScheduler(t_initial=300, power=0.1)", epochs: 300, spe: 10, stepOn: .epoch)
    #expect(Self.find(poly, "timm-lr-min-never-reached")?.message.contains("57% of the way") == true)
  }

  @Test func lrMinNeverReachedMustNotFire() {
    // One cooldown epoch: the last epoch trains at lr_min.
    let cooled = Self.check("WSDLRScheduler(t_initial=12, decay_t=3, warmup_t=3, warmup_lr_init=1e-4)", epochs: 16, stepOn: .epoch)
    #expect(Self.find(cooled, "timm-lr-min-never-reached") == nil)
    // A long cosine ends within 2% of lr_min.
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=300)", epochs: 300, spe: 10, stepOn: .epoch), "timm-lr-min-never-reached") == nil)
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=15)"), "timm-lr-min-never-reached") == nil)
    // Counted in updates, the gap is negligible.
    #expect(Self.find(Self.check("WSDLRScheduler(t_initial=5865, decay_t=1000, t_in_epochs=False)"), "timm-lr-min-never-reached") == nil)
    // A schedule that does not fill the run is length-mismatch, not this rule.
    #expect(Self.find(Self.check("WSDLRScheduler(t_initial=30, decay_t=3)"), "timm-lr-min-never-reached") == nil)
  }

  // MARK: - timm-noise-range

  @Test func noiseOverMostOfTheRun() throws {
    let f = Self.check("CosineLRScheduler(t_initial=15, noise_range_t=3)", stepOn: .epoch)
    let m = try #require(Self.find(f, "timm-noise-range"))
    #expect(m.severity == .info)
    #expect(m.message.contains("80% of the run"))
    #expect(m.message.contains("t = 3…14"))
    #expect(!Lint.hasErrors(f))
    // noise_pct ≥ 1 lets the lr go negative: warning.
    let g = Self.check("CosineLRScheduler(t_initial=15, noise_range_t=3, noise_pct=1.5)", stepOn: .epoch)
    let w = try #require(g.first { $0.rule == "timm-noise-range" && $0.severity == .warning })
    #expect(w.message.contains("lowest lr is -0.03468"))
  }

  @Test func noiseRangeMustNotFire() {
    // train.py --lr-noise 0.42 0.9: under half the run.
    #expect(Self.check("CosineLRScheduler(t_initial=15, noise_range_t=(6, 13))", stepOn: .epoch).isEmpty)
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=15, noise_range_t=8)", stepOn: .epoch), "timm-noise-range") == nil)
    #expect(Self.find(Self.check("CosineLRScheduler(t_initial=15)", stepOn: .epoch), "timm-noise-range") == nil)
  }
}
