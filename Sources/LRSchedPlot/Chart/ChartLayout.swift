/// Lays a `Figure` out and draws it on any `Renderer`: title (wrapped), notes, panels
/// stacked vertically with shared x, nice ticks, grid, twin y axes, legend.
public enum ChartLayout {
  static let tickLength = 5
  static let pad = 8

  struct AxisTicks {
    var scale: Scale
    var values: [Double]
    var labels: [String]
  }

  static func ticks(for axis: Axis, dataMin: Double, dataMax: Double, start: Double, end: Double, pixels: Double, exact: Bool = false) -> AxisTicks {
    let (lo, hi): (Double, Double)
    if let r = axis.range {
      (lo, hi) = r
    } else if exact {
      (lo, hi) = dataMax > dataMin ? (dataMin, dataMax) : (dataMin, dataMin + 1)
    } else {
      (lo, hi) = Scale.autoRange(min: dataMin, max: dataMax, log: axis.log)
    }
    let scale = Scale(lower: lo, upper: hi, log: axis.log, start: start, end: end)
    let maxCount = max(2, min(11, Int(pixels / 70) + 1))
    if axis.log {
      let v = Ticks.log(lower: lo, upper: hi, maxCount: maxCount)
      return AxisTicks(scale: scale, values: v, labels: TickFormat.logLabels(v))
    }
    let (v, step) = Ticks.linear(lower: lo, upper: hi, maxCount: maxCount, integer: axis.integer)
    return AxisTicks(scale: scale, values: v, labels: TickFormat.labels(v, step: step))
  }

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

  static func xExtent(_ p: Panel) -> (Double, Double) {
    var lo = Double.infinity, hi = -Double.infinity
    for s in p.series { for (x, _) in s.points where x.isFinite { lo = min(lo, x); hi = max(hi, x) } }
    return lo <= hi ? (lo, hi) : (0, 1)
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
        r.text(line, x: f.width / 2, y: top, font: .small, color: Palette.color(1), h: 0.5, v: .top, rotated: false)
        top += Font.small.lineHeight + 1
      }
      top += 4
    }
    top += 4
    let bottomLabels = Font.small.lineHeight + tickLength + 4 + Font.label.lineHeight + 14
    let gap = 24
    let n = max(1, f.panels.count)
    let avail = f.height - top - bottomLabels - gap * (n - 1)
    let panelH = max(40, avail / n)

    // First pass: ticks per panel with provisional pixel ranges, to size the margins.
    var leftW = 0, rightW = 0
    var anyRight = false
    for p in f.panels {
      if let e = extent(p.series, .left, log: p.left.log) ?? (p.left.range) {
        let t = ticks(for: p.left, dataMin: e.0, dataMax: e.1, start: 0, end: 1, pixels: Double(panelH))
        leftW = max(leftW, t.labels.map { Font.small.width($0) }.max() ?? 0)
      }
      if let ra = p.right {
        anyRight = true
        if let e = extent(p.series, .right, log: ra.log) ?? ra.range {
          let t = ticks(for: ra, dataMin: e.0, dataMax: e.1, start: 0, end: 1, pixels: Double(panelH))
          rightW = max(rightW, t.labels.map { Font.small.width($0) }.max() ?? 0)
        }
      }
    }
    let plotLeft = 14 + Font.label.lineHeight + pad + leftW + tickLength + 4
    let plotRight = f.width - (anyRight ? 14 + Font.label.lineHeight + pad + rightW + tickLength + 4 : 28)
    let plotW = max(20, plotRight - plotLeft)

    for (i, p) in f.panels.enumerated() {
      let y0 = top + i * (panelH + gap)
      drawPanel(p, theme: th, x0: plotLeft, y0: y0, w: plotW, h: panelH, isLast: i == n - 1, on: &r)
    }
  }

  static func drawPanel<R: Renderer>(_ p: Panel, theme th: Theme, x0: Int, y0: Int, w: Int, h: Int, isLast: Bool, on r: inout R) {
    let xs = xExtent(p)
    let xt = ticks(for: p.x, dataMin: xs.0, dataMax: xs.1, start: Double(x0), end: Double(x0 + w), pixels: Double(w), exact: true)
    let le = extent(p.series, .left, log: p.left.log) ?? p.left.range ?? (0, 1)
    let lt = ticks(for: p.left, dataMin: le.0, dataMax: le.1, start: Double(y0 + h), end: Double(y0), pixels: Double(h))
    var rt: AxisTicks?
    if let ra = p.right {
      let re = extent(p.series, .right, log: ra.log) ?? ra.range ?? (0, 1)
      rt = ticks(for: ra, dataMin: re.0, dataMax: re.1, start: Double(y0 + h), end: Double(y0), pixels: Double(h))
    }
    r.fillRect(x: x0, y: y0, width: w, height: h, color: th.plotBackground)
    // Grid.
    for v in xt.values {
      let px = Int(xt.scale.map(v).rounded())
      if px > x0 && px < x0 + w - 1 { r.fillRect(x: px, y: y0, width: 1, height: h, color: th.grid) }
    }
    for v in lt.values {
      let py = Int(lt.scale.map(v).rounded())
      if py > y0 && py < y0 + h - 1 { r.fillRect(x: x0, y: py, width: w, height: 1, color: th.grid) }
    }
    // Vertical lines (epoch boundaries, phases).
    for vl in p.vlines {
      let px = xt.scale.map(vl.x)
      guard px >= Double(x0), px <= Double(x0 + w) else { continue }
      r.polyline(
        [(px, Double(y0)), (px, Double(y0 + h))], color: vl.color ?? th.muted, width: vl.width,
        dash: vl.dashed ? [6, 4] : nil)
    }
    // Series.
    var drawn: [(Double, Double)] = []
    for s in p.series {
      let ys = s.side == .left ? lt.scale : (rt?.scale ?? lt.scale)
      let log = s.side == .left ? p.left.log : (p.right?.log ?? false)
      let pts = s.points.compactMap { (x, y) -> (Double, Double)? in
        guard x.isFinite, y.isFinite, !log || y > 0 else { return nil }
        let py = min(Double(y0 + h) + 2, max(Double(y0) - 2, ys.map(y)))
        return (xt.scale.map(x), py)
      }
      r.polyline(pts, color: s.color, width: s.width, dash: s.dash)
      drawn += pts
    }
    for m in p.markers {
      let ys = m.side == .left ? lt.scale : (rt?.scale ?? lt.scale)
      r.circle(x: xt.scale.map(m.x), y: ys.map(m.y), radius: 6, color: m.color)
    }
    // Frame and ticks.
    let axisColor = th.axis
    r.strokeRect(x: x0, y: y0, width: w, height: h, color: axisColor)
    for (v, label) in zip(xt.values, xt.labels) {
      let px = Int(xt.scale.map(v).rounded())
      r.fillRect(x: px, y: y0 + h, width: 1, height: tickLength, color: axisColor)
      if isLast {
        r.text(label, x: px, y: y0 + h + tickLength + 3, font: .small, color: th.foreground, h: 0.5, v: .top, rotated: false)
      }
    }
    let leftColor = p.left.color ?? th.foreground
    for (v, label) in zip(lt.values, lt.labels) {
      let py = Int(lt.scale.map(v).rounded())
      r.fillRect(x: x0 - tickLength, y: py, width: tickLength, height: 1, color: p.left.color ?? axisColor)
      r.text(label, x: x0 - tickLength - 4, y: py, font: .small, color: leftColor, h: 1, v: .middle, rotated: false)
    }
    let leftLabelX = x0 - tickLength - 4 - (lt.labels.map { Font.small.width($0) }.max() ?? 0) - pad - Font.label.lineHeight
    r.text(p.left.label, x: leftLabelX, y: y0 + h / 2, font: .label, color: leftColor, h: 0.5, v: .top, rotated: true)
    if let ra = p.right, let rt {
      let c = ra.color ?? th.foreground
      for (v, label) in zip(rt.values, rt.labels) {
        let py = Int(rt.scale.map(v).rounded())
        r.fillRect(x: x0 + w, y: py, width: tickLength, height: 1, color: ra.color ?? axisColor)
        r.text(label, x: x0 + w + tickLength + 4, y: py, font: .small, color: c, h: 0, v: .middle, rotated: false)
      }
      let rx = x0 + w + tickLength + 4 + (rt.labels.map { Font.small.width($0) }.max() ?? 0) + pad
      r.text(ra.label, x: rx, y: y0 + h / 2, font: .label, color: c, h: 0.5, v: .top, rotated: true)
    }
    if isLast {
      r.text(
        p.x.label, x: x0 + w / 2, y: y0 + h + tickLength + 4 + Font.small.lineHeight + 6, font: .label,
        color: th.foreground, h: 0.5, v: .top, rotated: false)
    }
    if p.legend { drawLegend(p, theme: th, plot: (x0, y0, w, h), avoid: drawn, on: &r) }
  }

  /// Draws the legend in the corner (or edge middle) that covers the fewest plotted points,
  /// as matplotlib's `loc='best'` does.
  static func drawLegend<R: Renderer>(
    _ p: Panel, theme th: Theme, plot: (Int, Int, Int, Int), avoid: [(Double, Double)], on r: inout R
  ) {
    var entries: [(String, Color, Bool, [Double]?)] = p.series.filter { !$0.label.isEmpty }.map { ($0.label, $0.color, false, $0.dash) }
    entries += p.markers.map { ($0.label, $0.color, true, nil) }
    guard !entries.isEmpty else { return }
    let lh = Font.small.lineHeight + 4
    let sample = 28
    let textW = entries.map { Font.small.width($0.0) }.max() ?? 0
    let bw = 10 + sample + 8 + textW + 10
    let bh = 8 + lh * entries.count + 4
    let (px, py, pw, ph) = plot
    let m = 10
    let candidates = [
      (px + pw - m - bw, py + m), (px + m, py + m), (px + pw - m - bw, py + ph - m - bh), (px + m, py + ph - m - bh),
      (px + pw - m - bw, py + (ph - bh) / 2), (px + (pw - bw) / 2, py + m), (px + (pw - bw) / 2, py + ph - m - bh),
    ]
    var best = candidates[0]
    var bestCount = Int.max
    for c in candidates {
      var n = 0
      for (x, y) in avoid where x >= Double(c.0) && x <= Double(c.0 + bw) && y >= Double(c.1) && y <= Double(c.1 + bh) { n += 1 }
      if n < bestCount {
        bestCount = n
        best = c
      }
    }
    let bx = best.0
    let top = best.1
    r.fillRect(x: bx, y: top, width: bw, height: bh, color: th.plotBackground)
    r.strokeRect(x: bx, y: top, width: bw, height: bh, color: th.muted)
    for (i, e) in entries.enumerated() {
      let cy = top + 8 + i * lh + lh / 2 - 2
      if e.2 {
        r.circle(x: Double(bx + 10 + sample / 2), y: Double(cy), radius: 5, color: e.1)
      } else {
        r.polyline([(Double(bx + 10), Double(cy)), (Double(bx + 10 + sample), Double(cy))], color: e.1, width: 2, dash: e.3)
      }
      r.text(e.0, x: bx + 10 + sample + 8, y: cy, font: .small, color: th.foreground, h: 0, v: .middle, rotated: false)
    }
  }
}
