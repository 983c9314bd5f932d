/// One panel of a `TerminalChart`: y tick labels left (and right for a twin axis), a braille
/// plot area in a frame, x ticks and labels underneath, then the legend.
struct TerminalPanel {
  var panel: Panel
  var columns: Int
  var rows: Int
  var style: Style
  var isLast: Bool

  /// Braille dot bits by (column 0…1, row 0…3) within a cell, U+2800 + bits.
  static let dotBits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  func ticks(_ axis: Axis, _ range: (Double, Double), cells: Int, horizontal: Bool) -> ChartLayout.AxisTicks {
    let maxCount = horizontal ? max(2, min(11, cells / 12)) : max(2, min(11, cells / 3 + 1))
    let scale = Scale(lower: range.0, upper: range.1, log: axis.log, start: 0, end: 1)
    if axis.log {
      let v = Ticks.log(lower: range.0, upper: range.1, maxCount: maxCount)
      return ChartLayout.AxisTicks(scale: scale, values: v, labels: TickFormat.logLabels(v))
    }
    let (v, step) = Ticks.linear(lower: range.0, upper: range.1, maxCount: maxCount, integer: axis.integer)
    return ChartLayout.AxisTicks(scale: scale, values: v, labels: TickFormat.labels(v, step: step))
  }

  /// The axis range as the raster chart takes it: a fixed range, else the data's (exact on
  /// x, with matplotlib's margins on y).
  static func range(_ axis: Axis, data: (Double, Double)?, exact: Bool) -> (Double, Double) {
    if let r = axis.range, r.0.isFinite, r.1.isFinite, r.1 > r.0, !axis.log || r.0 > 0 { return r }
    let d = data ?? (axis.log ? (1, 10) : (0, 1))
    if exact && d.1 > d.0 && (!axis.log || d.0 > 0) { return d }
    return Scale.autoRange(min: d.0, max: d.1, log: axis.log)
  }

  func lines() -> [String] {
    let p = panel
    let xr = Self.range(p.x, data: ChartLayout.xExtent(p), exact: true)
    let lr = Self.range(p.left, data: ChartLayout.extent(p.series, .left, log: p.left.log), exact: false)
    let rr = p.right.map { Self.range($0, data: ChartLayout.extent(p.series, .right, log: $0.log), exact: false) }
    let lt = ticks(p.left, lr, cells: rows, horizontal: false)
    let rt = p.right.map { ticks($0, rr!, cells: rows, horizontal: false) }
    let leftW = (lt.labels.map(\.count).max() ?? 0) + 1
    let rightW = rt.map { ($0.labels.map(\.count).max() ?? 0) + 1 } ?? 1
    let plotW = max(10, columns - leftW - rightW - 2)
    let xt = ticks(p.x, xr, cells: plotW, horizontal: true)
    // Dot-space scales: x from 0 to 2·W−1, y from 4·H−1 (bottom) to 0.
    let xs = Scale(lower: xr.0, upper: xr.1, log: p.x.log, start: 0, end: Double(plotW * 2 - 1))
    func ys(_ side: Side) -> Scale {
      let (r, log) = side == .right && p.right != nil ? (rr!, p.right!.log) : (lr, p.left.log)
      return Scale(lower: r.0, upper: r.1, log: log, start: Double(rows * 4 - 1), end: 0)
    }
    var bits = [UInt32](repeating: 0, count: plotW * rows)
    var colors = [Color?](repeating: nil, count: plotW * rows)
    func dot(_ x: Int, _ y: Int, _ c: Color) {
      guard x >= 0, y >= 0, x < plotW * 2, y < rows * 4 else { return }
      let cell = (y / 4) * plotW + x / 2
      bits[cell] |= Self.dotBits[x % 2][y % 4]
      colors[cell] = c
    }
    for s in p.series {
      let sy = ys(s.side), log = s.side == .right ? (p.right?.log ?? false) : p.left.log
      var previous: (Int, Int)?
      var n = 0
      for (x, y) in s.polyline {
        guard x.isFinite, y.isFinite, !log || y > 0, !p.x.log || x > 0 else {
          previous = nil
          continue
        }
        let dx = xs.map(x), dy = sy.map(y)
        guard abs(dx) < 1e6, abs(dy) < 1e6 else {
          previous = nil
          continue
        }
        let q = (Int(dx.rounded()), Int(dy.rounded()))
        line(from: previous ?? q, to: q) { px, py in
          // Dashed series: three dots on, two off.
          if s.dash == nil || n % 5 < 3 { dot(px, py, s.color) }
          n += 1
        }
        previous = q
      }
    }
    for m in p.markers where m.x.isFinite && m.y.isFinite {
      let px = Int(xs.map(m.x).rounded()), py = Int(ys(m.side).map(m.y).rounded())
      for (ox, oy) in [(0, 0), (1, 0), (0, 1), (1, 1), (-1, 0), (0, -1)] { dot(px + ox, py + oy, m.color) }
    }

    var out: [String] = []
    // Axis labels above the plot: the left one over its ticks, the right one flush right.
    let leftLabel = style.paint(p.left.label, p.left.color)
    if let ra = p.right {
      let gap = max(1, columns - p.left.label.count - ra.label.count)
      out.append(leftLabel + String(repeating: " ", count: gap) + style.paint(ra.label, ra.color))
    } else {
      out.append(leftLabel)
    }
    func tickRows(_ t: ChartLayout.AxisTicks) -> [Int: String] {
      var m: [Int: String] = [:]
      for (v, label) in zip(t.values, t.labels) {
        let r = Int((ys(.left).start + (ys(.left).end - ys(.left).start) * t.scale.t(v)) / 4)
        if r >= 0 && r < rows && m[r] == nil { m[r] = label }
      }
      return m
    }
    let leftTicks = tickRows(lt)
    let rightTicks = rt.map(tickRows) ?? [:]
    out.append(String(repeating: " ", count: leftW) + "┌" + String(repeating: "─", count: plotW) + "┐")
    for r in 0..<rows {
      var line = ""
      if let l = leftTicks[r] {
        line += String(repeating: " ", count: leftW - 1 - l.count) + l + " ┤"
      } else {
        line += String(repeating: " ", count: leftW) + "│"
      }
      var run = ""
      var runColor: Color?
      for c in 0..<plotW {
        let i = r * plotW + c
        let ch = bits[i] == 0 ? " " : String(Character(Unicode.Scalar(0x2800 + bits[i])!))
        let col = bits[i] == 0 ? runColor : colors[i]
        if col != runColor {
          line += style.paint(run, runColor)
          run = ""
          runColor = col
        }
        run += ch
      }
      line += style.paint(run, runColor)
      if let l = rightTicks[r] { line += "├ " + l } else { line += "│" }
      out.append(line)
    }
    // x axis: tick marks on the frame, labels centred under them (skipped when they'd touch).
    var axis = Array(String(repeating: "─", count: plotW))
    var labels = Array(String(repeating: " ", count: leftW + 1 + plotW + rightW + 1))
    var lastEnd = -1
    for (v, label) in zip(xt.values, xt.labels) {
      let c = Int(xs.map(v).rounded()) / 2
      guard c >= 0 && c < plotW else { continue }
      axis[c] = "┬"
      let start = max(0, min(labels.count - label.count, leftW + 1 + c - label.count / 2))
      guard start > lastEnd + 1 else { continue }
      for (k, ch) in label.enumerated() { labels[start + k] = ch }
      lastEnd = start + label.count - 1
    }
    out.append(String(repeating: " ", count: leftW) + "└" + String(axis) + "┘")
    out.append(String(String(labels).reversed().drop { $0 == " " }.reversed()))
    if isLast {
      out.append(TerminalChart.center(p.x.label, leftW + 1 + plotW))
    }
    if p.legend {
      var items: [String] = []
      var widths: [Int] = []
      for s in p.series where !s.label.isEmpty {
        let sample = s.dash == nil ? "──" : "╌╌"
        items.append(style.paint(sample, s.color) + " " + s.label)
        widths.append(3 + s.label.count)
      }
      for m in p.markers where !m.label.isEmpty {
        items.append(style.paint("●", m.color) + " " + m.label)
        widths.append(2 + m.label.count)
      }
      var line = "", width = 0
      for (item, w) in zip(items, widths) {
        if width > 0 && width + 3 + w > columns {
          out.append(line)
          line = ""
          width = 0
        }
        line += (width > 0 ? "   " : "") + item
        width += (width > 0 ? 3 : 0) + w
      }
      if !line.isEmpty { out.append(line) }
    }
    return out
  }

  /// The dots of a line from a to b (Bresenham), a included.
  func line(from a: (Int, Int), to b: (Int, Int), _ body: (Int, Int) -> Void) {
    var (x, y) = a
    let dx = abs(b.0 - x), dy = -abs(b.1 - y)
    let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
    var err = dx + dy
    var guardCount = 0
    while guardCount < 100_000 {
      body(x, y)
      if x == b.0 && y == b.1 { break }
      let e2 = 2 * err
      if e2 >= dy {
        err += dy
        x += sx
      }
      if e2 <= dx {
        err += dx
        y += sy
      }
      guardCount += 1
    }
  }
}
