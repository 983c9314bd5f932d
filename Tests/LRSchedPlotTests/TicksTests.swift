import Testing

@testable import LRSchedPlot

/// Scales, ticks and labels without pixels.
@Suite struct TicksTests {
  @Test func niceStepsAreOneTwoTwoPointFiveOrFiveTimesAPowerOfTen() {
    #expect(Ticks.linear(lower: 0, upper: 0.1, maxCount: 6).values == [0, 0.02, 0.04, 0.06, 0.08, 0.1].map { $0 })
    #expect(Ticks.linear(lower: 0, upper: 5865, maxCount: 7).step == 1000)
    #expect(Ticks.linear(lower: 0, upper: 1, maxCount: 5).step == 0.25)
    #expect(Ticks.linear(lower: 0.85, upper: 0.95, maxCount: 6).step == 0.02)
    #expect(Ticks.linear(lower: -0.005, upper: 0.105, maxCount: 6).values.first == 0)
  }

  @Test func integerAxesNeverGetFractionalTicks() {
    let (v, step) = Ticks.linear(lower: 0, upper: 20, maxCount: 9, integer: true)
    #expect(step == 5 || step == 2)
    #expect(v.allSatisfy { $0 == $0.rounded() })
    #expect(Ticks.linear(lower: 0, upper: 3, maxCount: 11, integer: true).step == 1)
  }

  @Test func tickValuesCarryNoFloatNoise() {
    let (v, step) = Ticks.linear(lower: 0, upper: 0.3, maxCount: 4)
    #expect(TickFormat.labels(v, step: step) == ["0.0", "0.1", "0.2", "0.3"])
  }

  @Test func labelsUseJustTheDigitsTheStepNeeds() {
    #expect(TickFormat.labels([0, 0.25, 0.5, 0.75, 1], step: 0.25) == ["0.00", "0.25", "0.50", "0.75", "1.00"])
    #expect(TickFormat.labels([0, 1000, 2000], step: 1000) == ["0", "1000", "2000"])
    #expect(TickFormat.labels([0.85, 0.9, 0.95], step: 0.05) == ["0.85", "0.90", "0.95"])
  }

  @Test func tinyOrHugeValuesSwitchToScientific() {
    #expect(TickFormat.labels([0, 0.0001, 0.0002], step: 0.0001) == ["0", "1e-4", "2e-4"])
    #expect(TickFormat.labels([0, 2.5e-5, 5e-5], step: 2.5e-5) == ["0", "2.5e-5", "5e-5"])
    #expect(TickFormat.labels([0, 5e6, 1e7], step: 5e6) == ["0", "5e6", "1e7"])
    #expect(TickFormat.labels([0.001, 0.002], step: 0.001) == ["0.001", "0.002"])
  }

  @Test func negativeLabelsUseTheMinusSign() {
    #expect(TickFormat.labels([-1, 0, 1], step: 1) == ["−1", "0", "1"])
  }

  @Test func logTicksAreDecades() {
    #expect(Ticks.log(lower: 1e-7, upper: 1, maxCount: 10) == [1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1].map { $0 })
    // Inside [0.001, 10⁴] plain numbers; otherwise powers of ten for every tick, never mixed.
    #expect(TickFormat.logLabels([0.001, 0.01, 1, 100]) == ["0.001", "0.01", "1", "100"])
    #expect(TickFormat.logLabels([1e-4, 0.01, 1, 100]) == ["10⁻⁴", "10⁻²", "10⁰", "10²"])
    #expect(TickFormat.logLabels([1e-7, 2e-7, 5e-7]) == ["10⁻⁷", "2×10⁻⁷", "5×10⁻⁷"])
    #expect(TickFormat.superscript(-12) == "⁻¹²")
    // Few decades: 1-2-5 subdivisions.
    #expect(Ticks.log(lower: 0.03, upper: 0.4, maxCount: 10) == [0.05, 0.1, 0.2].map { $0 })
  }

  @Test func scalesMapEndsAndMiddles() {
    let s = Scale(lower: 0, upper: 10, start: 100, end: 200)
    #expect(s.map(0) == 100)
    #expect(s.map(5) == 150)
    #expect(s.map(10) == 200)
    let y = Scale(lower: 1e-4, upper: 1, log: true, start: 500, end: 100)
    #expect(abs(y.map(1e-2) - 300) < 1e-9)
  }

  @Test func autoRangeAddsMatplotlibsFivePercent() {
    let (lo, hi) = Scale.autoRange(min: 0, max: 0.1, log: false)
    #expect(abs(lo + 0.005) < 1e-15)
    #expect(abs(hi - 0.105) < 1e-15)
    let flat = Scale.autoRange(min: 0.9, max: 0.9, log: false)
    #expect(flat.0 < 0.9 && flat.1 > 0.9)
  }

  @Test func shortAxesStillGetThreeOrMoreTicks() {
    // A 170-px panel over momentum 0.85…0.95 (with margins) gets the ticks matplotlib puts on
    // its momentum twin axis (shared/docs/matplotlib-onecycle.png), not just "0.9".
    let t = ChartLayout.ticks(for: Axis(label: "m"), dataMin: 0.85, dataMax: 0.95, start: 170, end: 0, pixels: 170)
    #expect(t.labels == ["0.86", "0.88", "0.90", "0.92", "0.94"])
    // Even a 60-px axis keeps two labelled ticks.
    #expect(ChartLayout.ticks(for: Axis(label: "lr"), dataMin: 0, dataMax: 0.1, start: 60, end: 0, pixels: 60).values.count >= 2)
  }

  @Test func horizontalTickLabelsNeverTouch() {
    // Wide labels on a narrow axis: fewer ticks rather than overlapping text.
    for pixels in stride(from: 120.0, through: 900, by: 60) {
      let t = ChartLayout.ticks(
        for: Axis(label: "step", integer: true), dataMin: 0, dataMax: 9_876_543, start: 0, end: pixels,
        pixels: pixels, exact: true, horizontal: true)
      #expect(ChartLayout.labelsFit(t, horizontal: true), "\(pixels) px: \(t.labels)")
      #expect(t.values.count >= 2)
    }
  }

  @Test func fixedRangesThatCannotWorkFallBackToTheData() {
    // An inverted or non-positive log range is ignored rather than producing no ticks.
    let t = ChartLayout.ticks(for: Axis(label: "lr", log: true, range: (0, 1)), dataMin: 1e-4, dataMax: 0.1, start: 400, end: 0, pixels: 400)
    #expect(!t.values.isEmpty)
    #expect(t.values.allSatisfy { $0 > 0 })
  }
}
