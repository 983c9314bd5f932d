import LRSchedCLI
import LRSchedSpec
import Testing

/// Real scheduler snippets from public repositories (Snippets/cases.json names each one's
/// repository and path), run verbatim through `lrsched values -f`. The expected values were
/// recorded by executing the same files with the real libraries
/// (`Scripts/gen-cases.py --snippets Tests/LRSchedCLITests/Snippets`).
@Suite struct SnippetTests {
  static let folder = String(#filePath.dropLast("SnippetTests.swift".count)) + "Snippets/"

  static func cases() throws -> [JSONValue] {
    let text = try #require(readFile(folder + "expected.json"))
    return try #require(JSONParser.parse(text)["cases"]?.array)
  }

  static func arguments(_ c: JSONValue) throws -> [String] {
    var args = [
      "values", "-f", folder + (c["file"]?.string ?? ""), "--epochs", String(c["epochs"]?.int ?? 0),
      "--steps-per-epoch", String(c["steps_per_epoch"]?.int ?? 0),
    ]
    if c["lightning"] == nil { args += ["--step-on", c["step_on"]?.string ?? ""] }
    if let name = c["name"]?.string { args += ["--name", name] }  // a file of several functions
    if case .object(let d, let keys)? = c["defines"] {
      for k in keys { args += ["-D", "\(k)=\(d[k]?.string ?? "")"] }
    }
    return args
  }

  @Test func atLeastThirtyRealSnippets() throws {
    let real = try Self.cases().filter { $0["repo"]?.string != nil }
    #expect(real.count >= 30)
    for c in real { #expect(c["path"]?.string?.isEmpty == false) }
  }

  @Test func everySnippetGivesTheLibrarysValues() throws {
    for c in try Self.cases() {
      let id = c["id"]?.string ?? "?"
      let r = lrsched(try Self.arguments(c))
      if let err = c["expect_error"] {
        // The library raised while building it: lrsched refuses it too, naming the same problem.
        #expect(r.code == 2, "\(id): \(r.err)")
        let message = err["message"]?.string ?? ""
        // "ExponentialLR.__init__() got an unexpected …" → "got an unexpected …"
        let tail = message.split(separator: ")", maxSplits: 1).last.map { String($0).trimmingCharacters(in: " ") } ?? message
        #expect(r.err.contains(tail), "\(id): \(r.err)")
        #expect(r.out.isEmpty)
        continue
      }
      #expect(r.code == 0, "\(id): \(r.err)")
      let lines = r.out.split(separator: "\n").map(String.init)
      guard let header = lines.first?.split(separator: ",").map(String.init) else {
        Issue.record("\(id): no output")
        continue
      }
      guard case .object(let expect, let fields)? = c["expect"] else { continue }
      #expect(header.contains("lr") || header.contains("lr[0]"), "\(id)")
      var compared = 0
      for f in fields {
        let groups = expect[f]?.array ?? []
        for (gi, series) in groups.enumerated() {
          let name = groups.count == 1 ? f : "\(f)[\(gi)]"
          guard let col = header.firstIndex(of: name) else { continue }
          compared += 1
          let want = series.array?.compactMap(\.double) ?? []
          let got = lines.dropFirst().map { Double($0.split(separator: ",")[col]) }
          #expect(got.count == want.count, "\(id) \(name): \(got.count) rows, expected \(want.count)")
          for (k, (g, w)) in zip(got, want).enumerated() where g != w {
            Issue.record("\(id) \(name) step \(k): lrsched \(g.map { "\($0)" } ?? "nil"), library \(w)")
            break
          }
        }
      }
      #expect(compared >= (expect["lr"]?.array?.count ?? 1), "\(id): every group's lr is compared")
      if c["stop_line"] != nil { #expect(r.err.contains("the file's own training loop"), "\(id): \(r.err)") }
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }
}
