import Testing

@testable import LRSchedPlot

/// A renderer that records what the layout asks for (plotters' `MockedBackend` idea).
struct RecordingRenderer: Renderer {
  struct TextCall {
    var text: String
    var x: Int
    var y: Int
    var color: Color
    var rotated: Bool
  }
  var texts: [TextCall] = []
  var polylines: [[(Double, Double)]] = []
  var circles: [(Double, Double)] = []

  mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: Color) {}
  mutating func polyline(_ points: [(Double, Double)], color: Color, width: Double, dash: [Double]?) { polylines.append(points) }
  mutating func text(_ s: String, x: Int, y: Int, font: Font, color: Color, h: Double, v: TextVAlign, rotated: Bool) {
    texts.append(TextCall(text: s, x: x, y: y, color: color, rotated: rotated))
  }
  mutating func circle(x: Double, y: Double, radius: Double, color: Color) { circles.append((x, y)) }
}

/// Layout decisions: wrapping, legend placement, annotations, degenerate figures.
@Suite struct LayoutTests {
  func record(_ f: Figure) -> RecordingRenderer {
    var r = RecordingRenderer()
    ChartLayout.draw(f, on: &r)
    return r
  }

  @Test func wrappingKeepsBracketsWholeAndBalancesLines() {
    let title = "StepLRScheduler(decay_t=10, decay_rate=0.5, noise_range_t=[5, 35], noise_pct=0.3)  ·  SGD(lr=0.1), 40 epochs"
    let maxWidth = Font.title.width(title) * 2 / 3
    let lines = Font.title.wrap(title, maxWidth: maxWidth)
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { Font.title.width($0) <= maxWidth })
    #expect(!lines.contains { $0.contains("[5,") && !$0.contains("35]") })
    // Balanced: the two lines differ in width by less than a third of the longer one.
    let w = lines.map { Font.title.width($0) }
    #expect(abs(w[0] - w[1]) < max(w[0], w[1]) / 3)
  }

  @Test func separatorsNeverStartOrEndALine() {
    for width in stride(from: 300, through: 900, by: 25) {
      let lines = Font.title.wrap("CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=100)  ·  SGD(lr=0.1, momentum=0.9), 8 epochs", maxWidth: width)
      #expect(!lines.contains { $0.hasPrefix("·") || $0.hasSuffix("·") }, "\(width): \(lines)")
    }
  }

  @Test func legendGoesWhereTheCurveIsNot() {
    // A curve from lower left to upper right: matplotlib's 'best' picks the upper left.
    let pts = (0...100).map { (Double($0), Double($0)) }
    let f = Figure(width: 600, height: 400, panels: [Panel(x: Axis(label: "x"), left: Axis(label: "y"), series: [Series(label: "rising", color: Palette.color(0), points: pts)])])
    let r = record(f)
    let label = r.texts.first { $0.text == "rising" }!
    #expect(label.x < 300 && label.y < 200)
    // Falling: the upper right is free and comes first.
    let g = Figure(width: 600, height: 400, panels: [Panel(x: Axis(label: "x"), left: Axis(label: "y"), series: [Series(label: "falling", color: Palette.color(0), points: pts.map { ($0.0, -$0.1) })])])
    let t = record(g).texts.first { $0.text == "falling" }!
    #expect(t.x > 300 && t.y < 200)
  }

  @Test func annotationsStayInsideThePlot() {
    let frame = PixelRect(minX: 100, minY: 50, maxX: 500, maxY: 350)
    let a = Annotation(x: 0, y: 0, text: "uses 15 of 5,865 steps (0.26%)")
    for p in [(499.0, 51.0), (101.0, 349.0), (300.0, 200.0), (-50.0, 1000.0)] {
      let b = PanelDrawing.annotationBox(a, at: p, inside: frame)
      #expect(b.minX >= frame.minX && b.maxX <= frame.maxX && b.minY >= frame.minY && b.maxY <= frame.maxY)
    }
  }

  @Test func linesLeavingAFixedRangeAreCutNotFlattened() {
    let f = Figure(
      width: 400, height: 300,
      panels: [
        Panel(x: Axis(label: "x"), left: Axis(label: "y", range: (0, 1)), series: [Series(label: "", color: Palette.color(0), points: [(0, 0.5), (1, 5), (2, 0.5)])])
      ])
    let r = record(f)
    // One polyline per visible piece: the spike leaves the frame and comes back.
    let pieces = r.polylines.filter { $0.count >= 2 && $0.first!.0 != $0.last!.0 }
    #expect(pieces.count == 2)
  }

  @Test func degenerateFiguresRenderWithoutTrapping() {
    let nan = Series(label: "nan", color: Palette.color(0), points: [(.nan, .nan), (1, .infinity)])
    let figures = [
      Figure(width: 0, height: 0, panels: []),
      Figure(width: -5, height: 100_000, panels: []),
      Figure(width: 300, height: 200, title: String(repeating: "W", count: 400), panels: [Panel(x: Axis(label: ""), left: Axis(label: ""), series: [])]),
      Figure(width: 300, height: 200, panels: [Panel(x: Axis(label: "x", log: true), left: Axis(label: "y", log: true), series: [nan])]),
      Figure(width: 300, height: 200, panels: [Panel(x: Axis(label: "x"), left: Axis(label: "y"), series: [Series(label: "flat", color: Palette.color(1), points: [(3, 0), (3, 0)])])]),
      Figure(width: 64, height: 48, panels: Array(repeating: Panel(x: Axis(label: "x"), left: Axis(label: "y"), series: [nan]), count: 5)),
    ]
    for f in figures {
      let c = f.renderRaster()
      #expect(c.width <= Canvas.maxSide && c.height <= Canvas.maxSide)
      #expect(f.renderSVG().hasSuffix("</svg>\n"))
    }
  }

  @Test func twinAxesTakeTheirSeriesColours() {
    let lr = Series(label: "lr", color: Palette.color(0), points: [(0, 0.1), (10, 0.0)])
    let mom = Series(label: "momentum", color: Palette.color(1), side: .right, points: [(0, 0.85), (10, 0.95)])
    let f = Figure(
      width: 800, height: 500,
      panels: [Panel(x: Axis(label: "step"), left: Axis(label: "learning rate", color: lr.color), right: Axis(label: "momentum", color: mom.color), series: [lr, mom])])
    let r = record(f)
    let right = r.texts.filter { $0.text == "momentum" && $0.rotated }
    #expect(right.count == 1 && right[0].color == Palette.color(1) && right[0].x > 700)
    #expect(r.texts.contains { $0.text == "0.90" && $0.color == Palette.color(1) })
    #expect(r.texts.contains { $0.text == "0.10" && $0.color == Palette.color(0) })
  }
}
