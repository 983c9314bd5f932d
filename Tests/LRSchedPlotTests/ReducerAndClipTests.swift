import Testing

@testable import LRSchedPlot

/// The M4 column reducer and line clipping, without pixels.
@Suite struct ReducerAndClipTests {
  /// A deterministic wiggly series: a slow sine plus LCG noise.
  struct Wiggle: Sequence, IteratorProtocol {
    var i = 0
    let n: Int
    var state: UInt64 = 42
    mutating func next() -> (Double, Double)? {
      guard i < n else { return nil }
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let noise = Double(state >> 40) / Double(1 << 24) - 0.5
      defer { i += 1 }
      return (Double(i), (Double(i) / 5000).squareRoot() + 0.1 * noise)
    }
  }

  @Test func reducedPointsAreAnInOrderSubsetOfTheInput() {
    let n = 200_000
    var r = ColumnReducer(lower: 0, upper: Double(n), columns: 300)
    for (x, y) in Wiggle(n: n) { r.add(x, y) }
    let kept = r.points
    #expect(kept.count <= 4 * 300)
    #expect(kept.count >= 2 * 300)
    // Walk the input again: every kept point must be found, in order.
    var k = 0
    for (x, y) in Wiggle(n: n) where k < kept.count && kept[k] == (x, y) { k += 1 }
    #expect(k == kept.count)
    var first = Wiggle(n: n)
    #expect(kept.first! == first.next()!)
    #expect(kept.last! == (Double(n - 1), Wiggle(n: n).reduce(nil as (Double, Double)?) { $1 }!.1))
  }

  /// `add(xs:ys:)` in blocks of any size keeps exactly what one `add` per point keeps: the same
  /// points, minimum, maximum and count, also with NaN, infinities, x outside the range and a
  /// series short enough to be kept whole.
  @Test(arguments: [10, 1_000, 200_000])
  func blocksEqualOnePointAtATime(_ n: Int) {
    var points = Array(Wiggle(n: n))
    for i in stride(from: 7, to: n, by: 97) { points[i].1 = [Double.nan, .infinity, -.infinity][i % 3] }
    if n > 20 {
      points[3].0 = -5
      points[n - 2].0 = Double(n) * 3
    }
    var one = ColumnReducer(lower: 0, upper: Double(n), columns: 300)
    for (x, y) in points { one.add(x, y) }
    for sizes in [[1], [1024], [5, 1, 333, 2048]] {
      var blocks = ColumnReducer(lower: 0, upper: Double(n), columns: 300)
      var at = 0
      var s = 0
      while at < n {
        let m = min(sizes[s % sizes.count], n - at)
        let xs = points[at..<at + m].map(\.0)
        let ys = points[at..<at + m].map(\.1)
        xs.withUnsafeBufferPointer { x in ys.withUnsafeBufferPointer { y in blocks.add(xs: x, ys: y) } }
        at += m
        s += 1
      }
      let a = one.points, b = blocks.points
      #expect(a.count == b.count)
      #expect(zip(a, b).allSatisfy { $0.0.bitPattern == $1.0.bitPattern && $0.1.bitPattern == $1.1.bitPattern })
      #expect(blocks.count == one.count && blocks.minimum == one.minimum && blocks.maximum == one.maximum)
    }
  }

  /// The reducer (which skips the column division for points inside a range it has checked)
  /// keeps exactly the points of a plain M4 written here, which divides for every point: x on
  /// column edges, fractional x (epochs), ranges not starting at 0, a narrow range, x that
  /// goes back, NaN and infinite x.
  @Test(arguments: 0..<6)
  func keepsWhatAPlainM4Keeps(_ variant: Int) {
    let columns = 97
    var lower = 0.0, upper = 10_000.0
    var xs = (0..<10_000).map(Double.init)
    switch variant {
    case 1: xs = xs.map { $0 / 391 }; upper = 10_000 / 391
    case 2: lower = -3.7; upper = 0.1; xs = (0..<10_000).map { -3.7 + Double($0) * 3.8 / 9_999 }
    case 3: lower = 1e7; upper = 1e7 + 1e-4; xs = (0..<5_000).map { 1e7 + Double($0) * 2e-8 }
    case 4: xs = xs.map { Double((Int($0) * 7_919) % 10_000) }
    case 5: xs[100] = .nan; xs[2_000] = .infinity; xs[2_001] = -.infinity; xs[9_000] = 20_000; xs[9_001] = -5
    default: break
    }
    let ys = xs.indices.map { Double(($0 * 7_919) % 1_000) / 1_000 + Double($0 % 3_000) / 500 }
    var r = ColumnReducer(lower: lower, upper: upper, columns: columns)
    for i in xs.indices { r.add(xs[i], ys[i]) }
    // Plain M4: per column first, min, max, last (NaN never replaces a finite extreme).
    func column(_ x: Double) -> Int {
      guard upper > lower, x.isFinite else { return 0 }
      let t = (x - lower) / (upper - lower) * Double(columns)
      if !(t > 0) { return 0 }
      return t >= Double(columns - 1) ? columns - 1 : Int(t)
    }
    var first = [Int?](repeating: nil, count: columns), last = first, lo = first, hi = first
    for i in xs.indices {
      let c = column(xs[i])
      if first[c] == nil { (first[c], lo[c], hi[c]) = (i, i, i) }
      last[c] = i
      if ys[i] < ys[lo[c]!] { lo[c] = i }
      if ys[i] > ys[hi[c]!] { hi[c] = i }
    }
    var expected: [(Double, Double)] = []
    for c in 0..<columns where first[c] != nil {
      for i in Set([first[c]!, lo[c]!, hi[c]!, last[c]!]).sorted() { expected.append((xs[i], ys[i])) }
    }
    let got = r.points
    #expect(got.count == expected.count)
    #expect(zip(got, expected).allSatisfy { $0.0.bitPattern == $1.0.bitPattern && $0.1 == $1.1 })
  }

  @Test func everyColumnKeepsItsExtremes() {
    let n = 100_000
    var r = ColumnReducer(lower: 0, upper: Double(n), columns: 50)
    var minPer = [Double](repeating: .infinity, count: 50), maxPer = [Double](repeating: -.infinity, count: 50)
    for (x, y) in Wiggle(n: n) {
      r.add(x, y)
      let c = Int(x) * 50 / n
      minPer[c] = min(minPer[c], y)
      maxPer[c] = max(maxPer[c], y)
    }
    for c in 0..<50 {
      let ys = r.points.filter { Int($0.0) * 50 / n == c }.map(\.1)
      #expect(ys.min() == minPer[c] && ys.max() == maxPer[c], "column \(c)")
    }
  }

  @Test func aSteadySlopeStaysOnTheLineInsteadOfAStaircase() {
    // y = 2x: every kept point is on the line, and consecutive points are at most two columns apart.
    var r = ColumnReducer(lower: 0, upper: 1_000_000, columns: 100)
    for i in 0..<1_000_000 { r.add(Double(i), 2 * Double(i)) }
    let pts = r.points
    #expect(pts.allSatisfy { $0.1 == 2 * $0.0 })
    for i in 1..<pts.count { #expect(pts[i].0 - pts[i - 1].0 <= 20_000) }
  }

  @Test func nanValuesNeverHideFiniteExtremes() {
    var r = ColumnReducer(lower: 0, upper: 100, columns: 1)
    for i in 0..<100 { r.add(Double(i), i % 3 == 0 ? .nan : Double(i)) }
    let finite = r.points.map(\.1).filter { $0.isFinite }
    #expect(finite.min() == 1)
    #expect(finite.max() == 98)
    #expect(r.minimum == 1 && r.maximum == 98)
  }

  @Test func outOfRangeAndDegenerateInputDoesNotTrap() {
    var r = ColumnReducer(lower: 5, upper: 5, columns: 0)
    for i in 0..<100 { r.add(Double(i) - 50, Double(i)) }
    r.add(.infinity, 1)
    r.add(.nan, .nan)
    #expect(r.count == 102)
    #expect(!r.points.isEmpty)
  }

  @Test func clippingCutsSegmentsAtTheFrame() {
    let rect = PixelRect(minX: 0, minY: 0, maxX: 10, maxY: 10)
    let t = Clip.segment((-5, 5), (15, 5), in: rect)!
    #expect(t.0 == 0.25 && t.1 == 0.75)
    #expect(Clip.segment((-5, -5), (-1, 20), in: rect) == nil)
    // Leaving through the top and coming back gives two pieces, cut exactly at y = 0.
    let pieces = Clip.polyline([(1, 5), (3, -5), (5, 5)], in: rect)
    #expect(pieces.count == 2)
    #expect(pieces[0].last! == (2, 0))
    #expect(pieces[1].first! == (4, 0))
    #expect(abs(Clip.lengthInside([(-100, 5), (100, 5)], rect) - 10) < 1e-9)
    #expect(Clip.lengthInside([(-100, 50), (100, 50)], rect) == 0)
  }

  @Test func stepsPostHoldsEachValueUntilTheNextPoint() {
    let s = Series(label: "lr", color: Palette.color(0), drawStyle: .stepsPost, points: [(0, 1), (1, 2), (2, 3)])
    let expected: [(Double, Double)] = [(0, 1), (1, 1), (1, 2), (2, 2), (2, 3), (3, 3)]
    #expect(s.polyline.count == expected.count)
    #expect(zip(s.polyline, expected).allSatisfy { $0 == $1 })
    #expect(Series(label: "", color: Palette.color(0), points: [(0, 1), (1, 2)]).polyline.count == 2)
  }
}
