import LRSchedCore

/// A saved run: everything needed to continue a schedule at optimizer step `step`, as JSON.
///
/// Every scheduler of every library is deterministic given its spec, the optimizer, the
/// loop and the metrics, so the state at step `k` is defined by those and `k`. Restoring
/// rebuilds the run and replays `k` steps (tens of nanoseconds each), then checks that the
/// parameter-group values are bit-identical to the saved ones: a checkpoint that doesn't
/// belong to this lrsched, or was edited, is refused rather than silently continued. This
/// covers recursive and metric-driven schedulers (ReduceLROnPlateau's best/bad-epoch
/// counters, timm's noise) without a per-class serialisation format that could drift.
public struct RunCheckpoint: Sendable, Equatable {
  public static let formatVersion = 1
  public var specs: [String]
  public var optimizer: String
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  public var metrics: [Double]?
  /// The next optimizer step (the number of steps already taken).
  public var step: Int
  /// Per field name, per group: the values in the optimizer at `step` (before it).
  public var values: [String: [Double]]

  public init(plan: ResolvedPlan, optimizerSpec: String, run: ScheduleRun) {
    specs = plan.specs.map(\.text)
    optimizer = optimizerSpec
    epochs = plan.epochs
    stepsPerEpoch = plan.stepsPerEpoch
    stepOn = plan.stepOn
    metrics = plan.metrics
    step = run.step
    var v: [String: [Double]] = [:]
    for f in Field.allCases { v[f.rawValue] = run.groups.map { $0[f] } }
    values = v
  }

  /// The plan this checkpoint belongs to; `fileReader` serves `file()` in its specs.
  public func plan(fileReader: SpecIO.FileReader? = nil) throws(SpecError) -> RunPlan {
    var p = RunPlan(
      specs: specs, optimizer: try OptimizerSpec.parse(optimizer), epochs: epochs, stepsPerEpoch: stepsPerEpoch,
      stepOn: stepOn, metrics: metrics)
    p.fileReader = fileReader
    return p
  }

  /// Rebuilds the run at `step`.
  public func restore(fileReader: SpecIO.FileReader? = nil) throws(CheckpointError) -> ScheduleRun {
    var run: ScheduleRun
    do {
      run = try plan(fileReader: fileReader).resolve().makeRun()
    } catch {
      throw CheckpointError("the saved spec no longer builds: \(error.message)")
    }
    guard step >= 0, step <= run.totalSteps else {
      throw CheckpointError("saved step \(step) is outside the run (0…\(run.totalSteps))")
    }
    if let (error, _) = run.forEachStep(limit: step - run.step, { _, _ in }) {
      throw CheckpointError("the run raises \(error.pythonType) before the saved step \(step): \(error.message)")
    }
    for f in Field.allCases {
      guard let saved = values[f.rawValue] else { continue }
      let now = run.groups.map { $0[f] }
      guard saved.count == now.count, zip(saved, now).allSatisfy({ $0.bitPattern == $1.bitPattern }) else {
        throw CheckpointError(
          "the saved \(f.rawValue) values at step \(step) differ from this lrsched's run: the checkpoint is stale or edited")
      }
    }
    return run
  }

  // MARK: - JSON

  public var json: String {
    let q = JSONText.quote
    func nums(_ a: [Double]) -> String { "[" + a.map { PyFormat.repr($0) }.joined(separator: ", ") + "]" }
    var s = "{\n  \"lrsched_checkpoint\": \(Self.formatVersion),\n"
    s += "  \"specs\": [" + specs.map(q).joined(separator: ", ") + "],\n"
    s += "  \"optimizer\": \(q(optimizer)),\n"
    s += "  \"epochs\": \(epochs),\n  \"steps_per_epoch\": \(stepsPerEpoch),\n  \"step_on\": \(q(stepOn.rawValue)),\n"
    s += "  \"metrics\": " + (metrics.map(nums) ?? "null") + ",\n"
    s += "  \"step\": \(step),\n  \"values\": {"
    s += Field.allCases.compactMap { f in values[f.rawValue].map { "\(q(f.rawValue)): \(nums($0))" } }.joined(separator: ", ")
    s += "}\n}\n"
    return s
  }

  public init(json text: String) throws(CheckpointError) {
    let root: JSONValue
    do {
      root = try JSONParser.parse(text)
    } catch {
      throw CheckpointError("not a checkpoint: \(error)")
    }
    guard let version = root["lrsched_checkpoint"]?.int else { throw CheckpointError("not an lrsched checkpoint") }
    guard version == Self.formatVersion else {
      throw CheckpointError("checkpoint format \(version) is not supported (this lrsched writes \(Self.formatVersion))")
    }
    guard let specs = root["specs"]?.array?.compactMap(\.string), !specs.isEmpty,
      let optimizer = root["optimizer"]?.string, let epochs = root["epochs"]?.int,
      let spe = root["steps_per_epoch"]?.int, let so = root["step_on"]?.string, let stepOn = StepOn(rawValue: so),
      let step = root["step"]?.int, case .object(let vd, _)? = root["values"]
    else { throw CheckpointError("checkpoint is missing fields") }
    guard epochs > 0, spe > 0, epochs <= 10_000_000, spe <= 100_000_000 else {
      throw CheckpointError("checkpoint has an invalid epochs/steps_per_epoch")
    }
    self.specs = specs
    self.optimizer = optimizer
    self.epochs = epochs
    self.stepsPerEpoch = spe
    self.stepOn = stepOn
    self.metrics = root["metrics"]?.array?.compactMap(\.double)
    self.step = step
    var v: [String: [Double]] = [:]
    for (k, arr) in vd { v[k] = arr.array?.compactMap(\.double) ?? [] }
    values = v
  }
}

public struct CheckpointError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
