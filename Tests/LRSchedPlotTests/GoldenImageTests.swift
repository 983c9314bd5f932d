import Testing

@testable import LRSchedPlot
import LRSchedTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Scenes built from closed-form curves computed here (no schedule engine), one per feature
/// of the figure description, compared exactly with `Golden/plot-*.png`. The CLI suite adds
/// goldens of real schedules (`Tests/LRSchedCLITests/Golden/`).
@Suite struct GoldenImageTests {
  /// One-cycle cosine, as torch's OneCycleLR with `pct_start=0.3`: lr 0.004 → 0.1 → 4e-7,
  /// momentum 0.95 → 0.85 → 0.95.
  static func oneCycle(_ k: Int, total: Int) -> (lr: Double, momentum: Double) {
    let up = 0.3 * Double(total) - 1
    func cosine(_ a: Double, _ b: Double, _ pct: Double) -> Double { b + (a - b) / 2 * (cos(Double.pi * pct) + 1) }
    let t = Double(k)
    if t <= up { return (cosine(0.004, 0.1, t / up), cosine(0.95, 0.85, t / up)) }
    let pct = (t - up) / (Double(total) - 1 - up)
    return (cosine(0.1, 4e-7, pct), cosine(0.85, 0.95, pct))
  }

  static func line(_ n: Int, _ f: (Int) -> Double) -> [(Double, Double)] { (0..<n).map { (Double($0), f($0)) } }

  static func epochLines(epochs: Int, steps: Int, theme: Theme = .light) -> [VLine] {
    (1..<epochs).map { VLine(x: Double($0 * steps), color: theme.grid, dashed: true) }
  }

  static func twin(_ theme: Theme, width: Int, height: Int, notes: [String] = []) -> Figure {
    let total = 15 * 391
    let lr = Series(label: "learning rate", color: theme.color(0), points: line(total) { oneCycle($0, total: total).lr })
    let mom = Series(label: "momentum", color: theme.color(1), side: .right, points: line(total) { oneCycle($0, total: total).momentum })
    return Figure(
      width: width, height: height, theme: theme, title: "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)",
      panels: [
        Panel(
          x: Axis(label: "step (15 epochs × 391 batches)", range: (0, Double(total)), integer: true),
          left: Axis(label: "learning rate", color: lr.color), right: Axis(label: "momentum", color: mom.color),
          series: [lr, mom], vlines: epochLines(epochs: 15, steps: 391, theme: theme))
      ], notes: notes)
  }

  @Test func onecycleTwinAxes() throws {
    try Golden.assertMatches(Self.twin(.light, width: 1200, height: 800), named: "plot-onecycle-twin")
  }

  @Test func onecycleTwinAxesIsSmallerThanMatplotlibs() throws {
    // matplotlib's savefig writes 79,811 bytes for this figure at 1200×800.
    let bytes = try PNGFile.encode(Self.twin(.light, width: 1200, height: 800).renderRaster())
    #expect(bytes.count < 79_811)
    #expect(bytes[25] == 3, "indexed colour")
  }

  @Test func darkTwinWithNotes() throws {
    let f = Self.twin(.dark, width: 800, height: 500, notes: ["per epoch: OneCycleLR is sized in batches but stepped once per epoch: it uses 15 of 5,865 steps"])
    try Golden.assertMatches(f, named: "plot-dark-twin-notes")
  }

  @Test func stepDecayAsStepsWithLabelledPhases() throws {
    let pts = Self.line(30) { 0.1 * pow(0.1, Double($0 / 10)) }
    let phases = [10.0, 20.0].map { VLine(x: $0, color: Palette.color(2), dashed: true, width: 1.5, label: "×0.1 at epoch \(Int($0))") }
    let f = Figure(
      width: 800, height: 500, title: "StepLR(step_size=10, gamma=0.1)",
      panels: [Panel(x: Axis(label: "epoch", range: (0, 30), integer: true), left: Axis(label: "learning rate"), series: [Series(label: "lr", color: Palette.color(0), drawStyle: .stepsPost, points: pts)], vlines: phases)])
    try Golden.assertMatches(f, named: "plot-step-decay-phases")
  }

  @Test func paramGroupsWithDashes() throws {
    let total = 600
    let scales = [1.0, 0.5, 0.1]
    let series = scales.enumerated().map { i, s in
      Series(label: "lr[\(i)]", color: Palette.color(i), dash: i == 2 ? [8, 5] : nil, points: Self.line(total) { s * Self.oneCycle($0, total: total).lr })
    }
    let f = Figure(width: 800, height: 500, title: "Three param groups", panels: [Panel(x: Axis(label: "optimizer step", range: (0, 600), integer: true), left: Axis(label: "learning rate"), series: series, vlines: Self.epochLines(epochs: 6, steps: 100))])
    try Golden.assertMatches(f, named: "plot-param-groups")
  }

  @Test func eightOverlaysUseThePalette() throws {
    let series = (0..<8).map { i in
      Series(label: "cosine T=\(100 * (i + 1))", color: Palette.color(i), width: 1.5, points: Self.line(801) { 0.05 * (1 + cos(Double.pi * Double($0 % (100 * (i + 1))) / Double(100 * (i + 1)))) })
    }
    let f = Figure(width: 900, height: 560, title: "Eight overlays: cosine restarts with growing periods", panels: [Panel(x: Axis(label: "step", integer: true), left: Axis(label: "learning rate"), series: series)])
    try Golden.assertMatches(f, named: "plot-overlays-palette")
  }

  @Test func logYWithAnnotation() throws {
    let pts = Self.line(200) { 0.1 * pow(0.94, Double($0)) }
    let last = pts.last!
    let f = Figure(
      width: 800, height: 500, title: "ExponentialLR(gamma=0.94), log y",
      panels: [
        Panel(
          x: Axis(label: "epoch", integer: true), left: Axis(label: "learning rate", log: true),
          series: [Series(label: "lr", color: Palette.color(0), points: pts)],
          annotations: [Annotation(x: last.0, y: last.1, text: "ends at 4.5e-7", h: 1, v: .baseline, dot: true), Annotation(x: 20, y: 0.1 * pow(0.94, 20), text: "−6% per epoch", v: .top)])
      ])
    try Golden.assertMatches(f, named: "plot-log-y-annotation")
  }

  @Test func rangeTestOnLogXWithMarkers() throws {
    // A synthetic loss against lr: flat, a dip, then divergence.
    let pts = (0..<300).map { i -> (Double, Double) in
      let lr = 1e-7 * pow(10, 7 * Double(i) / 299)
      let l = log10(lr)
      return (lr, 2.3 - 0.8 / (1 + exp(-(l + 3.5) * 2)) + 0.002 * exp((l + 0.2) * 5) + 0.02 * sin(Double(i)))
    }
    let steepest = pts[170], minimum = pts[235]
    let f = Figure(
      width: 900, height: 560, title: "LR range test: 300 steps, 1e-7 to 1 (exp)",
      panels: [
        Panel(
          x: Axis(label: "learning rate", log: true), left: Axis(label: "loss", range: (1.3, 2.6)),
          series: [Series(label: "loss", color: Color(170, 170, 170), width: 1, points: pts)],
          vlines: [VLine(x: steepest.0, color: Palette.color(1), dashed: true, width: 1.5, label: "suggested")],
          markers: [
            Marker(x: steepest.0, y: steepest.1, color: Palette.color(1), label: "steepest gradient"),
            Marker(x: minimum.0, y: minimum.1, color: Palette.color(2), label: "minimum"),
          ])
      ])
    try Golden.assertMatches(f, named: "plot-range-test-log-x")
  }

  @Test func stackedPanels() throws {
    let total = 1000
    let lr = Series(label: "lr", color: Palette.color(0), points: Self.line(total) { Self.oneCycle($0, total: total).lr })
    let mom = Series(label: "momentum", color: Palette.color(1), points: Self.line(total) { Self.oneCycle($0, total: total).momentum })
    let wd = Series(label: "weight decay", color: Palette.color(2), drawStyle: .stepsPost, points: Self.line(total) { $0 < 500 ? 5e-4 : 1e-4 })
    let x = Axis(label: "optimizer step", range: (0, 1000), integer: true)
    let f = Figure(
      width: 800, height: 700, title: "Three panels, shared x",
      panels: [Panel(x: x, left: Axis(label: "lr"), series: [lr]), Panel(x: x, left: Axis(label: "momentum"), series: [mom]), Panel(x: x, left: Axis(label: "weight decay"), series: [wd])])
    try Golden.assertMatches(f, named: "plot-stacked-panels")
  }

  @Test func tenMillionPointsThroughTheReducer() throws {
    let n = 10_000_000
    var r = ColumnReducer(lower: 0, upper: Double(n), columns: 800)
    var state: UInt64 = 7
    for k in 0..<n {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let noise = k % 1_000_000 == 500_000 ? 0.05 : Double(state >> 40) / Double(1 << 24) * 0.004
      r.add(Double(k), 0.05 * (1 + cos(Double.pi * Double(k % 2_500_000) / 2_500_000)) + noise)
    }
    let f = Figure(width: 800, height: 500, title: "10,000,000 points (min/max per pixel column): noise, spikes, restarts", panels: [Panel(x: Axis(label: "step", range: (0, Double(n)), integer: true), left: Axis(label: "learning rate"), series: [Series(label: "lr", color: Palette.color(0), width: 1, points: r.points)])])
    try Golden.assertMatches(f, named: "plot-ten-million-points")
  }

  @Test func fixedRangeCutsTheSpike() throws {
    let pts = Self.line(101) { $0 == 50 ? 5 : 0.5 + 0.3 * sin(Double($0) / 8) }
    let f = Figure(width: 600, height: 400, title: "Fixed y range: the spike is cut at the frame", panels: [Panel(x: Axis(label: "step", integer: true), left: Axis(label: "loss", range: (0, 1)), series: [Series(label: "loss", color: Palette.color(3), points: pts)])])
    try Golden.assertMatches(f, named: "plot-fixed-range-clip")
  }

  @Test func logRightAxis() throws {
    let lr = Series(label: "lr", color: Palette.color(0), points: Self.line(100) { 0.1 * pow(0.9, Double($0)) })
    let loss = Series(label: "loss", color: Palette.color(2), side: .right, points: Self.line(100) { 2.3 * exp(-Double($0) / 30) + 0.1 })
    let f = Figure(width: 800, height: 500, title: "Loss on a log right axis", panels: [Panel(x: Axis(label: "epoch", integer: true), left: Axis(label: "learning rate", color: lr.color), right: Axis(label: "loss", log: true, color: loss.color), series: [lr, loss])])
    try Golden.assertMatches(f, named: "plot-log-right-axis")
  }

  @Test func smallestFigure() throws {
    let f = Figure(width: 200, height: 150, title: "cosine", panels: [Panel(x: Axis(label: "step", integer: true), left: Axis(label: "lr"), series: [Series(label: "lr", color: Palette.color(0), points: Self.line(50) { 0.05 * (1 + cos(Double.pi * Double($0) / 49)) })], legend: false)])
    try Golden.assertMatches(f, named: "plot-smallest")
  }

  @Test func longTitleWrapsOnThreeLines() throws {
    let title = "SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=500), CosineAnnealingLR(T_max=4500, eta_min=1e-5)], milestones=[500])  ·  AdamW(lr=0.001, weight_decay=0.05), 10 epochs × 500 steps, stepped per batch"
    let pts = Self.line(5000) { k in k < 500 ? 0.001 * (0.01 + 0.99 * Double(k) / 500) : 1e-5 + (0.001 - 1e-5) / 2 * (1 + cos(Double.pi * Double(k - 500) / 4500)) }
    let f = Figure(width: 700, height: 450, title: title, panels: [Panel(x: Axis(label: "optimizer step", range: (0, 5000), integer: true), left: Axis(label: "learning rate"), series: [Series(label: "lr", color: Palette.color(0), points: pts)], vlines: [VLine(x: 500, color: Palette.color(4), dashed: true, label: "warmup end")])])
    try Golden.assertMatches(f, named: "plot-long-title")
  }

  @Test func svgOfTheTwinFigureMatchesItsGolden() throws {
    let svg = Self.twin(.light, width: 1200, height: 800).renderSVG(metadata: [("spec", "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)")])
    let path = Golden.directory + "/plot-onecycle-twin.svg"
    if GoldenImages.recording {
      #expect(writeFile(path, svg), "cannot write \(path)")
      return
    }
    let expected = readFile(path)
    #expect(expected == svg, "SVG differs from \(path); re-record with LRSCHED_RECORD=1")
  }
}
