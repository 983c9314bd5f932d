import LRSchedBench
import LRSchedPlot

/// Figures for `find-lr -o` and `bench --plot`.
public enum BenchCharts {
  /// Loss against lr on a log axis, raw and smoothed (the runs' pointwise medians), with the
  /// suggestions marked.
  public static func rangeTest(_ r: LRRangeTest.Result, _ c: LRRangeTest.Config) -> Figure {
    var series: [Series] = []
    let raw = zip(r.lrs, r.losses).map { ($0, $1) }
    let smooth = zip(r.lrs, r.smoothed).map { ($0, $1) }
    series.append(Series(label: "loss", color: Color(170, 170, 170), width: 1, points: raw))
    series.append(Series(label: "smoothed loss", color: Palette.color(0), width: 2, points: smooth))
    var markers: [Marker] = []
    let s = r.suggestions
    func mark(_ idx: Int?, _ name: String, _ color: Color, note: String = "") {
      guard let idx, idx < r.lrs.count else { return }
      markers.append(Marker(x: r.lrs[idx], y: r.smoothed[idx], color: color, label: name + " " + sci(r.lrs[idx]) + note))
    }
    mark(s.steepest, "steepest", Palette.color(1))
    // The marker sits at the minimum itself; the suggestion is a tenth of its lr.
    mark(s.minimum, "minimum", Palette.color(2), note: s.minimumLR.map { ", /10 = " + sci($0) } ?? "")
    mark(s.valley, "valley", Palette.color(3))
    mark(s.slide, "slide", Palette.color(4))
    var vlines: [VLine] = []
    if let lr = s.suggested {
      vlines.append(VLine(x: lr, color: Palette.color(5), dashed: true, width: 1.5, label: "recommended"))
    }
    // The y range follows the smoothed loss inside the suggestion window (as torch-lr-finder
    // trims the ends), so the divergence at the end doesn't flatten the interesting part.
    let window = s.window.clamped(to: 0..<max(1, r.smoothed.count))
    let inWindow = window.isEmpty ? r.smoothed : Array(r.smoothed[window])
    var yRange: (Double, Double)?
    if let lo = inWindow.min(), let hi = inWindow.max(), hi > lo {
      let pad = (hi - lo) * 0.15
      yRange = (lo - pad, hi + pad * 2)
    }
    let panel = Panel(
      x: Axis(label: "learning rate", log: c.mode == .exp), left: Axis(label: "loss", range: yRange), series: series,
      vlines: vlines, markers: markers)
    let title = "LR range test: \(c.steps) steps, \(sci(c.start)) to \(sci(c.end)) (\(c.mode.rawValue))"
      + (r.runs.count > 1 ? ", median of \(r.runs.count) runs" : "")
      + (s.suggested.map { ", recommended max lr \(sci($0))" } ?? "")
    return Figure(width: 1200, height: 800, title: title, panels: [panel])
  }

  /// `find-lr --verify -o`: a second panel, test accuracy (0–1, NaN when a run diverged) against
  /// OneCycleLR's max lr, the recommendation as a dashed line.
  public static func addSweep(to figure: inout Figure, points: [(Double, Double)], recommended: Double?, epochs: Int) {
    var vlines: [VLine] = []
    if let recommended { vlines.append(VLine(x: recommended, color: Palette.color(5), dashed: true, width: 1.5)) }
    let panel = Panel(
      x: Axis(label: "OneCycleLR max lr (\(epochs) epochs)", log: true), left: Axis(label: "test accuracy (%)"),
      series: [
        Series(
          label: "test accuracy", color: Palette.color(0), width: 2,
          points: points.filter { !$0.1.isNaN }.map { ($0.0, $0.1 * 100) })
      ], vlines: vlines)
    figure.panels.append(panel)
    figure.height = 1300
  }

  /// Per-epoch phase times (stacked as cumulative lines) beside loss and lr.
  /// `data`: how the data is named in the title (`synthetic data` when no cache was found).
  public static func bench(_ run: BenchRun, sched: String, data: String? = nil) -> Figure {
    let e = run.epochs
    func line(_ label: String, _ color: Int, _ value: (EpochRecord) -> Double) -> Series {
      Series(label: label, color: Palette.color(color), points: e.map { (Double($0.epoch + 1), value($0) * 1e3) })
    }
    let times = Panel(
      x: Axis(label: "epoch", integer: true), left: Axis(label: "time per epoch (ms), stacked"),
      series: [
        line("load", 0) { $0.tLoad },
        line("+ forward", 1) { $0.tLoad + $0.tFwd },
        line("+ backward", 2) { $0.tLoad + $0.tFwd + $0.tBwd },
        line("+ optimizer", 3) { $0.tLoad + $0.tFwd + $0.tBwd + $0.tOpt },
        line("+ scheduler (= t_ep)", 7) { $0.tLoad + $0.tFwd + $0.tBwd + $0.tOpt + $0.tSch },
      ])
    let steps = max(1, run.lrs.count)
    let perEpoch = Double(steps) / Double(max(1, e.count))
    var reducer = ColumnReducer(lower: 0, upper: Double(e.count), columns: 1000)
    for (i, lr) in run.lrs.enumerated() { reducer.add(Double(i) / perEpoch, lr) }
    let loss = Panel(
      x: Axis(label: "epoch", integer: true), left: Axis(label: "train loss", color: Palette.color(0)),
      right: Axis(label: "learning rate", color: Palette.color(1)),
      series: [
        Series(label: "train loss", color: Palette.color(0), points: e.map { (Double($0.epoch + 1), $0.trainLoss) }),
        Series(label: "lr", color: Palette.color(1), side: .right, points: reducer.points),
      ])
    return Figure(width: 1200, height: 900, title: "lrsched bench: \(sched), \(run.trainCount) images" + (data.map { " of \($0)" } ?? ""), panels: [times, loss])
  }

  static func sci(_ v: Double) -> String {
    TickFormat.scientific(v, step: v / 100)
  }
}
