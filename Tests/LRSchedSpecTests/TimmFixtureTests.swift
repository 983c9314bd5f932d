import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// Every case of the timm reference file, bit for bit, with a summary of what differs.
@Suite struct TimmFixtureTests {
  @Test func everyTimmCaseIsBitExact() throws {
    let results = try Verifier(tolerance: 0).verify(fileText: try ReferenceFiles.load("timm.json"))
    #expect(results.count >= 53)
    let passed = results.filter { $0.status == .passed }.count
    let exact = results.filter(\.bitExact).count
    print("timm.json: \(passed) of \(results.count) passed, \(exact) bit-exact")
    for r in results where r.status != .passed || !r.bitExact {
      Issue.record("\(r.id) [\(r.status)]: \(r.problems.joined(separator: "; ")) \(r.reason ?? "")")
    }
  }
}
