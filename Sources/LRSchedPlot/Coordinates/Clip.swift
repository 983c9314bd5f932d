/// An axis-aligned rectangle in pixel coordinates (y down), for clipping and placement.
public struct PixelRect: Sendable, Equatable {
  public var minX: Double
  public var minY: Double
  public var maxX: Double
  public var maxY: Double

  public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
    self.minX = minX
    self.minY = minY
    self.maxX = maxX
    self.maxY = maxY
  }

  /// The rectangle shrunk by `d` on every side (grown when `d` is negative).
  public func insetBy(_ d: Double) -> PixelRect {
    PixelRect(minX: minX + d, minY: minY + d, maxX: maxX - d, maxY: maxY - d)
  }

  public func contains(_ x: Double, _ y: Double) -> Bool { x >= minX && x <= maxX && y >= minY && y <= maxY }

  public func intersects(_ o: PixelRect) -> Bool {
    minX < o.maxX && o.minX < maxX && minY < o.maxY && o.minY < maxY
  }
}

/// Line clipping (Liang–Barsky), so curves that leave a fixed axis range are cut at the plot
/// frame instead of being flattened along it.
public enum Clip {
  /// The part of segment a→b inside `r`, as parameters `t0 < t1` in [0, 1], or nil.
  public static func segment(_ a: (Double, Double), _ b: (Double, Double), in r: PixelRect) -> (Double, Double)? {
    let dx = b.0 - a.0, dy = b.1 - a.1
    var t0 = 0.0, t1 = 1.0
    for (p, q) in [(-dx, a.0 - r.minX), (dx, r.maxX - a.0), (-dy, a.1 - r.minY), (dy, r.maxY - a.1)] {
      if p == 0 {
        if q < 0 { return nil }
      } else {
        let t = q / p
        if p < 0 {
          if t > t1 { return nil }
          if t > t0 { t0 = t }
        } else {
          if t < t0 { return nil }
          if t < t1 { t1 = t }
        }
      }
    }
    return t0 <= t1 ? (t0, t1) : nil
  }

  /// The pieces of a polyline inside `r`, each a polyline of its own.
  public static func polyline(_ pts: [(Double, Double)], in r: PixelRect) -> [[(Double, Double)]] {
    if pts.count == 1 { return r.contains(pts[0].0, pts[0].1) ? [pts] : [] }
    var out: [[(Double, Double)]] = []
    var current: [(Double, Double)] = []
    for i in 1..<max(1, pts.count) {
      let a = pts[i - 1], b = pts[i]
      guard let (t0, t1) = segment(a, b, in: r) else {
        if !current.isEmpty { out.append(current) }
        current = []
        continue
      }
      let p0 = t0 == 0 ? a : (a.0 + (b.0 - a.0) * t0, a.1 + (b.1 - a.1) * t0)
      let p1 = t1 == 1 ? b : (a.0 + (b.0 - a.0) * t1, a.1 + (b.1 - a.1) * t1)
      if current.isEmpty { current.append(p0) }
      current.append(p1)
      if t1 < 1 {
        out.append(current)
        current = []
      }
    }
    if !current.isEmpty { out.append(current) }
    return out
  }

  /// Length of the polyline's parts inside `r` (used to place a legend where it hides least).
  public static func lengthInside(_ pts: [(Double, Double)], _ r: PixelRect) -> Double {
    var total = 0.0
    for i in 1..<max(1, pts.count) {
      let a = pts[i - 1], b = pts[i]
      // Cheap reject: both ends on the same outer side.
      if (a.0 < r.minX && b.0 < r.minX) || (a.0 > r.maxX && b.0 > r.maxX) || (a.1 < r.minY && b.1 < r.minY)
        || (a.1 > r.maxY && b.1 > r.maxY)
      {
        continue
      }
      guard let (t0, t1) = segment(a, b, in: r) else { continue }
      let dx = b.0 - a.0, dy = b.1 - a.1
      // A zero-length piece (a vertex) still counts one pixel.
      total += max(1, (t1 - t0) * (dx * dx + dy * dy).squareRoot())
    }
    return total
  }
}
