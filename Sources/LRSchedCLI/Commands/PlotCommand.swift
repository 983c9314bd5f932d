import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot SPEC… [options]`: lr and momentum curves to PNG (libpng) or SVG.
public enum PlotCommand {
  public static let command = Command(
    name: "plot",
    summary: "Draw the schedule (lr, momentum/beta1, …) to PNG or SVG.",
    usage: [
      "SPEC… [--optimizer OPT] [--epochs N] [--steps-per-epoch N] [--step-on batch|epoch|both] [--fields lr,momentum] [--x step|epoch] [--log-y] [--size 1200x800] [--title T] [--theme light|dark] [--panels] [-o FILE.png|FILE.svg]"
    ],
    positionals: [("SPEC…", "Scheduler specs; several specs are overlaid with a legend.")],
    options: ScheduleOptions.options.map { o in
      o.name == "--step-on" ? OptionSpec("--step-on", value: "WHEN", help: "batch, optimizer-step (with --accum), epoch, or both (the same spec stepped per batch and per epoch on one chart).", default: "batch") : o
    } + [
      OptionSpec("--fields", value: "LIST", help: "Fields to draw: lr, momentum, beta1, weight_decay (default: what the run records)."),
      OptionSpec("--x", value: "UNIT", help: "x axis in optimizer steps or epochs: step or epoch.", default: "step"),
      OptionSpec("--log-y", help: "Logarithmic lr axis."),
      OptionSpec("--size", value: "WxH", help: "Image size in pixels.", default: "1200x800"),
      OptionSpec("--title", value: "T", help: "Title (default: the spec and the run)."),
      OptionSpec("--theme", value: "NAME", help: "light or dark.", default: "light"),
      OptionSpec("--panels", help: "One panel per field instead of a right-hand axis."),
      OptionSpec("--output", short: "-o", value: "FILE", help: "Output .png or .svg (default: NAME.png from the spec)."),
    ],
    discussion: """
      The value drawn at step k is the one optimizer step k trains with. Long schedules are
      reduced to min/max per pixel column as they stream: 10,000,000 steps render in bounded
      memory. The PNG carries the spec, the options and the lrsched version as text chunks.

      EXAMPLES:
        lrsched plot onecycle --epochs 15
        lrsched plot "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)" --step-on both
        lrsched plot cosine "CosineAnnealingWarmRestarts(T_0=782)" --log-y -o compare.svg
      """,
    minPositionals: 0,
    run: run)

  struct Track {
    var label: String
    var field: Field
    var group: Int
    var runIndex: Int
    var reducer: ColumnReducer
  }

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let specs = a.positionals
    guard !specs.isEmpty || a.has("--timm") || a.has("--hf") else {
      throw .usage("missing SPEC (e.g. onecycle)", command: "plot")
    }
    let stepOnText = try a.choice("--step-on", ["batch", "optimizer-step", "optimizer_step", "epoch", "both"], default: "batch")
    let (width, height) = try parseSize(a.value("--size") ?? "1200x800")
    let theme = try a.choice("--theme", ["light", "dark"], default: "light") == "dark" ? Theme.dark : Theme.light
    let xUnit = try a.choice("--x", ["step", "epoch"], default: "step")
    // Runs to draw: one per spec when several specs drive the same field (an overlay), one
    // run for all specs when they drive different fields (`field='weight_decay'`), and the
    // same spec stepped both ways for --step-on both.
    var plans: [(ResolvedPlan, String)] = []
    var overlay = false
    if stepOnText == "both" {
      guard specs.count <= 1 else { throw .usage("--step-on both takes one SPEC", command: "plot") }
      plans.append((try ScheduleOptions.resolvedPlan(a, specs: specs, stepOn: .batch), "stepped per batch"))
      plans.append((try ScheduleOptions.resolvedPlan(a, specs: specs, stepOn: .epoch), "stepped per epoch"))
    } else {
      let all = try ScheduleOptions.resolvedPlan(a, specs: specs)
      overlay = specs.count > 1 && !all.namesFields
      if overlay {
        for spec in all.specs {
          plans.append((try ScheduleOptions.resolvedPlan(a, specs: [spec.text]), spec.name))
        }
      } else {
        plans.append((all, ""))
      }
    }
    let base = plans[0].0
    var fields = overlay ? [Field.lr] : base.fields
    let explicitFields = a.value("--fields") != nil
    if let f = a.value("--fields") {
      fields = []
      for name in f.split(separator: ",").map({ String($0).trimmingCharacters() }) {
        guard let field = Field(name: name) else {
          let hint = Suggestions.closest(name, Field.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
          throw .usage("--fields: unknown field '\(name)'\(hint) (lr, momentum, beta1, weight_decay)", command: "plot")
        }
        if field == base.optimizer.momentumField.opposite {
          throw .usage("--fields: \(base.optimizer.kind.rawValue) has no \(field.rawValue) (use \(base.optimizer.momentumField.rawValue))", command: "plot")
        }
        fields.append(field)
      }
      guard !fields.isEmpty else { throw .usage("--fields is empty", command: "plot") }
    }
    if let r = try HFOptions.resolution(a) { HFOptions.report(r, io) }
    let output = a.value("--output") ?? defaultName(specs.isEmpty ? (a.has("--hf") ? "hf-trainer" : "timm") : base.specs[0].name) + ".png"
    let svg = output.lowercased().hasSuffix(".svg")
    guard svg || output.lowercased().hasSuffix(".png") || output.hasPrefix("/dev/") else {
      throw .usage("-o must end in .png or .svg, got '\(output)'", command: "plot")
    }
    let writer = try AtomicFileWriter(path: output)

    // Stream every run into per-pixel-column reducers.
    // The reducer keeps points with their own x (M4), so columns at least as fine as the
    // plot's pixels draw exactly what every step would: the figure width is enough.
    let plotColumns = width
    let groups = base.optimizer.groups.count
    var tracks: [Track] = []
    var notes: [String] = []
    let stepsPerEpoch = Double(base.stepsPerEpoch)
    let total = Double(base.epochs * base.stepsPerEpoch)
    let xMax = xUnit == "epoch" ? total / stepsPerEpoch : total
    for (ri, (plan, suffix)) in plans.enumerated() {
      var run = try ScheduleOptions.makeRun(plan)
      var runTracks: [Track] = []
      for f in fields {
        for g in 0..<groups {
          var label = f.rawValue + (groups > 1 ? "[\(g)]" : "")
          if overlay {
            label = suffix + (fields.count > 1 || groups > 1 ? " " + label : "")
          } else if !suffix.isEmpty {
            label += " (\(suffix))"
          }
          runTracks.append(Track(label: label, field: f, group: g, runIndex: ri, reducer: ColumnReducer(lower: 0, upper: xMax, columns: plotColumns)))
        }
      }
      let raised = run.forEachStep { k, values in
        let x = xUnit == "epoch" ? Double(k) / stepsPerEpoch : Double(k)
        for i in runTracks.indices { runTracks[i].reducer.add(x, values[runTracks[i].group][runTracks[i].field]) }
      }
      if let (error, k) = raised {
        notes.append("\(plan.specs[0].text) raised \(error.pythonType) after optimizer step \(k): \(error.message)")
        io.err.line("warning: the scheduler raised \(error.pythonType) after optimizer step \(k); the plot stops there")
      }
      tracks += runTracks
    }
    // A secondary field that never changes (momentum 0.9 under a plain lr schedule) is
    // left out unless asked for: a flat line on its own axis says nothing.
    if !explicitFields {
      let varying = Set(tracks.filter { $0.reducer.minimum != $0.reducer.maximum }.map(\.field))
      let primaryField = fields[0]
      tracks.removeAll { $0.field != primaryField && !varying.contains($0.field) }
      fields = fields.filter { f in f == fields[0] || tracks.contains { $0.field == f } }
    }
    if stepOnText == "both" {
      var epochPlan = plans[1].0.plan
      epochPlan.strict = false
      for f in Lint.check(plan: epochPlan) where f.severity == .error || f.rule.contains("mismatch") {
        notes.append("per epoch: " + f.message)
      }
    }

    // Build the figure.
    let lrLabel = "learning rate"
    func axisLabel(_ f: Field) -> String {
      switch f {
      case .lr: return lrLabel
      case .momentum: return "momentum"
      case .beta1: return "Adam beta1"
      case .weightDecay: return "weight decay"
      }
    }
    let xAxis = Axis(label: xUnit == "epoch" ? "epoch" : "optimizer step", range: (0, xMax), integer: true)
    var vlines: [VLine] = []
    if xUnit == "step" && base.epochs > 1 && base.epochs <= 60 && base.stepsPerEpoch > 1 {
      for e in 1..<base.epochs {
        vlines.append(VLine(x: Double(e) * stepsPerEpoch, color: theme.grid, dashed: true, width: 1))
      }
    }
    // Param groups whose curves coincide (beta1 shared by every group) draw as one curve.
    if groups > 1 {
      var merged: [Track] = []
      for t in tracks {
        if t.group > 0, let first = tracks.first(where: { $0.field == t.field && $0.runIndex == t.runIndex && $0.group == 0 }),
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
      tracks = merged
    }
    // One colour per (field, group, spec); the per-epoch run of --step-on both is dashed.
    var colorOf: [String: Int] = [:]
    var seriesByField: [Field: [Series]] = [:]
    // A value holds for its whole step: drawn as steps when each step is wide enough to see.
    let style: DrawStyle = base.epochs * base.stepsPerEpoch <= width / 4 ? .stepsPost : .linear
    for t in tracks {
      let key = "\(t.field.rawValue)#\(t.group)#" + (overlay ? t.label : "")
      if colorOf[key] == nil { colorOf[key] = colorOf.count }
      let c = theme.color(colorOf[key]!)
      let dash: [Double]? = stepOnText == "both" && t.runIndex == 1 ? [8, 5] : nil
      seriesByField[t.field, default: []].append(
        Series(label: t.label, color: c, width: 2, dash: dash, drawStyle: style, points: t.reducer.points))
    }
    let logY = a.has("--log-y")
    var panels: [Panel] = []
    let primary = fields[0]
    let others = Array(fields.dropFirst())
    if a.has("--panels") || others.count > 1 {
      for f in fields {
        panels.append(Panel(x: xAxis, left: Axis(label: axisLabel(f), log: f == .lr && logY), series: seriesByField[f] ?? [], vlines: vlines))
      }
    } else {
      var series = seriesByField[primary] ?? []
      var right: Axis?
      if let o = others.first {
        let rs = (seriesByField[o] ?? []).map { s -> Series in
          var s = s
          s.side = .right
          return s
        }
        right = Axis(label: axisLabel(o), color: rs.count == 1 ? rs[0].color : nil)
        series += rs
      }
      let leftColor = (seriesByField[primary]?.count == 1 && right != nil) ? seriesByField[primary]![0].color : nil
      panels.append(Panel(x: xAxis, left: Axis(label: axisLabel(primary), log: primary == .lr && logY, color: leftColor), right: right, series: series, vlines: vlines))
    }
    let stepping = steppingText(stepOnText: stepOnText, plan: base)
    let defaultTitle = (overlay ? plans.flatMap(\.0.specs) : base.specs).map(\.call).joined(separator: "  vs  ")
      + "  ·  \(OptimizerSpecText.text(a)), \(base.epochs) epoch\(base.epochs == 1 ? "" : "s") × \(base.stepsPerEpoch) step\(base.stepsPerEpoch == 1 ? "" : "s"), \(stepping)"
    let figure = Figure(width: width, height: height, theme: theme, title: a.value("--title") ?? defaultTitle, panels: panels, notes: notes)
    let metadata = [
      ("Software", "lrsched \(CLI.version)"), ("Title", figure.title ?? ""),
      ("lrsched-specs", specs.joined(separator: " | ")),
      ("lrsched-options", commandLineText(a)),
    ]
    if svg {
      writer.write(figure.renderSVG(metadata: metadata))
    } else {
      do {
        writer.write(bytes: try PNGFile.encode(figure.renderRaster(), text: metadata))
      } catch {
        writer.discard()
        throw .failure("cannot encode PNG: \(error.message)")
      }
    }
    try writer.commit()
    io.out.line(output)
    return 0
  }
}

/// The optimizer as the user wrote it, for titles.
enum OptimizerSpecText {
  static func text(_ a: ParsedArguments) -> String { a.value("--optimizer") ?? ScheduleOptions.defaultOptimizer }
}

extension String {
  func trimmingCharacters() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " { s.removeFirst() }
    while let l = s.last, l == " " { s.removeLast() }
    return String(s)
  }
}
