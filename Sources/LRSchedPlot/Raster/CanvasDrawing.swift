/// Anti-aliased shapes on a `Canvas`: each shape's coverage is collected first (max-combined,
/// so a polyline's joints don't darken) and then blended once in the shape's colour.
extension Canvas {
  @inline(__always) mutating func cover(_ x: Int, _ y: Int, _ c: Int) {
    guard x >= 0, y >= 0, x < width, y < height, c > 0 else { return }
    let i = y * width + x
    let coverage = planes.coverage
    if coverage[i] == 0 { touched.append(i) }
    if c > Int(coverage[i]) { coverage[i] = UInt8(min(255, c)) }
  }

  mutating func flushCoverage(_ color: Color) {
    var touched = self.touched
    self.touched = []
    let coverage = planes.coverage
    for i in touched {
      let c = Int(coverage[i])
      coverage[i] = 0
      blend(at: i, color, c)
    }
    touched.removeAll(keepingCapacity: true)
    self.touched = touched
  }

  /// Adds a thick anti-aliased segment's coverage (a capsule of the given width).
  ///
  /// Each pixel's coverage is `r + 0.5 − d` (clamped to 0…1) for its centre's distance `d` to
  /// the segment, so only pixels whose centre is nearer than `r + 0.5` can get any. Only those
  /// are visited: the box around the segment widened by that much (plus 0.001 for rounding)
  /// and, for a steep segment, per row the columns beside the part of the segment inside that
  /// row's band. Each visited pixel gets exactly the arithmetic of the whole-box scan this
  /// replaced, so the pixels are the same, at about a quarter of the distance evaluations.
  mutating func coverSegment(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, width lw: Double) {
    guard ax.isFinite, ay.isFinite, bx.isFinite, by.isFinite, lw.isFinite, lw > 0, width > 0, height > 0 else { return }
    let r = lw / 2
    let e = r + 0.5 + 1e-3
    // First and last pixel whose centre lies within `e` of [lo, hi], clamped to the canvas
    // before converting to Int (no traps on far-off points).
    func clamp(_ v: Double, _ hi: Int) -> Int { Int(Swift.max(-1, Swift.min(Double(hi) + 1, v))) }
    func first(_ lo: Double, _ n: Int) -> Int { Swift.max(0, clamp((lo - e - 0.5).rounded(.down) + 1, n)) }
    func last(_ hi: Double, _ n: Int) -> Int { Swift.min(n - 1, clamp((hi + e - 0.5).rounded(.up) - 1, n)) }
    let minX = first(Swift.min(ax, bx), width), maxX = last(Swift.max(ax, bx), width)
    let minY = first(Swift.min(ay, by), height), maxY = last(Swift.max(ay, by), height)
    guard minX <= maxX, minY <= maxY else { return }
    let dx = bx - ax, dy = by - ay
    let len2 = dx * dx + dy * dy
    // Pixels clearly beyond the capsule's edge get no coverage: skip their square root.
    let reach = r + 0.5 + 1e-6
    let reach2 = reach * reach
    let w = width
    // Rows are narrowed only for a segment steep enough to gain from it.
    let narrow = abs(dy) > 2
    var touched = self.touched
    self.touched = []
    let cov = planes.coverage
    do {
      for py in minY...maxY {
        let cy = Double(py) + 0.5
        var x0 = minX, x1 = maxX
        if narrow {
          // The segment's part with |y − cy| ≤ e, widened by e.
          var t0 = (cy - e - ay) / dy, t1 = (cy + e - ay) / dy
          if t0 > t1 { swap(&t0, &t1) }
          t0 = Swift.max(0, t0)
          t1 = Swift.min(1, t1)
          if t0 > t1 { continue }
          let xa = ax + t0 * dx, xb = ax + t1 * dx
          x0 = Swift.max(minX, first(Swift.min(xa, xb) - 1e-3, w))
          x1 = Swift.min(maxX, last(Swift.max(xa, xb) + 1e-3, w))
          if x0 > x1 { continue }
        }
        let row = py * w
        for px in x0...x1 {
          let cx = Double(px) + 0.5
          var t = len2 > 0 ? ((cx - ax) * dx + (cy - ay) * dy) / len2 : 0
          t = min(1, max(0, t))
          let qx = ax + t * dx - cx, qy = ay + t * dy - cy
          let d2 = qx * qx + qy * qy
          if d2 > reach2 { continue }
          let d = d2.squareRoot()
          let c = min(1, max(0, r + 0.5 - d))
          let v = Int(c * 255)
          if v > 0 {
            let i = row + px
            let old = cov[i]
            if old == 0 { touched.append(i) }
            if v > Int(old) { cov[i] = UInt8(min(255, v)) }
          }
        }
      }
    }
    self.touched = touched
  }

  /// An anti-aliased polyline; `dash` is on/off lengths in pixels.
  public mutating func polyline(_ points: [(Double, Double)], color: Color, width lw: Double, dash: [Double]? = nil) {
    makeUnique()
    guard points.count >= 2 else {
      if let p = points.first { coverSegment(p.0, p.1, p.0, p.1, width: lw); flushCoverage(color) }
      return
    }
    if let dash, dash.count >= 2 {
      var on = true
      var left = dash[0]
      var k = 0
      for i in 1..<points.count {
        var (ax, ay) = points[i - 1]
        let (bx, by) = points[i]
        var seg = ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot()
        while seg > 0 {
          let step = min(seg, left)
          let t = step / seg
          let nx = ax + (bx - ax) * t, ny = ay + (by - ay) * t
          if on { coverSegment(ax, ay, nx, ny, width: lw) }
          ax = nx
          ay = ny
          seg -= step
          left -= step
          if left <= 1e-9 {
            on.toggle()
            k += 1
            left = dash[k % dash.count]
          }
        }
      }
    } else {
      for i in 1..<points.count {
        coverSegment(points[i - 1].0, points[i - 1].1, points[i].0, points[i].1, width: lw)
      }
    }
    flushCoverage(color)
  }

  /// A filled anti-aliased circle.
  public mutating func circle(x: Double, y: Double, radius: Double, color: Color) {
    makeUnique()
    coverSegment(x, y, x, y, width: radius * 2)
    flushCoverage(color)
  }

  /// Draws text anchored at (x, y): `h` 0 left, 0.5 centre, 1 right; `v` says what y is
  /// (top of the line, middle of the capitals, or the baseline). `rotated`: 90°
  /// anticlockwise, for y-axis labels (then h runs along the text, bottom to top).
  public mutating func text(
    _ s: String, x: Int, y: Int, font: Font, color: Color, h: Double = 0, v: TextVAlign = .top,
    rotated: Bool = false
  ) {
    makeUnique()
    let dx = -Int((Double(font.width(s)) * h).rounded())
    let dy: Int
    switch v {
    case .top: dy = font.ascent
    case .middle: dy = font.capHeight / 2
    case .baseline: dy = 0
    }
    font.forEachPixel(s) { gx, gy, a in
      let px = gx + dx, py = gy + dy
      if rotated { cover(x + py, y - px, Int(a)) } else { cover(x + px, y + py, Int(a)) }
    }
    flushCoverage(color)
  }
}
