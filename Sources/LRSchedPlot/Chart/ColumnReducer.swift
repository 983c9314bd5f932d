/// Reduces a long series to at most four points per pixel column (first, min and max in the
/// order they occurred, last), so a 10,000,000-step schedule renders in bounded memory and
/// time and still shows every spike. Short series are kept whole.
public struct ColumnReducer: Sendable {
  public let lower: Double
  public let upper: Double
  public let columns: Int
  var raw: [(Double, Double)] = []
  var reduced = false
  var first: [Double]
  var last: [Double]
  var minV: [Double]
  var maxV: [Double]
  var minAt: [Int]
  var maxAt: [Int]
  var seen: [Bool]
  public private(set) var count = 0
  public private(set) var minimum = Double.infinity
  public private(set) var maximum = -Double.infinity

  /// `columns`: the plot's width in pixels; x values are expected in [lower, upper].
  public init(lower: Double, upper: Double, columns: Int) {
    self.lower = lower
    self.upper = upper
    self.columns = max(1, columns)
    first = []
    last = []
    minV = []
    maxV = []
    minAt = []
    maxAt = []
    seen = []
  }

  public mutating func add(_ x: Double, _ y: Double) {
    count += 1
    if y.isFinite {
      minimum = Swift.min(minimum, y)
      maximum = Swift.max(maximum, y)
    }
    if !reduced {
      raw.append((x, y))
      if raw.count > 4 * columns { switchToColumns() }
      return
    }
    addToColumn(x, y, index: count)
  }

  mutating func switchToColumns() {
    reduced = true
    first = Array(repeating: .nan, count: columns)
    last = first
    minV = Array(repeating: .infinity, count: columns)
    maxV = Array(repeating: -.infinity, count: columns)
    minAt = Array(repeating: 0, count: columns)
    maxAt = minAt
    seen = Array(repeating: false, count: columns)
    let pending = raw
    raw = []
    for (i, (x, y)) in pending.enumerated() { addToColumn(x, y, index: i) }
  }

  mutating func addToColumn(_ x: Double, _ y: Double, index: Int) {
    let t = upper > lower ? (x - lower) / (upper - lower) : 0
    let c = Swift.min(columns - 1, Swift.max(0, Int(t * Double(columns))))
    if !seen[c] {
      seen[c] = true
      first[c] = y
    }
    last[c] = y
    if y < minV[c] {
      minV[c] = y
      minAt[c] = index
    }
    if y > maxV[c] {
      maxV[c] = y
      maxAt[c] = index
    }
  }

  /// The polyline to draw.
  public var points: [(Double, Double)] {
    if !reduced { return raw }
    var out: [(Double, Double)] = []
    out.reserveCapacity(columns * 4)
    let w = (upper - lower) / Double(columns)
    for c in 0..<columns where seen[c] {
      let x = lower + (Double(c) + 0.5) * w
      out.append((x, first[c]))
      if minAt[c] <= maxAt[c] {
        out.append((x, minV[c]))
        out.append((x, maxV[c]))
      } else {
        out.append((x, maxV[c]))
        out.append((x, minV[c]))
      }
      out.append((x, last[c]))
    }
    return out
  }
}
