import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// Cases that differential testing against the real libraries found lrsched getting wrong.
/// Every value in the fixtures was recorded by the library itself
/// (`Scripts/gen-cases.py --from-specs`, see Fixtures/README.md), never by lrsched.
@Suite struct DifferentialRegressionTests {
  @Test(arguments: [
    "torch-regressions.json", "torch-legal-regressions.json", "timm-regressions.json", "accelerated-regressions.json",
  ])
  func everyCaseMatchesTheLibrary(file: String) throws {
    let results = try Verifier(tolerance: 0).verify(fileText: try ReferenceFiles.load(file))
    #expect(results.count >= 10)
    for r in results {
      #expect(r.status == .passed, "\(r.id): \(r.problems.joined(separator: "; ")) \(r.reason ?? "")")
      #expect(r.bitExact, "\(r.id) is not bit-exact")
      // Errors must also carry the library's exact message.
      #expect(r.problems.isEmpty, "\(r.id): \(r.problems.joined(separator: "; "))")
    }
  }
}
