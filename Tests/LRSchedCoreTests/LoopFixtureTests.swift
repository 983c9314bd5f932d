import LRSchedCore
import LRSchedSpec
import Testing

/// Runs every case of loops.json (recorded from real training runs: plain PyTorch,
/// accelerate 1.16, the transformers 5.25 Trainer, Lightning 2.6, 1 and 2 processes).
@Suite struct LoopFixtureTests {
  @Test func everyLoopCasePassesBitExact() throws {
    let results = try Verifier().verify(fileText: try FixtureTests.load("loops.json"))
    #expect(results.count == 35)
    for r in results where r.status != .skipped {
      #expect(r.status == .passed, "\(r.id): \(r.problems.joined(separator: "; "))")
      #expect(r.bitExact, "\(r.id) is not bit-exact: \(r.problems.joined(separator: "; "))")
    }
  }
}
