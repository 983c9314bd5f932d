import LRSchedCharts
import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot SPEC… [options]`: lr and momentum curves to PNG (libpng) or SVG.
public enum PlotCommand {
  public static let command = Command(
    name: "plot",
    summary: "Draw the schedule (lr, momentum/beta1, …) to PNG or SVG.",
    usage: [
      "SPEC… [--optimizer OPT] [--epochs N] [--steps-per-epoch N] [--step-on batch|epoch|both] [--fields lr,momentum] [--x step|epoch] [--log-y] [--size 1200x800] [--title T] [--theme light|dark] [--panels] [-o FILE.png|FILE.svg|-] [--format png|svg] [--term]"
    ],
    positionals: [("SPEC…", "Scheduler specs; several specs are overlaid with a legend.")],
    options: ScheduleOptions.options.map { o in
      o.name == "--step-on"
        ? OptionSpec(
          "--step-on", value: "WHEN",
          help: "batch, optimizer-step (with --accum), epoch, or both (the same spec stepped per batch and per epoch on one chart).",
          default: ChartStepping.batch, choices: ChartStepping.self) : o
    } + [
      OptionSpec("--fields", value: "LIST", help: "Fields to draw: lr, momentum, beta1, weight_decay (default: what the run records)."),
      OptionSpec("--x", value: "UNIT", help: "x axis in optimizer steps or epochs: step or epoch.", default: ChartXUnit.step, choices: ChartXUnit.self),
      OptionSpec("--log-y", help: "Logarithmic lr axis."),
      OptionSpec("--size", value: "WxH", help: "Image size in pixels.", default: "1200x800"),
      OptionSpec("--title", value: "T", help: "Title (default: the spec and the run)."),
      OptionSpec("--theme", value: "NAME", help: "light or dark.", default: ThemeName.light, choices: ThemeName.self),
      OptionSpec("--panels", help: "One panel per field instead of a right-hand axis."),
      OptionSpec(
        "--output", short: "-o", value: "FILE",
        help: "Output .png or .svg, or - for stdout (default: a name made from the spec, e.g. onecycle.png)."),
      OptionSpec(
        "--format", value: "FMT", help: "png or svg: the format for -o - and the default name (else from -o's extension).",
        choices: ImageFormat.self),
      OptionSpec("--term", help: "Draw the chart in the terminal (braille, ANSI colours unless NO_COLOR); no file unless -o."),
    ],
    discussion: """
      The value drawn at step k is the one optimizer step k trains with. Long schedules are
      reduced to min/max per pixel column as they stream: 10,000,000 steps render in bounded
      memory. The PNG carries the spec, the options and the lrsched version as text chunks
      (iTXt when not ASCII). The embedded font has Latin, Greek and common math symbols; any
      other character is drawn as � with a warning.

      --term draws in the terminal: its size comes from COLUMNS and LINES, else the terminal
      itself, else 80 × 24; colours are used on a terminal unless NO_COLOR is set.

      EXAMPLES:
        lrsched plot onecycle --epochs 15
        lrsched plot "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)" --step-on both
        lrsched plot cosine "CosineAnnealingWarmRestarts(T_0=782)" --log-y -o compare.svg
        lrsched plot onecycle --term
        lrsched plot onecycle -o - --format svg > onecycle.svg
      """,
    minPositionals: 0, positionalChoices: CompletionsCommand.schedulerNames,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let specs = a.positionals
    guard !specs.isEmpty || a.has("--timm") || a.has("--hf") || a.has("--file") else {
      throw .usage("missing SPEC (e.g. onecycle)", command: "plot")
    }
    var options = ScheduleChartOptions()
    // `optimizer_step` is accepted as Python spells it; completions offer `optimizer-step`.
    options.stepping = a.value("--step-on") == "optimizer_step" ? .optimizerStep : try a.choice("--step-on", default: ChartStepping.batch)
    (options.width, options.height) = try parseSize(a.value("--size") ?? "1200x800")
    options.theme = try a.choice("--theme", default: ThemeName.light)
    options.x = try a.choice("--x", default: ChartXUnit.step)
    options.logY = a.has("--log-y")
    options.panels = a.has("--panels")
    options.title = a.value("--title")
    if options.stepping == .both && specs.count > 1 {
      throw .usage("--step-on both takes one SPEC", command: "plot")
    }
    var plans: [(ResolvedPlan, String)] = []
    let all = options.stepping == .both ? nil : try ScheduleOptions.resolvedPlan(a, specs: specs, io: io)
    for r in ScheduleChart.requests(specs: specs, all: all, stepping: options.stepping) {
      plans.append((r.specs == nil ? all! : try ScheduleOptions.resolvedPlan(a, specs: r.specs!, stepOn: r.stepOn, io: io), r.label))
    }
    ScheduleOptions.warnLegacyArguments(plans[0].0, io)
    if let f = a.value("--fields") { options.fields = try parseFields(f, plan: plans[0].0) }
    if let r = try HFOptions.resolution(a) { HFOptions.report(r, io) }
    let format: ImageFormat? = a.has("--format") ? try a.choice("--format", default: ImageFormat.png) : nil
    // --term alone draws only in the terminal; with -o it writes the file too.
    let output = try (a.has("--term") && !a.has("--output") ? nil : FigureOutput(
      path: a.value("--output") ?? (io.workingDirectory.map { $0 + "/" } ?? "") + defaultName(specs, a) + "."
        + (format ?? .png).rawValue,
      format: format, option: "-o", command: "plot", stdoutAllowed: true))
    if a.has("--term") && output?.toStdout == true {
      throw .usage("--term draws on stdout: give -o FILE, not -o -, to write the image as well", command: "plot")
    }
    let writer = try output?.open(io)
    var inputs: [ScheduleChart.Input] = []
    for (plan, label) in plans {
      inputs.append(ScheduleChart.Input(plan: plan, run: try ScheduleOptions.makeRun(plan), label: label))
    }
    let chart = ScheduleChart.build(inputs, optimizerText: OptimizerSpecText.text(a, plans[0].0.plan), options: options)
    for w in chart.warnings { io.err.line("warning: " + w) }
    if a.has("--term") {
      let size = io.chartSize
      io.out.write(TerminalChart.render(chart.figure, columns: size.columns, rows: size.rows, color: io.stdoutColor))
    }
    guard let output, let writer else { return 0 }
    if output.format == .png {
      for s in chart.figure.missingGlyphs {
        io.err.line("warning: the plot font has no glyph for '\(s)' (U+\(hex4(s.value))); it is drawn as \u{FFFD}")
      }
    }
    let metadata = [
      ("Software", "lrsched \(CLI.version)"), ("Title", chart.figure.title ?? ""),
      ("lrsched-specs", (a.has("--file") ? plans[0].0.specs.map(\.text) : specs).joined(separator: " | ")),
      ("lrsched-options", commandLineText(a)),
    ]
    try writer.write(chart.figure, metadata: metadata)
    if !output.toStdout && !a.has("--term") { io.out.line(output.path) }
    return 0
  }

  /// `--fields lr,momentum`: names checked against the optimizer.
  static func parseFields(_ list: String, plan: ResolvedPlan) throws(CLIError) -> [Field] {
    var fields: [Field] = []
    for name in list.split(separator: ",").map({ String($0).trimmingCharacters() }) {
      guard let field = Field(name: name) else {
        let hint = Suggestions.closest(name, Field.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
        throw .usage("--fields: unknown field '\(name)'\(hint) (lr, momentum, beta1, weight_decay)", command: "plot")
      }
      if field == plan.optimizer.momentumField.opposite {
        throw .usage(
          "--fields: \(plan.optimizer.kind.rawValue) has no \(field.rawValue) (use \(plan.optimizer.momentumField.rawValue))",
          command: "plot")
      }
      fields.append(field)
    }
    guard !fields.isEmpty else { throw .usage("--fields is empty", command: "plot") }
    return fields
  }
}

/// The optimizer the run uses, for titles: `--optimizer` as written, else the one the
/// Trainer (`--hf`) or timm's factory (`--timm`) resolved, else the default.
enum OptimizerSpecText {
  static func text(_ a: ParsedArguments, _ plan: RunPlan? = nil) -> String {
    // A statement file's own optimizer, as an optimizer spec.
    if let plan, let script = plan.script, let t = (try? ScriptProgram.run(script, settings: plan.scriptSettings))?.optimizerText {
      return t
    }
    if let o = a.value("--optimizer") { return o }
    if let hf = try? HFOptions.resolution(a) { return hf.optimizer }
    if let timm = try? ScheduleOptions.timmResolution(a) { return timm.optimizer }
    return ScheduleOptions.defaultOptimizer
  }
}

extension String {
  func trimmingCharacters() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " { s.removeFirst() }
    while let l = s.last, l == " " { s.removeLast() }
    return String(s)
  }
}
