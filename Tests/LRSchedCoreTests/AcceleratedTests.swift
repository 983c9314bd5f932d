import LRSchedCore
import LRSchedSpec
import Testing

@Suite struct AcceleratedTests {
  @Test(arguments: ["accelerated.json", "lrmom.json"])
  func referenceCasesReport(file: String) throws {
    let results = try Verifier().verify(fileText: try FixtureTests.load(file))
    let exact = results.filter { $0.status == .passed && $0.bitExact }.count
    print("\(file): \(exact)/\(results.count) bit-exact")
    for r in results where r.status != .passed || !r.bitExact {
      print("  \(r.id) \(r.status) \(r.problems.joined(separator: " | ")) \(r.reason ?? "")")
    }
    #expect(exact == results.count)
  }
}
