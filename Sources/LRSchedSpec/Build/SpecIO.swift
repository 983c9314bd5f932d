import LRSchedCore

/// The one place the spec language touches files: `lrs=file('values.csv')`.
///
/// The spec layer performs no I/O itself: a caller that wants `file()` to work passes a
/// `FileReader` (path → text) down with the plan (`RunPlan.fileReader`, `BuildContext.fileReader`);
/// without one, `file()` fails with a clear error. The CLI passes its file access; tests pass an
/// in-memory reader.
public enum SpecIO {
  /// Reads a file's text.
  public typealias FileReader = @Sendable (String) throws -> String

  /// Parses the numbers of a values file: separated by commas, semicolons, spaces, tabs
  /// or newlines; `#` starts a comment; a first line without any number is a header and
  /// is skipped. Errors name the file and the 1-based line.
  public static func parseNumbers(_ text: String, path: String) throws(ScheduleError) -> [Double] {
    var out: [Double] = []
    var lineNo = 0
    var sawData = false
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNo += 1
      var line = Substring(rawLine)
      if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
      let tokens = line.split { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" || $0 == "\r" }
      if tokens.isEmpty { continue }
      let parsed = tokens.map { parseNumber(String($0)) }
      if !sawData && parsed.allSatisfy({ $0 == nil }) {
        sawData = true  // a header line such as `lr` or `step,lr`
        continue
      }
      sawData = true
      for (t, v) in zip(tokens, parsed) {
        guard let v else {
          throw ScheduleError("ValueError", "\(path) line \(lineNo): '\(t)' is not a number")
        }
        out.append(v)
      }
    }
    return out
  }

  /// A Python float literal (`0.1`, `1e-05`, `-3`, `inf`); NaN is refused.
  static func parseNumber(_ s: String) -> Double? {
    var t = s
    if t.hasPrefix("+") { t.removeFirst() }
    let lower = t.lowercased()
    if lower == "inf" || lower == "infinity" { return .infinity }
    if lower == "-inf" || lower == "-infinity" { return -.infinity }
    guard let first = t.first, first.isNumber || first == "-" || first == "." else { return nil }
    guard t.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE_".contains($0)) }) else { return nil }
    guard let d = Double(t.replacingUnderscores()), !d.isNaN else { return nil }
    return d
  }

  /// `file('path')`: the numbers of the file, through `reader`.
  public static func readNumbers(_ path: String, reader: FileReader?) throws(ScheduleError) -> [Double] {
    guard let reader else {
      throw ScheduleError("OSError", "file() is not available here (reading '\(path)')")
    }
    let text: String
    do {
      text = try reader(path)
    } catch {
      throw ScheduleError("FileNotFoundError", "cannot read '\(path)': \(error)")
    }
    let values = try parseNumbers(text, path: path)
    if values.isEmpty { throw ScheduleError("ValueError", "\(path): no numbers found") }
    return values
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
