import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// Chart policy for schedules: which runs a chart draws, how their values stream into
/// per-pixel-column reducers, which fields get an axis, colours, dashes, epoch lines and the
/// title. The command parses options and builds the runs; this turns them into a `Figure`.
public enum ScheduleChart {
  /// A run the chart needs: these specs (nil: all of them, as already resolved) on one
  /// optimizer, stepped as `stepOn` says (nil: as the command line says), labelled in the
  /// legend with `label`.
  public struct Request: Sendable {
    public var specs: [String]?
    public var stepOn: StepOn?
    public var label: String
  }

  /// A built run beside its plan and legend label.
  public struct Input {
    public var plan: ResolvedPlan
    public var run: ScheduleRun
    public var label: String

    public init(plan: ResolvedPlan, run: ScheduleRun, label: String) {
      self.plan = plan
      self.run = run
      self.label = label
    }
  }

  /// The figure and the warnings to print (a run that raised and stopped early).
  public struct Result {
    public var figure: Figure
    public var warnings: [String]
  }

  /// The runs to build: the same spec stepped per batch and per epoch for `.both`; one run
  /// per spec when several specs drive the same field (an overlay); else one run of all the
  /// specs, `all` (specs naming different fields, `field='weight_decay'`, drive one
  /// optimizer together).
  public static func requests(specs: [String], all: ResolvedPlan?, stepping: ChartStepping) -> [Request] {
    if stepping == .both {
      return [
        Request(specs: specs, stepOn: .batch, label: "stepped per batch"),
        Request(specs: specs, stepOn: .epoch, label: "stepped per epoch"),
      ]
    }
    if let all, all.specs.count > 1, !all.namesFields {
      return all.specs.map { Request(specs: [$0.text], stepOn: nil, label: $0.name) }
    }
    return [Request(specs: nil, stepOn: nil, label: "")]
  }

  struct Track {
    var label: String
    var field: Field
    var group: Int
    var runIndex: Int
    var reducer: ColumnReducer
  }

  /// Streams every run and lays out the figure: `inputs` as `requests` asked for them.
  /// - Parameter optimizerText: the optimizer as the title names it.
  public static func build(_ inputs: [Input], optimizerText: String, options o: ScheduleChartOptions) -> Result {
    let overlay = inputs.count > 1 && o.stepping != .both
    let base = inputs[0].plan
    let theme = o.theme.theme
    let explicitFields = o.fields != nil
    var fields = o.fields ?? (overlay ? [Field.lr] : base.fields)
    let groups = base.optimizer.groups.count
    let stepsPerEpoch = Double(base.stepsPerEpoch)
    let total = Double(base.epochs * base.stepsPerEpoch)
    let xMax = o.x == .epoch ? total / stepsPerEpoch : total
    var notes: [String] = []
    var warnings: [String] = []

    // Stream every run into per-pixel-column reducers. The reducer keeps points with their
    // own x (M4), so columns at least as fine as the plot's pixels draw exactly what every
    // step would: the figure width is enough.
    var tracks: [Track] = []
    for (ri, input) in inputs.enumerated() {
      var run = input.run
      var runTracks: [Track] = []
      for f in fields {
        for g in 0..<groups {
          var label = f.rawValue + (groups > 1 ? "[\(g)]" : "")
          if overlay {
            label = input.label + (fields.count > 1 || groups > 1 ? " " + label : "")
          } else if !input.label.isEmpty {
            label += " (\(input.label))"
          }
          runTracks.append(
            Track(label: label, field: f, group: g, runIndex: ri, reducer: ColumnReducer(lower: 0, upper: xMax, columns: o.width)))
        }
      }
      let raised = stream(&run, into: &runTracks, byEpoch: o.x == .epoch, stepsPerEpoch: stepsPerEpoch)
      if let (error, k) = raised {
        notes.append("\(input.plan.specs[0].text) raised \(error.pythonType) after optimizer step \(k): \(error.message)")
        warnings.append("the scheduler raised \(error.pythonType) after optimizer step \(k); the plot stops there")
      }
      tracks += runTracks
    }
    // A secondary field that never changes (momentum 0.9 under a plain lr schedule) is left
    // out unless asked for: a flat line on its own axis says nothing.
    if !explicitFields {
      let varying = Set(tracks.filter { $0.reducer.minimum != $0.reducer.maximum }.map(\.field))
      let primaryField = fields[0]
      tracks.removeAll { $0.field != primaryField && !varying.contains($0.field) }
      fields = fields.filter { f in f == fields[0] || tracks.contains { $0.field == f } }
    }
    if o.stepping == .both, inputs.count > 1 {
      var epochPlan = inputs[1].plan.plan
      epochPlan.strict = false
      for f in Lint.check(plan: epochPlan) where f.severity == .error || f.rule.contains("mismatch") {
        notes.append("per epoch: " + f.message)
      }
    }
    if groups > 1 { tracks = mergeCoinciding(tracks) }

    let xAxis = Axis(label: o.x == .epoch ? "epoch" : "optimizer step", range: (0, xMax), integer: true)
    var vlines: [VLine] = []
    if o.x == .step && base.epochs > 1 && base.epochs <= 60 && base.stepsPerEpoch > 1 {
      for e in 1..<base.epochs {
        vlines.append(VLine(x: Double(e) * stepsPerEpoch, color: theme.grid, dashed: true, width: 1))
      }
    }
    // One colour per (field, group, spec); the per-epoch run of `.both` is dashed.
    var colorOf: [String: Int] = [:]
    var seriesByField: [Field: [Series]] = [:]
    // A value holds for its whole step: drawn as steps when each step is wide enough to see.
    let style: DrawStyle = base.epochs * base.stepsPerEpoch <= o.width / 4 ? .stepsPost : .linear
    for t in tracks {
      let key = "\(t.field.rawValue)#\(t.group)#" + (overlay ? t.label : "")
      if colorOf[key] == nil { colorOf[key] = colorOf.count }
      let c = theme.color(colorOf[key]!)
      let dash: [Double]? = o.stepping == .both && t.runIndex == 1 ? [8, 5] : nil
      seriesByField[t.field, default: []].append(
        Series(label: t.label, color: c, width: 2, dash: dash, drawStyle: style, points: t.reducer.points))
    }
    let panels = layoutPanels(fields: fields, seriesByField: seriesByField, xAxis: xAxis, vlines: vlines, options: o)
    let title = o.title ?? ChartText.defaultTitle(
      specs: overlay ? inputs.flatMap(\.plan.specs) : base.specs, plan: base, optimizerText: optimizerText,
      stepping: o.stepping)
    let figure = Figure(width: o.width, height: o.height, theme: theme, title: title, panels: panels, notes: notes)
    return Result(figure: figure, warnings: warnings)
  }

  /// Streams `run` into the tracks' reducers through the stepper's batch entry point
  /// (`streamSteps`, the values lent per step). Per step each track's value is only stored; the
  /// reducers take them in blocks (`ColumnReducer.add(xs:ys:)`), in the same order
  /// as one `add` per step. Returns what `streamSteps` returns.
  static func stream(
    _ run: inout ScheduleRun, into tracks: inout [Track], byEpoch: Bool, stepsPerEpoch: Double
  ) -> ScheduleRun.Raised? {
    let block = 1024
    let n = tracks.count
    let picks = tracks.map { (group: $0.group, field: $0.field) }
    var xs = [Double](repeating: 0, count: block)
    var ys = [Double](repeating: 0, count: block * Swift.max(n, 1))
    return tracks.withUnsafeMutableBufferPointer { tb in
      xs.withUnsafeMutableBufferPointer { xb in
        ys.withUnsafeMutableBufferPointer { yb in
          picks.withUnsafeBufferPointer { pb in
            let (tb, xb, yb) = (tb, xb, yb)
            // Hands the first `count` stored points, from step `first` on, to the reducers, with
            // their x made here (the x of step k as one `add` per step would have it). (Not a
            // local function: one capturing `filled` would check exclusive access to it at run
            // time, every step.)
            let flush = { (count: Int, first: Int) in
              for j in 0..<count { xb[j] = byEpoch ? Double(first &+ j) / stepsPerEpoch : Double(first &+ j) }
              for i in 0..<n {
                tb[i].reducer.add(
                  xs: UnsafeBufferPointer(rebasing: xb[0..<count]),
                  ys: UnsafeBufferPointer(rebasing: yb[i &* block..<i &* block &+ count]))
              }
            }
            var filled = 0
            var first = run.step
            let raised = run.streamSteps { k, values in
              for i in 0..<n { yb[i &* block &+ filled] = values[pb[i].group][pb[i].field] }
              filled &+= 1
              if filled == block {
                flush(block, first)
                first = k &+ 1
                filled = 0
              }
            }
            flush(filled, first)
            return raised
          }
        }
      }
    }
  }

  /// One panel with a right-hand axis for a second field, or one panel per field.
  static func layoutPanels(
    fields: [Field], seriesByField: [Field: [Series]], xAxis: Axis, vlines: [VLine], options o: ScheduleChartOptions
  ) -> [Panel] {
    let primary = fields[0]
    let others = Array(fields.dropFirst())
    if o.panels || others.count > 1 {
      return fields.map { f in
        Panel(
          x: xAxis, left: Axis(label: ChartText.axisLabel(f), log: f == .lr && o.logY), series: seriesByField[f] ?? [],
          vlines: vlines)
      }
    }
    var series = seriesByField[primary] ?? []
    var right: Axis?
    if let other = others.first {
      let rs = (seriesByField[other] ?? []).map { s -> Series in
        var s = s
        s.side = .right
        return s
      }
      right = Axis(label: ChartText.axisLabel(other), color: rs.count == 1 ? rs[0].color : nil)
      series += rs
    }
    let leftColor = (seriesByField[primary]?.count == 1 && right != nil) ? seriesByField[primary]![0].color : nil
    return [
      Panel(
        x: xAxis, left: Axis(label: ChartText.axisLabel(primary), log: primary == .lr && o.logY, color: leftColor),
        right: right, series: series, vlines: vlines)
    ]
  }

  /// Param groups whose curves coincide (beta1 shared by every group) draw as one curve.
  static func mergeCoinciding(_ tracks: [Track]) -> [Track] {
    var merged: [Track] = []
    for t in tracks {
      if t.group > 0,
        let first = tracks.first(where: { $0.field == t.field && $0.runIndex == t.runIndex && $0.group == 0 }),
        samePoints(first.reducer.points, t.reducer.points)
      {
        continue
      }
      merged.append(t)
    }
    for i in merged.indices where merged[i].group == 0 {
      let t = merged[i]
      if !merged.contains(where: { $0.field == t.field && $0.runIndex == t.runIndex && $0.group > 0 }) {
        merged[i].label = merged[i].label.replacing(t.field.rawValue + "[0]", with: t.field.rawValue)
      }
    }
    return merged
  }

  static func samePoints(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && ($0.1 == $1.1 || ($0.1.isNaN && $1.1.isNaN)) }
  }
}
