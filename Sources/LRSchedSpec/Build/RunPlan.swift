import LRSchedCore

/// A full run request: the specs as given and the run's options. `resolve()` turns it into
/// the `ResolvedPlan` that `values`, `plot`, `check`, `verify`, `bench` and checkpoints read.
public struct RunPlan: Sendable {
  /// The specs and where their text came from.
  public var inputs: [SpecInput]
  public var optimizer: OptimizerConfig
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  public var metrics: [Double]?
  public var strict: Bool
  /// What `file('path')` in the specs reads through (nil: `file()` is unavailable).
  public var fileReader: SpecIO.FileReader?
  /// A statement file (docs/python.md): when set, the schedule is the one the file
  /// constructs, and `inputs` holds the user's line that constructs it.
  public var script: ScriptSource?
  /// The framework loop driving the schedulers (nil: the plain loop of `stepOn`); set it
  /// with `setLoop(_:)`, which also sets `epochs` and `stepsPerEpoch`.
  public internal(set) var loop: TrainingLoop?
  /// See `BuildContext.legacyArguments` (`verify` turns it off).
  public var legacyArguments = true

  public init(
    specs: [String], optimizer: OptimizerConfig = .defaultSGD, epochs: Int = 15, stepsPerEpoch: Int = 391,
    stepOn: StepOn = .batch, metrics: [Double]? = nil, strict: Bool = true
  ) {
    self.inputs = specs.map { SpecInput($0) }
    self.optimizer = optimizer
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.stepOn = stepOn
    self.metrics = metrics
    self.strict = strict
  }

  /// The spec texts as given.
  public var specs: [String] {
    get { inputs.map(\.text) }
    set { inputs = newValue.map { SpecInput($0) } }
  }

  /// What every constructor may read besides its arguments.
  public var context: BuildContext {
    var ctx = BuildContext(optimizer: optimizer, epochs: epochs, stepsPerEpoch: stepsPerEpoch, stepOn: stepOn, strict: strict)
    ctx.fileReader = fileReader
    ctx.loop = loop
    ctx.legacyArguments = legacyArguments
    return ctx
  }

  /// Resolves every spec once (parse, alias expansion, binding; nothing is built).
  /// Throws the first spec's `SpecError` (with its caret).
  public func resolve() throws(SpecError) -> ResolvedPlan {
    if let script {
      // The file's optimizer (when it constructs one) is the run's: its groups are the rows.
      let outcome = try ScriptProgram.run(script, settings: scriptSettings)
      var plan = self
      plan.optimizer = outcome.optimizer
      return ResolvedPlan(plan: plan, specs: [outcome.resolved])
    }
    let ctx = context
    var resolved: [ResolvedSpec] = []
    for (i, input) in inputs.enumerated() {
      resolved.append(try SpecBuilder.resolve(input, index: i, context: ctx))
    }
    return ResolvedPlan(plan: self, specs: resolved)
  }

  /// What a statement file's constructions read: this plan's optimizer and run shape.
  public var scriptSettings: ScriptSettings {
    var s = ScriptSettings(optimizer: optimizer, epochs: epochs, stepsPerEpoch: stepsPerEpoch, stepOn: stepOn, strict: strict)
    s.fileReader = fileReader
    s.loop = loop
    return s
  }

  /// Resolves and builds the run (`resolve().makeRun()`).
  public func makeRun() throws(SpecError) -> ScheduleRun { try resolve().makeRun() }
}

/// A run plan whose specs are resolved: what each spec is, the fields the run records,
/// and the run itself (`makeRun()`, as often as needed; each run starts at step 0).
public struct ResolvedPlan: Sendable {
  /// The request this resolves (options; the specs as given).
  public let plan: RunPlan
  public let specs: [ResolvedSpec]

  public var optimizer: OptimizerConfig { plan.optimizer }
  public var epochs: Int { plan.epochs }
  public var stepsPerEpoch: Int { plan.stepsPerEpoch }
  public var stepOn: StepOn { plan.stepOn }
  public var metrics: [Double]? { plan.metrics }
  /// Optimizer steps of the run: `epochs * stepsPerEpoch` (a Trainer loop stops at `max_steps`).
  public var totalSteps: Int { plan.loop?.optimizerSteps ?? plan.epochs * plan.stepsPerEpoch }

  /// The fields the run records: the optimizer's (lr, momentum or beta1) plus every field
  /// a spec names.
  public var fields: [Field] {
    var fields = plan.optimizer.recordedFields
    for f in Field.allCases where !fields.contains(f) && specs.contains(where: { $0.namedFields.contains(f) }) {
      fields.append(f)
    }
    return fields
  }

  /// The warnings of every spec (`ResolvedSpec.warnings`), in order.
  public var warnings: [String] { specs.flatMap(\.warnings) }

  /// Whether a spec names a field (`field='weight_decay'`): the specs then drive
  /// different fields of one optimizer rather than being alternatives.
  public var namesFields: Bool { specs.contains { !$0.namedFields.isEmpty } }

  /// Builds every spec on one optimizer, in order, and returns the streaming run.
  /// Throws a `SpecError` with `scheduleError` set when a constructor raised.
  public func makeRun() throws(SpecError) -> ScheduleRun {
    if let script = plan.script {
      // The file again, from its first line: every construction in order on the same
      // optimizer (a scheduler never stepped still sets initial_lr for the later ones).
      let outcome = try ScriptProgram.run(script, settings: plan.scriptSettings)
      return ScheduleRun(
        groups: outcome.groups, steppers: [outcome.stepper], epochs: plan.epochs, stepsPerEpoch: plan.stepsPerEpoch,
        metrics: plan.metrics, stepLimit: plan.loop?.optimizerSteps)
    }
    var groups = plan.optimizer.groups
    var steppers: [any Stepper] = []
    steppers.reserveCapacity(specs.count)
    for s in specs { steppers.append(try s.build(&groups)) }
    return ScheduleRun(
      groups: groups, steppers: steppers, epochs: plan.epochs, stepsPerEpoch: plan.stepsPerEpoch,
      metrics: plan.metrics, stepLimit: plan.loop?.optimizerSteps)
  }

  /// The same plan with other options (stepping, strictness), resolved again: aliases
  /// expand from the options.
  public func with(_ change: (inout RunPlan) -> Void) throws(SpecError) -> ResolvedPlan {
    var p = plan
    change(&p)
    return try p.resolve()
  }
}
