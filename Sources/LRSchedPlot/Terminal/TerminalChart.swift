/// Draws a `Figure` as text for a terminal: curves in Unicode braille (2 × 4 dots a cell),
/// tick labels on both y axes and under the x axis, axis labels, the legend and the notes.
/// Colours are ANSI 256-colour escapes of the series' colours, or none (`NO_COLOR`). A cell
/// holds one colour: where curves cross, the one drawn last colours it.
public enum TerminalChart {
  /// - Parameters:
  ///   - columns, rows: the terminal's size in character cells (the chart fills it).
  ///   - color: ANSI colours on.
  public static func render(_ f: Figure, columns: Int, rows: Int, color: Bool) -> String {
    let columns = max(40, min(columns, 1000))
    let rows = max(12, min(rows, 500))
    var out: [String] = []
    let style = Style(color: color)
    if let title = f.title, !title.isEmpty {
      for line in wrap(title, columns) { out.append(style.bold(center(line, columns))) }
    }
    for note in f.notes {
      for line in wrap(note, columns) { out.append(style.paint(line, f.theme.warning)) }
    }
    let panels = f.panels.isEmpty ? [] : f.panels
    // Per panel: a line of axis labels, the frame's top, the plot rows, the x axis, its tick
    // labels and a legend line; the x label once, under the last panel. One terminal line is
    // left for the prompt.
    let fixed = out.count + panels.count * 5 + 1
    let plotRows = max(4, (rows - 1 - fixed) / max(1, panels.count))
    for (i, p) in panels.enumerated() {
      out += TerminalPanel(panel: p, columns: columns, rows: plotRows, style: style, isLast: i == panels.count - 1).lines()
    }
    return out.map { $0 + "\n" }.joined()
  }

  /// Words wrapped to `width` characters (a word longer than a line is cut).
  static func wrap(_ text: String, _ width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      let w = String(word.prefix(width))
      if line.isEmpty {
        line = w
      } else if line.count + 1 + w.count <= width {
        line += " " + w
      } else {
        lines.append(line)
        line = w
      }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  static func center(_ s: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, (width - s.count) / 2)) + s
  }
}

/// ANSI escapes, or plain text when colour is off.
struct Style {
  var color: Bool

  /// The nearest colour of xterm's 6 × 6 × 6 cube (or its grey ramp).
  static func index256(_ c: Color) -> Int {
    func level(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
    let r = level(c.r), g = level(c.g), b = level(c.b)
    if r == g && g == b && c.r == c.g && c.g == c.b {
      if c.r < 8 { return 16 }
      if c.r > 238 { return 231 }
      return 232 + (Int(c.r) - 8) / 10
    }
    return 16 + 36 * r + 6 * g + b
  }

  func paint(_ s: String, _ c: Color?) -> String {
    guard color, let c, !s.isEmpty else { return s }
    return "\u{1B}[38;5;\(Self.index256(c))m" + s + "\u{1B}[0m"
  }

  func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
}
