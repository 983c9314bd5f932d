/// The legend box: one row per labelled series (a line sample in its colour and dash) and
/// per marker (a dot), placed where it hides the least, as matplotlib's `loc='best'`.
enum Legend {
  /// One legend row.
  struct Entry {
    var label: String
    var color: Color
    var isMarker: Bool
    var dash: [Double]?
  }

  static let sample = 28
  static let margin = 10

  static func entries(_ p: Panel) -> [Entry] {
    p.series.filter { !$0.label.isEmpty }.map { Entry(label: $0.label, color: $0.color, isMarker: false, dash: $0.dash) }
      + p.markers.filter { !$0.label.isEmpty }.map { Entry(label: $0.label, color: $0.color, isMarker: true, dash: nil) }
  }

  /// Candidate positions in matplotlib's order of preference: upper right, upper left, lower
  /// left, lower right, centre right, centre left, lower centre, upper centre, centre.
  static func candidates(frame f: PixelRect, width bw: Double, height bh: Double) -> [PixelRect] {
    let m = Double(margin)
    let left = f.minX + m, right = f.maxX - m - bw, midX = ((f.minX + f.maxX - bw) / 2).rounded()
    let top = f.minY + m, bottom = f.maxY - m - bh, midY = ((f.minY + f.maxY - bh) / 2).rounded()
    return [
      (right, top), (left, top), (left, bottom), (right, bottom), (right, midY), (left, midY), (midX, bottom),
      (midX, top), (midX, midY),
    ].map { PixelRect(minX: $0.0, minY: $0.1, maxX: $0.0 + bw, maxY: $0.1 + bh) }
  }

  /// How much of the plot a box at `r` would hide: the length of curve under it, markers and
  /// text boxes (each weighted as 200 px of curve).
  static func badness(_ r: PixelRect, curves: [[(Double, Double)]], points: [(Double, Double)], boxes: [PixelRect]) -> Double {
    var total = 0.0
    for c in curves { total += Clip.lengthInside(c, r) }
    for p in points where r.insetBy(-6).contains(p.0, p.1) { total += 200 }
    for b in boxes where r.intersects(b) { total += 200 }
    return total
  }

  static func draw<R: Renderer>(
    _ p: Panel, theme th: Theme, frame: PixelRect, avoid curves: [[(Double, Double)]], points: [(Double, Double)],
    boxes: [PixelRect], on r: inout R
  ) {
    let rows = entries(p)
    guard !rows.isEmpty else { return }
    let lh = Font.small.lineHeight + 4
    let textW = rows.map { Font.small.width($0.label) }.max() ?? 0
    let bw = 10 + sample + 8 + textW + 10
    let bh = 8 + lh * rows.count + 4
    var best = candidates(frame: frame, width: Double(bw), height: Double(bh))[0]
    var bestScore = Double.infinity
    for c in candidates(frame: frame, width: Double(bw), height: Double(bh)) {
      let s = badness(c, curves: curves, points: points, boxes: boxes)
      // Ties (within a pixel of curve) keep the earlier, preferred position.
      if s < bestScore - 0.5 {
        bestScore = s
        best = c
      }
    }
    let bx = Int(best.minX), top = Int(best.minY)
    r.fillRect(x: bx, y: top, width: bw, height: bh, color: th.plotBackground)
    r.strokeRect(x: bx, y: top, width: bw, height: bh, color: th.muted)
    for (i, e) in rows.enumerated() {
      let cy = top + 8 + i * lh + lh / 2 - 2
      if e.isMarker {
        r.circle(x: Double(bx + 10 + sample / 2), y: Double(cy), radius: 5, color: e.color)
      } else {
        r.polyline([(Double(bx + 10), Double(cy)), (Double(bx + 10 + sample), Double(cy))], color: e.color, width: 2, dash: e.dash)
      }
      r.text(e.label, x: bx + 10 + sample + 8, y: cy, font: .small, color: th.foreground, h: 0, v: .middle, rotated: false)
    }
  }
}
