import LRSchedCore
import LRSchedSpec
import Testing

/// Runs every case of the committed reference files (recorded from PyTorch 2.15, timm
/// 1.0.31, pytorch-accelerated 0.1.61 and lr-momentum-scheduler; see Fixtures/README.md).
@Suite struct FixtureTests {
  static let fixtureDir: String = {
    let file = #filePath
    return String(file[..<file.lastIndex(of: "/")!]) + "/Fixtures"
  }()

  static func load(_ name: String) throws -> String {
    try readText(fixtureDir + "/" + name)
  }

  /// Cases known to be within tolerance but not bit-exact, with the reason (docs/parity.md).
  /// (Empty: the two RangeFinder cases became bit-exact with the port of NumPy's AVX-512
  /// `power`, `NumpySIMDPow`.)
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

func readText(_ path: String) throws -> String {
  guard let f = fopen(path, "r") else { throw CocoaLikeError(message: "cannot open \(path)") }
  defer { fclose(f) }
  var out = [UInt8]()
  var buf = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = fread(&buf, 1, buf.count, f)
    if n <= 0 { break }
    out.append(contentsOf: buf[0..<n])
  }
  return String(decoding: out, as: UTF8.self)
}

struct CocoaLikeError: Error { var message: String }

#if canImport(Glibc)
  import Glibc
#endif
