import LRSchedCore

/// Runs reference cases (the format of `Tests/LRSchedSpecTests/Fixtures/README.md`) in the
/// training loop their `library` names and compares every recorded value and error.
public struct Verifier: Sendable {
  /// Relative tolerance; values within it pass, bit-identical values are counted apart.
  public var tolerance: Double

  public init(tolerance: Double = 1e-12) { self.tolerance = tolerance }

  public enum Status: String, Sendable { case passed, failed, skipped }

  public struct CaseResult: Sendable {
    public var id: String
    public var status: Status
    /// Every value and error identical to the last bit.
    public var bitExact: Bool
    /// One line per problem (the first few).
    public var problems: [String]
    public var reason: String?
  }

  /// Verifies every case of a reference file's text.
  public func verify(fileText: String) throws(JSONError) -> [CaseResult] {
    let root = try JSONParser.parse(fileText)
    guard let cases = root["cases"]?.array else { throw JSONError(message: "no \"cases\" array", offset: 0) }
    let trainer = root["trainer_cases"]?.array ?? []
    // Trainer runs in loops.json carry training_args too: their derived numbers are checked first.
    return cases.map {
      $0["training_args"] != nil && $0["loop"] != nil
        ? verify(trainerCase: $0, fileLibrary: root["library"]?.string) : verify(case: $0, fileLibrary: root["library"]?.string)
    }
      + trainer.map { verify(trainerCase: $0, fileLibrary: root["library"]?.string) }
  }

  public func verify(case c: JSONValue, fileLibrary: String?) -> CaseResult {
    let id = c["id"]?.string ?? "?"
    var result = CaseResult(id: id, status: .passed, bitExact: true, problems: [], reason: nil)
    func fail(_ m: String) -> CaseResult {
      result.status = .failed
      result.bitExact = false
      result.problems.append(m)
      return result
    }
    // Framework-loop cases (loops.json) carry a `loop` object instead of epochs/steps_per_epoch/step_on.
    var loop: TrainingLoop?
    if let lj = c["loop"] {
      switch Self.trainingLoop(lj) {
      case .success(let l): loop = l
      case .failure(let e): return fail("\(id): loop: \(e.message)")
      }
    }
    let libName = loop != nil ? c["scheduler_library"]?.string : c["library"]?.string ?? fileLibrary
    guard let libName, let library = Library(rawValue: libName) else {
      if loop != nil, let libName {
        result.status = .skipped
        result.bitExact = false
        result.reason = "library '\(libName)' is not implemented"
        return result
      }
      return fail("\(id): unknown library")
    }
    guard let spec = c["scheduler"]?.string, let optText = c["optimizer"]?.string,
      let epochs = loop?.epochs ?? c["epochs"]?.int, let spe = loop?.optimizerStepsPerEpoch ?? c["steps_per_epoch"]?.int,
      let stepOnText = loop.map({ _ in "batch" }) ?? c["step_on"]?.string, let stepOn = StepOn(rawValue: stepOnText),
      let expect = c["expect"]
    else { return fail("\(id): malformed case (missing scheduler/optimizer/epochs/steps_per_epoch/step_on/expect)") }
    guard epochs >= 0, spe > 0, epochs.multipliedReportingOverflow(by: spe).overflow == false,
      epochs * spe <= 50_000_000
    else { return fail("\(id): epochs × steps_per_epoch out of range") }
    if Registry.classes(of: library).isEmpty {
      result.status = .skipped
      result.bitExact = false
      result.reason = "library '\(libName)' is not implemented"
      return result
    }
    let metrics = c["metrics"]?.array?.compactMap(\.double)
    let expectedError = c["expect_error"]
    let optimizer: OptimizerConfig
    do {
      optimizer = try OptimizerSpec.parse(optText)
    } catch {
      return fail("\(id): optimizer: \(error.message)")
    }
    // Expected series.
    var series: [(Field, String, [[Double]])] = []
    guard case .object(let d, let keys) = expect else { return fail("\(id): expect is not an object") }
    for k in keys {
      guard let field = Field(name: k) else { return fail("\(id): unknown series '\(k)'") }
      let groups = d[k]?.array?.map { $0.array?.compactMap(\.double) ?? [] } ?? []
      series.append((field, k, groups))
    }
    var plan = RunPlan(
      specs: [spec], optimizer: optimizer, epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn, metrics: metrics,
      strict: false)
    plan.legacyArguments = false
    if let loop { plan.setLoop(loop) }
    var run: ScheduleRun
    do {
      run = try plan.makeRun()
    } catch {
      guard let se = error.scheduleError else { return fail("\(id): spec: \(error.message)") }
      return compareError(se, atStep: -1, expectedError, &result)
    }
    /// A problem that ends the comparison.
    struct Stop: Error { var message: String }
    func compare(_ k: Int, _ values: [ParamGroup]) throws(Stop) {
      for (field, name, groups) in series {
        guard groups.count == values.count else {
          throw Stop(message: "\(id): expected \(groups.count) groups in '\(name)', the optimizer has \(values.count)")
        }
        for (g, exp) in groups.enumerated() {
          guard k < exp.count else {
            throw Stop(message: "\(id): step \(k): more values than recorded (\(exp.count)) for \(name)[\(g)]")
          }
          let want = exp[k]
          let got = values[g][field]
          if want.bitPattern != got.bitPattern {
            result.bitExact = false
            let rel = abs(got - want) / max(abs(want), Double.leastNormalMagnitude)
            if !(rel <= tolerance) && !(want == got) {
              if result.problems.count < 5 {
                result.problems.append(
                  "\(id) step \(k) group \(g) \(name): expected \(PyFormat.repr(want)) got \(PyFormat.repr(got)) rel \(rel)")
              }
              result.status = .failed
            }
          }
        }
      }
    }
    var k = 0
    let raised: ScheduleRun.Raised?
    do {
      raised = try run.forEachStep { (step: Int, values: [ParamGroup]) throws(Stop) in
        try compare(step, values)
        k += 1
      }
    } catch {
      return fail(error.message)
    }
    if let loop {
      checkObserved(c, run: run, steps: k, &result)
      if let lj = c["loop"] { checkSharding(lj, loop, &result) }
      if let d = c["derived"] { checkTrainerLoop(d, loop, &result) }
    }
    if let (e, at) = raised {
      if loop != nil { checkErrorBatch(expectedError, run: run, atStep: at, &result) }
      return compareError(e, atStep: at, expectedError, &result, recordedCount: k, series: series)
    }
    if let expectedError {
      return fail("\(id): expected \(expectedError["type"]?.string ?? "an error") at step \(expectedError["at_step"]?.int ?? -2), none raised")
    }
    for (_, name, groups) in series where groups.contains(where: { $0.count != k }) {
      return fail("\(id): recorded \(groups.first?.count ?? 0) values of \(name), the run produced \(k)")
    }
    return result
  }

  func compareError(
    _ e: ScheduleError, atStep: Int, _ expected: JSONValue?, _ result: inout CaseResult,
    recordedCount: Int = 0, series: [(Field, String, [[Double]])] = []
  ) -> CaseResult {
    guard let expected else {
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(result.id): unexpected \(e.pythonType) at step \(atStep): \(e.message)")
      return result
    }
    let wantStep = expected["at_step"]?.int ?? -2
    let wantType = expected["type"]?.string ?? ""
    let wantMessage = expected["message"]?.string ?? ""
    if wantStep != atStep || wantType != e.pythonType {
      result.status = .failed
      result.bitExact = false
      result.problems.append(
        "\(result.id): expected \(wantType) at step \(wantStep), got \(e.pythonType) at step \(atStep): \(e.message)")
    } else if wantMessage != e.message {
      result.bitExact = false
      result.problems.append("\(result.id): message differs: expected '\(wantMessage)' got '\(e.message)'")
    }
    return result
  }
}
