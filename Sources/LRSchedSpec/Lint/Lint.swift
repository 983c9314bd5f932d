import LRSchedCore

/// `lrsched check`: what a run plan will really do, said before any training.
///
/// ```swift
/// let findings = Lint.check(plan: RunPlan(specs: ["OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)"],
///                                         epochs: 15, stepsPerEpoch: 391, stepOn: .epoch))
/// if Lint.hasErrors(findings) { exit(1) }
/// print(Lint.json(findings))
/// ```
/// Findings come from the parsed specs (class, arguments) and from actually running the
/// plan once (streaming statistics, constant memory), plus a second run with the other
/// stepping when a rule needs to show the intended curve.
public enum Lint {
  /// The rules `check` applies, in report order: lrsched's own, the timm and transformers
  /// hooks, the training-loop rules, then the usage rules (UsageRules.swift).
  public static var defaultRules: [any LintRule] {
    builtinRules + TimmLint.rules + TransformersLint.rules + LoopLint.rules + UsageLint.rules
  }

  /// Runs every rule on the plan. Findings are sorted errors first, then warnings, then
  /// info, keeping rule order within a severity.
  public static func check(plan: RunPlan, rules: [any LintRule] = defaultRules) -> [Finding] {
    let ctx = LintContext(plan: plan)
    var out: [Finding] = []
    if let e = ctx.constructionError {
      out.append(constructorFinding(e, ctx: ctx))
    }
    for r in rules { out += r.check(ctx) }
    return out.enumerated().sorted { a, b in
      a.element.severity != b.element.severity ? a.element.severity > b.element.severity : a.offset < b.offset
    }.map(\.element)
  }

  /// Whether any finding is an error (`lrsched check` exits 1 then).
  public static func hasErrors(_ findings: [Finding]) -> Bool { findings.contains { $0.severity == .error } }

  /// `--format json`: `{"findings": [{"severity", "rule", "spec", "message", "fix"}], "errors": n, "warnings": n}`.
  public static func json(_ findings: [Finding]) -> String {
    let q = JSONText.quote
    let items = findings.map { f in
      "{\"severity\": \(q(f.severity.rawValue)), \"rule\": \(q(f.rule)), \"spec\": \(f.spec.map(String.init) ?? "null"), "
        + "\"message\": \(q(f.message)), \"fix\": \(f.fix.map(q) ?? "null")}"
    }
    let errors = findings.filter { $0.severity == .error }.count
    let warnings = findings.filter { $0.severity == .warning }.count
    return "{\"findings\": [" + items.joined(separator: ", ") + "], \"errors\": \(errors), \"warnings\": \(warnings)}"
  }

  /// One line per finding: `error[step-unit-mismatch]: message` then `  fix: …`.
  public static func text(_ findings: [Finding]) -> String {
    if findings.isEmpty { return "no problems found\n" }
    var s = ""
    for f in findings {
      s += "\(f.severity.rawValue)[\(f.rule)]: \(f.message)\n"
      if let fix = f.fix { s += "  fix: \(fix)\n" }
    }
    return s
  }

  static func constructorFinding(_ e: SpecError, ctx: LintContext) -> Finding {
    let spec = ctx.specs.firstIndex { e.source.contains($0.className) }
    var fix: String? = nil
    if let se = e.scheduleError, se.pythonType == "KeyError", se.message == "'momentum'" {
      fix = "lr-momentum-scheduler writes group['momentum']: use SGD (momentum=...), not Adam/AdamW"
    }
    return Finding(.error, "constructor-raises", "the schedule cannot be built: \(e.message)", fix: fix, spec: spec)
  }
}

/// How serious a finding is. `lrsched check` exits 1 when there is an error.
public enum Severity: String, Sendable, Comparable, CaseIterable {
  case info, warning, error

  var rank: Int {
    switch self {
    case .info: return 0
    case .warning: return 1
    case .error: return 2
    }
  }

  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// One problem: severity, rule id, a one-line message and a suggested fix.
public struct Finding: Sendable, Equatable, CustomStringConvertible {
  public var severity: Severity
  /// Stable id (`step-unit-mismatch`, `schedule-raises`, …) for CI filters.
  public var rule: String
  public var message: String
  public var fix: String?
  /// Index of the spec in `RunPlan.specs` the finding is about (nil: the whole run).
  public var spec: Int?

  public init(_ severity: Severity, _ rule: String, _ message: String, fix: String? = nil, spec: Int? = nil) {
    self.severity = severity
    self.rule = rule
    self.message = message
    self.fix = fix
    self.spec = spec
  }

  public var description: String { "\(severity.rawValue)[\(rule)]: \(message)" + (fix.map { " (fix: \($0))" } ?? "") }
}

/// A lint rule. Rules read the context (specs, the streamed run) and return findings.
public protocol LintRule: Sendable {
  var id: String { get }
  func check(_ ctx: LintContext) -> [Finding]
}

/// A rule made of a closure.
public struct ClosureRule: LintRule {
  public let id: String
  let body: @Sendable (LintContext) -> [Finding]

  public init(_ id: String, _ body: @escaping @Sendable (LintContext) -> [Finding]) {
    self.id = id
    self.body = body
  }

  public func check(_ ctx: LintContext) -> [Finding] { body(ctx) }
}

/// One spec of the plan as the lint sees it: the resolved spec (aliases expanded) and the
/// arguments that are constants (lambdas and `file()` calls are only marked present).
public struct SpecSummary: Sendable {
  public var index: Int
  /// The constructor call lrsched builds (an alias expanded).
  public var text: String
  public var className: String
  public var library: Library
  /// Constant arguments by parameter name (positional ones bound to their names).
  public var args: [String: PyValue]
  /// Every argument given, constant or not.
  public var given: Set<String>
  public var field: Field
  public let resolved: ResolvedSpec

  public init(_ r: ResolvedSpec) {
    index = r.index
    text = r.call
    className = r.className
    library = r.library
    args = r.constantArguments()
    given = r.given
    field = r.field
    resolved = r
  }

  /// A number argument.
  public func number(_ name: String) -> Double? { args[name]?.number?.double }
  public func int(_ name: String) -> Int? {
    if case .int(let i)? = args[name] { return i }
    return nil
  }
  public func has(_ name: String) -> Bool {
    guard given.contains(name) else { return false }
    if case .none? = args[name] { return false }
    return true
  }
}

/// Streaming statistics of one recorded series (one field of one group).
public struct SeriesStats: Sendable, Equatable {
  public var count = 0
  public var first = 0.0
  public var second: Double?
  public var last = 0.0
  public var min = Double.infinity
  public var argmin = 0
  public var max = -Double.infinity
  public var argmax = 0
  /// Leading steps with value exactly 0.
  public var leadingZeros = 0
  /// Sudden rises by more than half the largest value so far after a decline (restarts).
  public var restarts = 0
  public var firstRestart: Int?
  /// First step whose value is above the previous one after some earlier decrease.
  public var firstRiseAfterDecline: Int?
  /// Largest single-step decrease and the step that trains with the lower value.
  public var maxDrop = 0.0
  public var maxDropStep: Int?
  /// First step whose value is at least 1 (momentum diverging).
  public var firstAtLeastOne: Int?
  var declined = false
  var allZeroSoFar = true

  mutating func add(_ v: Double, step k: Int) {
    if count == 0 {
      first = v
    } else if count == 1 {
      second = v
    }
    if count > 0 {
      let prev = last
      if v < prev {
        declined = true
        if prev - v > maxDrop {
          maxDrop = prev - v
          maxDropStep = k
        }
      } else if v > prev {
        if declined && firstRiseAfterDecline == nil { firstRiseAfterDecline = k }
        if declined && prev < max && v - prev > 0.5 * Swift.abs(max) {
          restarts += 1
          if firstRestart == nil { firstRestart = k }
        }
      }
    }
    if allZeroSoFar && v == 0 { leadingZeros += 1 } else { allZeroSoFar = false }
    if v < min {
      min = v
      argmin = k
    }
    if v > max {
      max = v
      argmax = k
    }
    if v >= 1 && firstAtLeastOne == nil { firstAtLeastOne = k }
    last = v
    count += 1
  }
}

/// What a run did: per field, per group statistics, and the error that ended it.
public struct RunStats: Sendable {
  public var series: [Field: [SeriesStats]] = [:]
  /// Values recorded (optimizer steps run).
  public var steps = 0
  /// The error and the step after which it was raised.
  public var error: (ScheduleError, Int)?

  public func stats(_ field: Field, group: Int = 0) -> SeriesStats? {
    guard let s = series[field], group < s.count else { return nil }
    return s[group]
  }

  /// Runs a plan to its end (or its error), keeping only statistics.
  public static func collect(_ plan: RunPlan) throws(SpecError) -> RunStats { try collect(plan.resolve()) }

  /// Runs a resolved plan to its end (or its error), keeping only statistics.
  public static func collect(_ plan: ResolvedPlan) throws(SpecError) -> RunStats {
    var run = try plan.makeRun()
    var out = RunStats()
    let fields = Array(Set(plan.fields + [.lr, .momentum, .beta1, .weightDecay]))
    for f in fields { out.series[f] = Array(repeating: SeriesStats(), count: plan.optimizer.groups.count) }
    var recorded = 0
    if let raised = run.forEachStep({ k, values in
      for f in fields {
        for g in values.indices { out.series[f]![g].add(values[g][f], step: k) }
      }
      recorded += 1
    }) {
      out.error = raised
    }
    out.steps = recorded
    return out
  }
}

/// Everything a rule reads.
public struct LintContext: Sendable {
  public let plan: RunPlan
  /// The plan resolved (nil when a spec does not resolve: `constructionError` says why).
  public let resolved: ResolvedPlan?
  public let specs: [SpecSummary]
  /// Statistics of the actual run (nil when a constructor raised).
  public let stats: RunStats?
  public let constructionError: SpecError?
  /// The steppers as constructed, before any step, by spec index (nil when a constructor raised).
  public let built: [any Stepper]?

  public init(plan: RunPlan) {
    self.plan = plan
    let resolved: ResolvedPlan
    do {
      resolved = try plan.resolve()
    } catch {
      self.resolved = nil
      specs = []
      stats = nil
      built = nil
      constructionError = error
      return
    }
    self.resolved = resolved
    specs = resolved.specs.map(SpecSummary.init)
    do {
      let collected = try RunStats.collect(resolved)
      (stats, built, constructionError) = (collected, try resolved.makeRun().steppers, nil)
    } catch {
      (stats, built, constructionError) = (nil, nil, error)
    }
  }

  /// Scheduler calls the loop makes for a library's stepping: every batch, or every epoch.
  public var schedulerCalls: Int { plan.stepOn == .batch ? totalSteps : plan.epochs }
  public var totalSteps: Int { plan.epochs * plan.stepsPerEpoch }

  /// The same plan stepped the other way (`--step-on batch` ↔ `epoch`), for the intended curve.
  public func simulate(stepOn: StepOn) -> RunStats? {
    var p = plan
    p.stepOn = stepOn
    return try? RunStats.collect(p)
  }
}
