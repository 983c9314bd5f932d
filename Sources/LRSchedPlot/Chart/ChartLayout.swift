/// Lays a `Figure` out and draws it on any `Renderer`: title (wrapped), notes, panels
/// stacked vertically with a shared x range, nice ticks, grid, twin y axes, legend.
///
/// The pipeline is the same for PNG and SVG: data → `Scale` (data to pixels) → `Ticks` and
/// `TickFormat` (what to label) → `Renderer` primitives. Margins are sized from the widest tick
/// label, so nothing is clipped whatever the data.
public enum ChartLayout {
  static let tickLength = 5
  static let pad = 8
  /// Space between stacked panels.
  static let panelGap = 24

  /// Tick positions, labels and the scale they were computed for.
  struct AxisTicks {
    var scale: Scale
    var values: [Double]
    var labels: [String]
  }

  /// Ticks for an axis of `pixels` length. Horizontal axes leave room for their labels' widths
  /// (at least 10 px between neighbours), vertical ones for a line of text; as many ticks as
  /// fit, up to 11; short axes still get two or three labelled ticks.
  static func ticks(
    for axis: Axis, dataMin: Double, dataMax: Double, start: Double, end: Double, pixels: Double,
    exact: Bool = false, horizontal: Bool = false
  ) -> AxisTicks {
    let (lo, hi): (Double, Double)
    if let r = axis.range, r.0.isFinite, r.1.isFinite, r.1 > r.0, !axis.log || r.0 > 0 {
      (lo, hi) = r
    } else if exact && dataMax > dataMin && (!axis.log || dataMin > 0) {
      (lo, hi) = (dataMin, dataMax)
    } else {
      (lo, hi) = Scale.autoRange(min: dataMin, max: dataMax, log: axis.log)
    }
    let scale = Scale(lower: lo, upper: hi, log: axis.log, start: start, end: end)
    let spacing = horizontal ? 80.0 : 70.0
    var maxCount = pixels < 100 ? 3 : min(11, max(5, Int(pixels / spacing) + 1))
    while true {
      let t: AxisTicks
      if axis.log {
        let v = Ticks.log(lower: lo, upper: hi, maxCount: maxCount)
        t = AxisTicks(scale: scale, values: v, labels: TickFormat.logLabels(v))
      } else {
        let (v, step) = Ticks.linear(lower: lo, upper: hi, maxCount: maxCount, integer: axis.integer)
        t = AxisTicks(scale: scale, values: v, labels: TickFormat.labels(v, step: step))
      }
      if maxCount <= 2 || labelsFit(t, horizontal: horizontal) { return t }
      maxCount -= 1
    }
  }

  /// Whether neighbouring tick labels keep clear of each other.
  static func labelsFit(_ t: AxisTicks, horizontal: Bool) -> Bool {
    guard t.values.count >= 2 else { return true }
    for i in 1..<t.values.count {
      let d = Swift.abs(t.scale.map(t.values[i]) - t.scale.map(t.values[i - 1]))
      let need =
        horizontal
        ? Double(Font.small.width(t.labels[i]) + Font.small.width(t.labels[i - 1])) / 2 + 10
        : Double(Font.small.lineHeight + 4)
      if d < need { return false }
    }
    return true
  }

  /// The y range of the series on one side (positive values only on a log axis).
  static func extent(_ series: [Series], _ side: Side, log: Bool) -> (Double, Double)? {
    var lo = Double.infinity, hi = -Double.infinity
    for s in series where s.side == side {
      for (_, y) in s.points where y.isFinite && (!log || y > 0) {
        lo = min(lo, y)
        hi = max(hi, y)
      }
    }
    return lo <= hi ? (lo, hi) : nil
  }

  /// The x range of a panel's series and markers.
  static func xExtent(_ p: Panel) -> (Double, Double) {
    var lo = Double.infinity, hi = -Double.infinity
    func add(_ x: Double) {
      guard x.isFinite, !p.x.log || x > 0 else { return }
      lo = min(lo, x)
      hi = max(hi, x)
    }
    for s in p.series { for (x, _) in s.polyline { add(x) } }
    for m in p.markers { add(m.x) }
    return lo <= hi ? (lo, hi) : (p.x.log ? (1, 10) : (0, 1))
  }

  /// Draws the figure.
  public static func draw<R: Renderer>(_ f: Figure, on r: inout R) {
    let th = f.theme
    r.fillRect(x: 0, y: 0, width: f.width, height: f.height, color: th.background)
    var top = 12
    if let title = f.title, !title.isEmpty {
      for line in Font.title.wrap(title, maxWidth: f.width - 40) {
        r.text(line, x: f.width / 2, y: top, font: .title, color: th.foreground, h: 0.5, v: .top, rotated: false)
        top += Font.title.lineHeight + 2
      }
      top += 6
    }
    for note in f.notes {
      for line in Font.small.wrap(note, maxWidth: f.width - 40) {
        r.text(line, x: f.width / 2, y: top, font: .small, color: th.warning, h: 0.5, v: .top, rotated: false)
        top += Font.small.lineHeight + 1
      }
      top += 4
    }
    top += 4
    let bottomLabels = Font.small.lineHeight + tickLength + 4 + Font.label.lineHeight + 14
    let n = max(1, f.panels.count)
    let avail = f.height - top - bottomLabels - panelGap * (n - 1)
    let panelH = max(40, avail / n)

    // First pass: the widest tick labels of every panel, to size the side margins.
    var leftW = 0, rightW = 0
    var anyRight = false
    for p in f.panels {
      if let e = extent(p.series, .left, log: p.left.log) ?? p.left.range {
        let t = ticks(for: p.left, dataMin: e.0, dataMax: e.1, start: Double(panelH), end: 0, pixels: Double(panelH))
        leftW = max(leftW, t.labels.map { Font.small.width($0) }.max() ?? 0)
      }
      if let ra = p.right {
        anyRight = true
        if let e = extent(p.series, .right, log: ra.log) ?? ra.range {
          let t = ticks(for: ra, dataMin: e.0, dataMax: e.1, start: Double(panelH), end: 0, pixels: Double(panelH))
          rightW = max(rightW, t.labels.map { Font.small.width($0) }.max() ?? 0)
        }
      }
    }
    let plotLeft = 14 + Font.label.lineHeight + pad + leftW + tickLength + 4
    // Without a right axis, leave room for half of the last x tick label.
    let plotRight = f.width - (anyRight ? 14 + Font.label.lineHeight + pad + rightW + tickLength + 4 : 28)
    let plotW = max(20, plotRight - plotLeft)

    for (i, p) in f.panels.enumerated() {
      let y0 = top + i * (panelH + panelGap)
      PanelDrawing.draw(p, theme: th, x0: plotLeft, y0: y0, w: plotW, h: panelH, isLast: i == n - 1, on: &r)
    }
  }

}
