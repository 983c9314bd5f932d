import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// Runs every case of loops.json (recorded from real training runs: plain PyTorch,
/// accelerate 1.16, the transformers 5.25 Trainer, Lightning 2.6, 1 and 2 processes) and
/// loops-extra.json (edge cases recorded with Scripts/record-loops.py).
@Suite struct LoopFixtureTests {
  /// Cases whose scheduler library is not built yet (transformers' get_scheduler).
  static func pending(_ r: Verifier.CaseResult) -> Bool {
    r.status == .skipped && r.reason == "library 'transformers' is not implemented"
  }

  @Test(arguments: [("loops.json", 35), ("loops-extra.json", 13)])
  func everyLoopCasePassesBitExact(file: String, count: Int) throws {
    let results = try Verifier(tolerance: 0).verify(fileText: try ReferenceFiles.load(file))
    #expect(results.count == count)
    for r in results where !Self.pending(r) {
      #expect(r.status == .passed, "\(r.id): \(r.problems.joined(separator: "; ")) \(r.reason ?? "")")
      #expect(r.bitExact, "\(r.id) is not bit-exact: \(r.problems.joined(separator: "; "))")
    }
    #expect(results.filter { $0.status == .passed }.count >= 28 * count / 35)
  }

  /// One case with one field of its `loop`, `observed` or `expect_error` changed.
  static func mutated(_ id: String, _ path: [String], _ value: JSONValue) throws -> JSONValue {
    let root = try JSONParser.parse(try ReferenceFiles.load("loops.json"))
    let c = root["cases"]!.array!.first { $0["id"]?.string == id }!
    func set(_ v: JSONValue, _ p: ArraySlice<String>) -> JSONValue {
      guard let k = p.first, case .object(var d, let keys) = v else { return value }
      d[k] = set(d[k] ?? .null, p.dropFirst())
      return .object(d, keys: keys.contains(k) ? keys : keys + [k])
    }
    return set(c, path[...])
  }

  static func status(_ c: JSONValue) -> Verifier.Status { Verifier(tolerance: 0).verify(case: c, fileLibrary: "loops").status }

  /// The runner can fail on every part of a loop case, not only on values.
  @Test func aWrongLoopIsCaught() throws {
    let id = "loops-accelerate-w2-onecycle-naive-odd-07"
    #expect(Self.status(try Self.mutated(id, ["loop", "world_size"], .number("2"))) == .passed)
    #expect(Self.status(try Self.mutated(id, ["loop", "world_size"], .number("1"))) == .failed)
    #expect(Self.status(try Self.mutated(id, ["loop", "split_batches"], .bool(true))) == .failed)
    #expect(Self.status(try Self.mutated(id, ["loop", "dataset_size"], .number("40"))) == .failed)
    #expect(Self.status(try Self.mutated(id, ["observed", "scheduler_last_epoch"], .number("41"))) == .failed)
    #expect(Self.status(try Self.mutated(id, ["observed", "scheduler_step_count"], .number("42"))) == .failed)
    #expect(Self.status(try Self.mutated(id, ["loop", "framework"], .string("pytorch"))) == .failed)
    let raising = "loops-torch-ga2-everybatch-onecycle-raises-21"
    #expect(Self.status(try Self.mutated(raising, ["expect_error", "at_batch"], .number("10"))) == .passed)
    #expect(Self.status(try Self.mutated(raising, ["expect_error", "at_batch"], .number("9"))) == .failed)
    #expect(Self.status(try Self.mutated(raising, ["loop", "step_on"], .string("optimizer_step"))) == .failed)
    let skip = "loops-accelerate-w1-skip-linear-05"
    #expect(Self.status(try Self.mutated(skip, ["loop", "skipped_steps"], .array([]))) == .failed)
    let lightning = "loops-lightning-w1-step-f3-ga2-30"
    #expect(Self.status(try Self.mutated(lightning, ["loop", "frequency"], .number("1"))) == .failed)
  }

  /// Trainer runs: the Trainer's derived numbers are re-derived from training_args first.
  @Test func aTrainerRunsDerivedNumbersAreChecked() throws {
    let text = try ReferenceFiles.load("loops.json")
    func failures(_ t: String) throws -> [String] {
      try Verifier(tolerance: 0).verify(fileText: t).filter { $0.status == .failed }.map(\.id)
    }
    #expect(try failures(text).isEmpty)
    // warmup_steps 0.2 is a ratio: ceil(8 × 0.2) = 2 warm-up steps; 0.3 would give 3.
    let ratio = text.replacingFirst("\"warmup_steps\": 0.2,", with: "\"warmup_steps\": 0.3,")
    #expect(try failures(ratio) == ["loops-trainer-w2-cosine-droplast-frac-24"])
    // The per-process dataloader length follows from the dataset: 45 rows are not 50.
    let rows = text.replacingFirst("\"train_dataset_size\": 45", with: "\"train_dataset_size\": 50")
    #expect(try failures(rows) == ["loops-trainer-w2-cosine-droplast-frac-24"])
  }
}

extension String {
  func replacingFirst(_ a: String, with b: String) -> String {
    guard let r = firstRange(of: a) else { return self }
    var s = self
    s.replaceSubrange(r, with: b)
    return s
  }
}
