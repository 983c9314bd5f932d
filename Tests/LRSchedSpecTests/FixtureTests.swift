import LRSchedCore
import LRSchedSpec
import LRSchedTestSupport
import Testing

/// Runs every case of the committed reference files (recorded from PyTorch 2.15, timm
/// 1.0.31, pytorch-accelerated 0.1.61 and lr-momentum-scheduler; see Fixtures/README.md).
@Suite struct FixtureTests {
  static func load(_ name: String) throws -> String { try ReferenceFiles.load(name) }

  /// Cases known to be within tolerance but not bit-exact, with the reason (docs/parity.md).
  /// Empty: every case is bit-exact (RangeFinder's `np.logspace` through `NumpySIMDPow`, the
  /// port of NumPy's AVX-512 `power`).
  static let knownNotBitExact: [String: String] = [:]

  @Test(arguments: [
    "torch.json", "timm.json", "accelerated.json", "lrmom.json", "transformers.json", "transformers-edge.json",
    "transformers-random.json",
  ])
  func everyCasePassesBitExact(file: String) throws {
    let results = try Verifier().verify(fileText: try Self.load(file))
    #expect(results.count >= 20)
    for r in results {
      #expect(r.status == .passed, "\(r.id): \(r.problems.joined(separator: "; ")) \(r.reason ?? "")")
      if Self.knownNotBitExact[r.id] == nil {
        #expect(r.bitExact, "\(r.id) is not bit-exact: \(r.problems.joined(separator: "; "))")
      }
    }
  }

  @Test func aCorruptedValueIsCaught() throws {
    // The runner must be able to fail: perturb one recorded value by one ulp.
    let root = try JSONParser.parse(try Self.load("torch.json"))
    let first = root["cases"]!.array![0]
    guard case .object(var c, let keys) = first, case .object(var e, let ekeys) = c["expect"]!,
      var lr = e["lr"]?.array?[0].array, let v = lr[3].double
    else {
      Issue.record("fixture layout changed")
      return
    }
    #expect(Verifier(tolerance: 0).verify(case: first, fileLibrary: "torch").status == .passed)
    lr[3] = .number("\(v.nextUp)")
    e["lr"] = .array([.array(lr)])
    c["expect"] = .object(e, keys: ekeys)
    let broken = JSONValue.object(c, keys: keys)
    #expect(Verifier(tolerance: 0).verify(case: broken, fileLibrary: "torch").status == .failed)
    #expect(Verifier(tolerance: 1e-12).verify(case: broken, fileLibrary: "torch").bitExact == false)
  }
}
