/// Reduces a long series to at most four points per pixel column, streaming, so a
/// 10,000,000-step schedule renders in bounded memory and time and still shows every spike.
///
/// This is the M4 aggregation (Jugel et al., "M4: A Visualization-Oriented Time Series Data
/// Aggregation", VLDB 2014): per column it keeps the first, the last, the minimum and the
/// maximum point *with their own x*, in the order they occurred. The kept points are a
/// subsequence of the input, so a line through them covers the same pixels as a line through
/// every point (no staircase on steady slopes), and memory is `O(columns)` whatever the count.
///
/// Short series (up to `4 × columns` points) are kept whole.
///
/// ```swift
/// var r = ColumnReducer(lower: 0, upper: 10_000_000, columns: 1200)
/// for k in 0..<10_000_000 { r.add(Double(k), lr(k)) }
/// Series(label: "lr", color: Palette.color(0), points: r.points)
/// ```
public struct ColumnReducer: Sendable {
  /// The x range the columns divide; points outside go to the first or last column.
  public let lower: Double
  public let upper: Double
  /// Number of columns: the plot's width in pixels or more (the figure width is a safe choice).
  public let columns: Int

  /// One kept point: its position in the input (for ordering), x and y.
  struct Kept {
    var index: Int
    var x: Double
    var y: Double

    static let none = Kept(index: -1, x: 0, y: 0)
  }

  /// Per column: first, last, minimum, maximum (all `nil`-free once `seen`).
  struct Column {
    var first: Kept
    var last: Kept
    var min: Kept
    var max: Kept
  }

  var raw: [(Double, Double)] = []
  var cols: [Column?] = []
  var reduced = false
  /// The column points are arriving in, kept out of `cols` until x leaves it: x rises, so
  /// almost every point updates this one value (no array access, no optional per point).
  var current = Column(first: .none, last: .none, min: .none, max: .none)
  var currentColumn = -1
  /// An x range inside `currentColumn`, both ends checked with `column` (NaN: none): `column` is
  /// monotone in x, so a point between them is in that column without the division.
  var spanLow = Double.nan
  var spanHigh = Double.nan
  /// Number of points added.
  public private(set) var count = 0
  /// Smallest and largest finite y added (∞ and −∞ when none).
  public private(set) var minimum = Double.infinity
  public private(set) var maximum = -Double.infinity

  /// `columns`: the plot's width in pixels (at least 1); x values are expected in
  /// `[lower, upper]`, in increasing order.
  public init(lower: Double, upper: Double, columns: Int) {
    self.lower = lower
    self.upper = upper
    self.columns = Swift.max(1, Swift.min(columns, 1 << 20))
  }

  /// Adds the next point of the series.
  public mutating func add(_ x: Double, _ y: Double) {
    addPoint(x, y)
  }

  /// Adds the points `(xs[i], ys[i])` in order: the same as `add(xs[i], ys[i])` for each `i`, in
  /// one loop (a caller streaming millions of points hands them over in blocks).
  public mutating func add(xs: UnsafeBufferPointer<Double>, ys: UnsafeBufferPointer<Double>) {
    precondition(xs.count == ys.count, "ColumnReducer.add(xs:ys:): as many x as y")
    for i in 0..<xs.count { addPoint(xs[i], ys[i]) }
  }

  @inline(__always) mutating func addPoint(_ x: Double, _ y: Double) {
    if y.isFinite {
      if y < minimum { minimum = y }
      if y > maximum { maximum = y }
    }
    if reduced {
      addToColumn(Kept(index: count, x: x, y: y))
    } else {
      raw.append((x, y))
      if raw.count > 4 * columns { switchToColumns() }
    }
    count += 1
  }

  mutating func switchToColumns() {
    reduced = true
    cols = Array(repeating: nil, count: columns)
    let pending = raw
    raw = []
    for (i, (x, y)) in pending.enumerated() { addToColumn(Kept(index: i, x: x, y: y)) }
  }

  @inline(__always) func column(_ x: Double) -> Int {
    guard upper > lower, x.isFinite else { return 0 }
    let t = (x - lower) / (upper - lower) * Double(columns)
    if !(t > 0) { return 0 }
    return t >= Double(columns - 1) ? columns - 1 : Int(t)
  }

  /// The largest x found cheaply that `column` still puts in column `c` (`x`'s column): the
  /// column's right edge by the formula, moved down ulp by ulp (at most four) until `column`
  /// agrees; `x` itself when that fails.
  func spanEnd(_ c: Int, from x: Double) -> Double {
    guard upper > lower else { return x }
    var u = lower + (upper - lower) * (Double(c + 1) / Double(columns))
    for _ in 0..<4 {
      guard u.isFinite, u >= x else { return x }
      let cu = column(u)
      if cu == c { return u }
      if cu < c { return x }
      u = u.nextDown
    }
    return x
  }

  @inline(__always) mutating func addToColumn(_ p: Kept) {
    let c: Int
    if p.x >= spanLow && p.x <= spanHigh {
      c = currentColumn
    } else {
      c = column(p.x)
      if c == currentColumn && p.x.isFinite {
        if spanLow.isNaN {
          (spanLow, spanHigh) = (p.x, p.x)
        } else {
          spanLow = Swift.min(spanLow, p.x)
          spanHigh = Swift.max(spanHigh, p.x)
        }
      }
    }
    if c != currentColumn {
      if currentColumn >= 0 { cols[currentColumn] = current }
      currentColumn = c
      (spanLow, spanHigh) = p.x.isFinite ? (p.x, spanEnd(c, from: p.x)) : (.nan, .nan)
      guard let existing = cols[c] else {
        current = Column(first: p, last: p, min: p, max: p)
        return
      }
      current = existing
    }
    current.last = p
    // NaN never replaces a finite extreme, and a finite value replaces a NaN one.
    let minY = current.min.y, maxY = current.max.y
    if p.y < minY || (minY.isNaN && !p.y.isNaN) { current.min = p }
    if p.y > maxY || (maxY.isNaN && !p.y.isNaN) { current.max = p }
  }

  /// The polyline to draw: every point for short series, else per column the first, minimum,
  /// maximum and last points in input order (duplicates dropped). The four are put in order
  /// in place (a five-comparison sorting network; equal positions are the same point), with
  /// no array per column and no copy of the columns.
  public var points: [(Double, Double)] {
    if !reduced { return raw }
    var out: [(Double, Double)] = []
    out.reserveCapacity(columns * 4)
    var previous = -1
    func emit(_ k: Kept) {
      if k.index != previous {
        out.append((k.x, k.y))
        previous = k.index
      }
    }
    for c in cols.indices {
      guard let col = c == currentColumn ? current : cols[c] else { continue }
      var a = col.first, b = col.min, m = col.max, d = col.last
      if a.index > b.index { swap(&a, &b) }
      if m.index > d.index { swap(&m, &d) }
      if a.index > m.index { swap(&a, &m) }
      if b.index > d.index { swap(&b, &d) }
      if b.index > m.index { swap(&b, &m) }
      previous = -1
      emit(a)
      emit(b)
      emit(m)
      emit(d)
    }
    return out
  }
}
