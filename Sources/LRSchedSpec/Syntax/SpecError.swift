import LRSchedCore

/// A problem with a spec, located at a column of the source text.
///
/// Rendered as one line naming the problem, then the spec, then a caret under the column:
/// ```
/// error: unknown scheduler 'CosineAnealingLR'; did you mean 'CosineAnnealingLR'?
///   CosineAnealingLR(T_max=10)
///   ^
/// ```
public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var source: String
  /// 0-based offset (in characters) into `source`.
  public var column: Int
  /// The library error behind it, when construction raised (for `verify`).
  public var scheduleError: ScheduleError?

  public init(_ message: String, source: String, column: Int, scheduleError: ScheduleError? = nil) {
    self.message = message
    self.source = source
    self.column = max(0, min(column, source.count))
    self.scheduleError = scheduleError
  }

  /// Set when the statement file itself raised (Python's exception at run time: exit 1).
  public var raisedByFile = false

  /// The caret display: the spec on one line and a caret under the column. A source of
  /// several lines (a statement file) shows the column's line, numbered.
  public var caretLines: String {
    if source.contains("\n") {
      let chars = Array(source)
      var start = min(column, chars.count)
      while start > 0, chars[start - 1] != "\n" { start -= 1 }
      var end = start
      while end < chars.count, chars[end] != "\n" { end += 1 }
      let text = String(chars[start..<end].map { $0 == "\t" ? " " : $0 })
      let number = "\(line) | "
      return "  " + number + text + "\n  " + String(repeating: " ", count: number.count + column - start) + "^"
    }
    let oneLine = String(source.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
    return "  " + oneLine + "\n  " + String(repeating: " ", count: column) + "^"
  }

  /// The 1-based line of the column in the source.
  public var line: Int {
    var n = 1
    for (i, c) in source.enumerated() {
      if i >= column { break }
      if c == "\n" { n += 1 }
    }
    return n
  }

  public var description: String { message + "\n" + caretLines }
}

/// "Did you mean" suggestions by edit distance (case-insensitive, Damerau-style swaps).
public enum Suggest {
  public static func closest(to word: String, in candidates: [String], maxDistance: Int? = nil) -> String? {
    let limit = maxDistance ?? max(2, word.count / 3)
    var best: (String, Int)?
    for c in candidates {
      let d = distance(word.lowercased(), c.lowercased())
      if d <= limit, best == nil || d < best!.1 { best = (c, d) }
    }
    return best?.0
  }

  /// Optimal string alignment distance.
  public static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
