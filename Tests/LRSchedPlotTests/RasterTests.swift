import Testing

@testable import LRSchedPlot

/// The rasteriser on tiny canvases.
@Suite struct RasterTests {
  let white = Color(255, 255, 255)
  let black = Color(0, 0, 0)

  @Test func horizontalLineCoversItsRowsOnly() {
    var c = Canvas(width: 10, height: 6, background: white)
    c.polyline([(1, 3), (9, 3)], color: black, width: 2)
    // A 2-px line centred on y = 3 covers rows 2 and 3 fully, and nothing two rows away.
    #expect(c.pixel(5, 2) == black)
    #expect(c.pixel(5, 3) == black)
    #expect(c.pixel(5, 0) == white)
    #expect(c.pixel(5, 5) == white)
  }

  @Test func diagonalLinesAreAntiAliased() {
    var c = Canvas(width: 12, height: 12, background: white)
    c.polyline([(1, 1), (11, 7)], color: black, width: 1)
    var partial = 0
    for y in 0..<12 { for x in 0..<12 where c.pixel(x, y) != white && c.pixel(x, y) != black { partial += 1 } }
    #expect(partial > 5)
  }

  @Test func jointsDoNotDarkenTwice() {
    var c = Canvas(width: 20, height: 20, background: white)
    c.polyline([(2, 10), (10, 10), (18, 10)], color: Color(0, 0, 255), width: 1)
    // Coverage is combined with max per shape: the joint at (10, 10) isn't darker than the line.
    #expect(c.pixel(10, 9) == c.pixel(6, 9))
  }

  @Test func coverageIsQuantisedToSixteenLevels() {
    var c = Canvas(width: 40, height: 40, background: white)
    c.polyline([(1, 1), (39, 27)], color: black, width: 1.5)
    var greys = Set<UInt8>()
    for y in 0..<40 { for x in 0..<40 { greys.insert(c.pixel(x, y).r) } }
    #expect(greys.count <= 16)
  }

  @Test func dashesLeaveGaps() {
    var c = Canvas(width: 40, height: 5, background: white)
    c.polyline([(0, 2.5), (40, 2.5)], color: black, width: 1, dash: [5, 5])
    #expect(c.pixel(2, 2) != white)
    #expect(c.pixel(7, 2) == white)
    #expect(c.pixel(12, 2) != white)
  }

  @Test func textDrawsGlyphsAndMeasuresWidth() {
    var c = Canvas(width: 60, height: 20, background: white)
    c.text("lr", x: 2, y: 2, font: .small, color: black)
    var inked = 0
    for y in 0..<20 { for x in 0..<60 where c.pixel(x, y) != white { inked += 1 } }
    #expect(inked > 10)
    #expect(Font.small.width("lr") > 4 && Font.small.width("lr") < 20)
    #expect(Font.small.width("learning rate") > Font.small.width("lr"))
  }

  @Test func wrapBreaksLongTitlesAtSpacesAndCommas() {
    let lines = Font.title.wrap("OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391, anneal_strategy='linear')", maxWidth: 300)
    #expect(lines.count > 1)
    #expect(lines.allSatisfy { Font.title.width($0) <= 300 || !$0.contains(" ") })
    #expect(lines.joined(separator: " ").replacingSpaces() == "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391, anneal_strategy='linear')".replacingSpaces())
  }

  @Test func columnReducerKeepsExtremesInBoundedMemory() {
    var r = ColumnReducer(lower: 0, upper: 1_000_000, columns: 100)
    for i in 0..<1_000_000 {
      let y = i == 123_456 ? 10.0 : Double(i % 1000) / 1000
      r.add(Double(i), y)
    }
    let pts = r.points
    #expect(pts.count <= 400)
    #expect(pts.map(\.1).max() == 10)
    #expect(pts.map(\.1).min() == 0)
    #expect(r.count == 1_000_000)
  }

  @Test func shortSeriesAreKeptWhole() {
    var r = ColumnReducer(lower: 0, upper: 10, columns: 100)
    for i in 0..<10 { r.add(Double(i), Double(i * i)) }
    #expect(r.points.count == 10)
    #expect(r.points[3].1 == 9)
  }
}

extension String {
  func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
