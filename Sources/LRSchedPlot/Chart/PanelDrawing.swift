/// Draws one panel: background, grid, vertical lines, series (clipped to the frame),
/// markers, frame, ticks and labels on both sides, annotations and the legend.
enum PanelDrawing {
  static let tickLength = ChartLayout.tickLength
  static let pad = ChartLayout.pad

  static func draw<R: Renderer>(_ p: Panel, theme th: Theme, x0: Int, y0: Int, w: Int, h: Int, isLast: Bool, on r: inout R) {
    let xs = ChartLayout.xExtent(p)
    let xt = ChartLayout.ticks(
      for: p.x, dataMin: xs.0, dataMax: xs.1, start: Double(x0), end: Double(x0 + w), pixels: Double(w), exact: true,
      horizontal: true)
    let le = ChartLayout.extent(p.series, .left, log: p.left.log) ?? p.left.range ?? (0, 1)
    let lt = ChartLayout.ticks(for: p.left, dataMin: le.0, dataMax: le.1, start: Double(y0 + h), end: Double(y0), pixels: Double(h))
    var rt: ChartLayout.AxisTicks?
    if let ra = p.right {
      let re = ChartLayout.extent(p.series, .right, log: ra.log) ?? ra.range ?? (0, 1)
      rt = ChartLayout.ticks(for: ra, dataMin: re.0, dataMax: re.1, start: Double(y0 + h), end: Double(y0), pixels: Double(h))
    }
    func yScale(_ side: Side) -> Scale { side == .left ? lt.scale : (rt?.scale ?? lt.scale) }
    func yLog(_ side: Side) -> Bool { side == .left ? p.left.log : (p.right?.log ?? false) }
    let frame = PixelRect(minX: Double(x0), minY: Double(y0), maxX: Double(x0 + w), maxY: Double(y0 + h))

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
    var labelBoxes: [PixelRect] = []
    var pendingLabels: [(String, Double, Color)] = []
    for vl in p.vlines where vl.x.isFinite && (!p.x.log || vl.x > 0) {
      let px = xt.scale.map(vl.x)
      guard px >= Double(x0), px <= Double(x0 + w) else { continue }
      let c = vl.color ?? th.muted
      r.polyline([(px, Double(y0)), (px, Double(y0 + h))], color: c, width: vl.width, dash: vl.dashed ? [6, 4] : nil)
      if let label = vl.label, !label.isEmpty { pendingLabels.append((label, px, c)) }
    }
    // Series, clipped to the frame (1 px of slack so lines on the frame stay whole).
    var drawn: [[(Double, Double)]] = []
    let clipRect = frame.insetBy(-1)
    for s in p.series {
      let ys = yScale(s.side), log = yLog(s.side)
      let pts = s.polyline.compactMap { (x, y) -> (Double, Double)? in
        guard x.isFinite, y.isFinite, !log || y > 0, !p.x.log || x > 0 else { return nil }
        return (xt.scale.map(x), ys.map(y))
      }
      for piece in Clip.polyline(pts, in: clipRect) {
        r.polyline(piece, color: s.color, width: s.width, dash: s.dash)
        drawn.append(piece)
      }
    }
    var markerPoints: [(Double, Double)] = []
    for m in p.markers where m.x.isFinite && m.y.isFinite {
      let mx = xt.scale.map(m.x), my = yScale(m.side).map(m.y)
      guard frame.contains(mx, my) else { continue }
      r.circle(x: mx, y: my, radius: 6, color: m.color)
      markerPoints.append((mx, my))
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
    // Line labels beside their line, top or bottom, on the side that hides the least curve;
    // on a box of the plot's background when that hides nothing.
    for (label, px, c) in pendingLabels {
      let tw = Double(Font.small.width(label) + 4), th2 = Double(Font.small.lineHeight + 2)
      var best: PixelRect?
      var bestScore = Double.infinity
      for top in [true, false] {
        for right in [true, false] {
          let x = right ? px + 3 : px - 3 - tw
          let y = top ? Double(y0 + 3) : Double(y0 + h - 3) - th2
          let box = PixelRect(minX: x.rounded(), minY: y, maxX: x.rounded() + tw, maxY: y + th2)
          guard box.minX >= frame.minX, box.maxX <= frame.maxX else { continue }
          let score = drawn.reduce(0) { $0 + Clip.lengthInside($1, box) } + (labelBoxes.contains { $0.intersects(box) } ? 500 : 0)
          if score < bestScore - 0.5 {
            best = box
            bestScore = score
          }
        }
      }
      guard let box = best else { continue }
      if bestScore == 0 {
        r.fillRect(x: Int(box.minX), y: Int(box.minY), width: Int(tw), height: Int(th2), color: th.plotBackground)
      }
      r.text(label, x: Int(box.minX) + 2, y: Int(box.minY) + 1, font: .small, color: c, h: 0, v: .top, rotated: false)
      labelBoxes.append(box)
    }
    // Annotations, kept inside the frame, on the side of their point that hides the least.
    for a in p.annotations where a.x.isFinite && a.y.isFinite {
      let ax = xt.scale.map(a.x), ay = yScale(a.side).map(a.y)
      let box = placeAnnotation(a, at: (ax, ay), inside: frame.insetBy(3), curves: drawn)
      r.fillRect(x: Int(box.minX), y: Int(box.minY), width: Int(box.maxX - box.minX), height: Int(box.maxY - box.minY), color: th.plotBackground)
      r.text(a.text, x: Int(box.minX) + 4, y: Int(box.minY) + 2, font: .small, color: a.color ?? th.foreground, h: 0, v: .top, rotated: false)
      if a.dot && frame.contains(ax, ay) { r.circle(x: ax, y: ay, radius: 3, color: a.color ?? th.foreground) }
      labelBoxes.append(box)
    }
    if p.legend {
      Legend.draw(p, theme: th, frame: frame, avoid: drawn, points: markerPoints, boxes: labelBoxes, on: &r)
    }
  }

  /// The requested box, unless it would hide more curve than one of the other three corners
  /// around the point.
  static func placeAnnotation(_ a: Annotation, at p: (Double, Double), inside r: PixelRect, curves: [[(Double, Double)]]) -> PixelRect {
    var best = annotationBox(a, at: p, inside: r)
    var bestScore = curves.reduce(0) { $0 + Clip.lengthInside($1, best) }
    for (h, v) in [(1.0, TextVAlign.baseline), (0, .baseline), (1, .top), (0, .top)] where bestScore > 0 {
      var b = a
      b.h = h
      b.v = v
      let box = annotationBox(b, at: p, inside: r)
      let score = curves.reduce(0) { $0 + Clip.lengthInside($1, box) }
      if score < bestScore - 0.5 {
        best = box
        bestScore = score
      }
    }
    return best
  }

  /// The annotation's text box (4 px padding), placed by its anchor and shifted inside `r`.
  static func annotationBox(_ a: Annotation, at p: (Double, Double), inside r: PixelRect) -> PixelRect {
    let bw = Double(Font.small.width(a.text) + 8), bh = Double(Font.small.lineHeight + 4)
    var x = (p.0 - bw * a.h).rounded()
    var y: Double
    switch a.v {
    case .top: y = p.1 + 6
    case .middle: y = p.1 - bh / 2
    case .baseline: y = p.1 - 6 - bh
    }
    y = y.rounded()
    x = max(r.minX, min(x, r.maxX - bw))
    y = max(r.minY, min(y, r.maxY - bh))
    return PixelRect(minX: x, minY: y, maxX: x + bw, maxY: y + bh)
  }
}
