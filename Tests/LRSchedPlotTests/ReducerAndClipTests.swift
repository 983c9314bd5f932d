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
