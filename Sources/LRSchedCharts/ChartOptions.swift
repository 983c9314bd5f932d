import LRSchedCore
import LRSchedPlot

/// What a schedule chart shows, as closed sets: the command line parses into these, the
/// builder reads nothing else.
public enum ChartStepping: String, Sendable, CaseIterable {
  /// One run, stepped as the option says: after every batch, after every optimizer step
  /// (differs from batch with gradient accumulation), or per epoch.
  case batch
  case optimizerStep = "optimizer-step"
  case epoch
  /// The same spec stepped both ways, drawn on one chart (the per-epoch run dashed).
  case both
}

/// The x axis unit.
public enum ChartXUnit: String, Sendable, CaseIterable {
  case step, epoch
}

/// Options of a schedule chart (`lrsched plot`).
public struct ScheduleChartOptions: Sendable {
  public var stepping: ChartStepping
  public var x: ChartXUnit
  public var theme: ThemeName
  public var logY: Bool
  /// One panel per field instead of a right-hand axis.
  public var panels: Bool
  /// Fields asked for (nil: what the run records, constant secondary fields left out).
  public var fields: [Field]?
  public var width: Int
  public var height: Int
  /// nil: the spec and the run.
  public var title: String?

  public init(
    stepping: ChartStepping = .batch, x: ChartXUnit = .step, theme: ThemeName = .light, logY: Bool = false,
    panels: Bool = false, fields: [Field]? = nil, width: Int = 1200, height: Int = 800, title: String? = nil
  ) {
    self.stepping = stepping
    self.x = x
    self.theme = theme
    self.logY = logY
    self.panels = panels
    self.fields = fields
    self.width = width
    self.height = height
    self.title = title
  }
}
