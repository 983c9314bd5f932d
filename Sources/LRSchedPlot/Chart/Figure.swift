/// One description of a figure, drawn by both the raster (PNG) and the SVG renderer.
public struct Figure: Sendable {
  public var width: Int
  public var height: Int
  public var theme: Theme
  /// Wrapped to the figure width when long.
  public var title: String?
  public var panels: [Panel]
  /// Lines written on the plot, e.g. a lint finding ("uses 15 of 5,865 steps").
  public var notes: [String]

  public init(width: Int = 1200, height: Int = 800, theme: Theme = .light, title: String? = nil, panels: [Panel], notes: [String] = []) {
    self.width = width
    self.height = height
    self.theme = theme
    self.title = title
    self.panels = panels
    self.notes = notes
  }
}

/// An axis: label, scale kind, optional fixed range and colour (right axes take their
/// series' colour, as matplotlib twin-axis charts do).
public struct Axis: Sendable {
  public var label: String
  public var log: Bool
  public var range: (Double, Double)?
  public var color: Color?
  /// Whole-number axis (steps, epochs): integer ticks only.
  public var integer: Bool

  public init(label: String, log: Bool = false, range: (Double, Double)? = nil, color: Color? = nil, integer: Bool = false) {
    self.label = label
    self.log = log
    self.range = range
    self.color = color
    self.integer = integer
  }
}

public enum Side: Sendable { case left, right }

/// A line series in data coordinates.
public struct Series: Sendable {
  public var label: String
  public var color: Color
  public var side: Side
  public var width: Double
  public var dash: [Double]?
  /// The polyline, in order (from a `ColumnReducer` for long series).
  public var points: [(Double, Double)]

  public init(label: String, color: Color, side: Side = .left, width: Double = 2, dash: [Double]? = nil, points: [(Double, Double)]) {
    self.label = label
    self.color = color
    self.side = side
    self.width = width
    self.dash = dash
    self.points = points
  }
}

/// A vertical line at `x` (epoch boundaries, phase changes, a chosen lr).
public struct VLine: Sendable {
  public var x: Double
  public var color: Color?
  public var dashed: Bool
  public var width: Double

  public init(x: Double, color: Color? = nil, dashed: Bool = false, width: Double = 1) {
    self.x = x
    self.color = color
    self.dashed = dashed
    self.width = width
  }
}

/// A point marker with a legend entry (LR-finder suggestions).
public struct Marker: Sendable {
  public var x: Double
  public var y: Double
  public var color: Color
  public var label: String
  public var side: Side

  public init(x: Double, y: Double, color: Color, label: String, side: Side = .left) {
    self.x = x
    self.y = y
    self.color = color
    self.label = label
    self.side = side
  }
}

/// One plotting area with an x axis, a left axis and optionally a right one.
public struct Panel: Sendable {
  public var x: Axis
  public var left: Axis
  public var right: Axis?
  public var series: [Series]
  public var vlines: [VLine]
  public var markers: [Marker]
  public var legend: Bool

  public init(x: Axis, left: Axis, right: Axis? = nil, series: [Series], vlines: [VLine] = [], markers: [Marker] = [], legend: Bool = true) {
    self.x = x
    self.left = left
    self.right = right
    self.series = series
    self.vlines = vlines
    self.markers = markers
    self.legend = legend
  }
}
