import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// Save at the middle of a run, restore from the JSON, and the tail must be bit-identical
/// to the uninterrupted run — for every scheduler class of every library (each class is
/// taken with the settings of its first reference case).
@Suite struct ResumeTests {
  struct Sample: Sendable, CustomStringConvertible {
    var className: String
    var caseJSON: JSONValue
    var description: String { className }
  }

  static let samples: [Sample] = {
    var out: [Sample] = []
    var seen = Set<String>()
    for file in [
      "torch.json", "timm.json", "accelerated.json", "lrmom.json", "transformers.json", "transformers-edge.json",
    ] {
      guard let text = try? ReferenceFiles.load(file), let root = try? JSONParser.parse(text),
        let cases = root["cases"]?.array
      else { continue }
      for c in cases where c["expect_error"] == nil {
        guard let spec = c["scheduler"]?.string else { continue }
        let name = String(spec.prefix { $0 != "(" })
        if seen.insert(name).inserted { out.append(Sample(className: name, caseJSON: c)) }
        // transformers' greedy schedule is recorded through get_scheduler('greedy', …): the same
        // run written as GreedyLR(…) and get_greedy_schedule(…) samples those classes too.
        if spec.hasPrefix("get_scheduler('greedy', scheduler_specific_kwargs={"), spec.hasSuffix("})"),
          case .object(var fields, let keys) = c
        {
          // {'patience': 1, 'factor': 0.5} → patience=1, factor=0.5
          let kwargs = spec.dropFirst("get_scheduler('greedy', scheduler_specific_kwargs={".count).dropLast(2)
            .filter { $0 != "'" && $0 != " " }.split(separator: ",")
            .map { $0.split(separator: ":").joined(separator: "=") }.joined(separator: ", ")
          for cls in ["GreedyLR", "get_greedy_schedule"] where seen.insert(cls).inserted {
            fields["scheduler"] = .string("\(cls)(\(kwargs))")
            out.append(Sample(className: cls, caseJSON: .object(fields, keys: keys)))
          }
        }
      }
    }
    return out
  }()

  @Test func everyRegisteredClassIsCovered() {
    let covered = Set(Self.samples.map(\.className))
    for c in Registry.all { #expect(covered.contains(c.name), "no resume sample for \(c.name)") }
  }

  @Test(arguments: samples)
  func tailAfterRestoreIsBitIdentical(sample: Sample) throws {
    let c = sample.caseJSON
    let optimizerText = c["optimizer"]!.string!
    let plan = RunPlan(
      specs: [c["scheduler"]!.string!], optimizer: try OptimizerSpec.parse(optimizerText),
      epochs: c["epochs"]!.int!, stepsPerEpoch: c["steps_per_epoch"]!.int!,
      stepOn: StepOn(rawValue: c["step_on"]!.string!)!, metrics: c["metrics"]?.array?.compactMap(\.double),
      strict: false)
    var full = try plan.makeRun()
    var all: [[ParamGroup]] = []
    while let v = try full.next() { all.append(v) }
    let k = all.count / 2
    var first = try plan.makeRun()
    for _ in 0..<k { try first.advance() }
    let saved = RunCheckpoint(plan: try plan.resolve(), optimizerSpec: optimizerText, run: first).json
    var resumed = try RunCheckpoint(json: saved).restore()
    #expect(resumed.step == k)
    var tail: [[ParamGroup]] = []
    while let v = try resumed.next() { tail.append(v) }
    #expect(tail.count == all.count - k)
    for (i, v) in tail.enumerated() {
      for f in Field.allCases {
        #expect(v.map { $0[f].bitPattern } == all[k + i].map { $0[f].bitPattern }, "\(sample) step \(k + i) \(f)")
      }
    }
  }

  @Test func anEditedCheckpointIsRefused() throws {
    let plan = RunPlan(specs: ["CosineAnnealingLR(T_max=10)"], epochs: 10, stepsPerEpoch: 1, stepOn: .epoch)
    var run = try plan.makeRun()
    for _ in 0..<4 { try run.advance() }
    var cp = RunCheckpoint(plan: try plan.resolve(), optimizerSpec: "SGD(lr=0.1, momentum=0.9)", run: run)
    cp.values["lr"] = [0.05]
    #expect(throws: CheckpointError.self) { try RunCheckpoint(json: cp.json).restore() }
    #expect(throws: CheckpointError.self) { try RunCheckpoint(json: "{\"lrsched_checkpoint\": 99}") }
  }
}
