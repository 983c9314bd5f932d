import LRSchedCore

/// Extension point for timm-specific lint rules (owned by the timm work): `t_in_epochs`
/// against the stepping call actually used, cycles of `CosineLRScheduler`, …
///
/// `Lint.check` appends `rules`; the generic rules ask `horizon` how many scheduler calls
/// a timm spec is sized for (e.g. `t_initial` + `warmup_t` when `warmup_prefix=True`), so
/// `step-unit-mismatch` and `length-mismatch` cover timm as soon as it answers.
public enum TimmLint {
  /// timm's own rules (none yet).
  public static var rules: [any LintRule] { [] }

  /// The number of scheduler calls a timm spec's schedule spans, and the argument that
  /// sets it; nil when unknown.
  public static func horizon(_ spec: SpecSummary, _ ctx: LintContext) -> LintHorizon? { nil }
}
