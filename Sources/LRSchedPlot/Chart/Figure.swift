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

/// Which y axis a series, marker or annotation is measured on.
public enum Side: Sendable { case left, right }

/// How a series joins its points.
public enum DrawStyle: Sendable {
  /// Straight lines from point to point.
  case linear
  /// Each value holds until the next point's x, as matplotlib's `drawstyle='steps-post'`:
  /// the honest picture of a value used for a whole step or epoch. The last value holds for
  /// one more spacing of x.
  case stepsPost
}

/// A line series in data coordinates.
public struct Series: Sendable {
  public var label: String
  public var color: Color
  public var side: Side
  public var width: Double
  public var dash: [Double]?
  public var drawStyle: DrawStyle
  /// The polyline, in order (from a `ColumnReducer` for long series).
  public var points: [(Double, Double)]

  /// - Parameters:
  ///   - label: legend text; empty leaves the series out of the legend.
  ///   - width: line width in pixels.
  ///   - dash: on/off lengths in pixels, nil for a solid line.
  public init(
    label: String, color: Color, side: Side = .left, width: Double = 2, dash: [Double]? = nil,
    drawStyle: DrawStyle = .linear, points: [(Double, Double)]
  ) {
    self.label = label
    self.color = color
    self.side = side
    self.width = width
    self.dash = dash
    self.drawStyle = drawStyle
    self.points = points
  }

  /// The points to join with straight lines (steps expanded for `.stepsPost`).
  public var polyline: [(Double, Double)] {
    guard drawStyle == .stepsPost, points.count >= 2 else { return points }
    var out: [(Double, Double)] = []
    out.reserveCapacity(points.count * 2)
    for i in points.indices {
      out.append(points[i])
      let nextX = i + 1 < points.count ? points[i + 1].0 : points[i].0 + (points[i].0 - points[i - 1].0)
      out.append((nextX, points[i].1))
    }
    return out
  }
}

/// A vertical line at `x` (epoch boundaries, phase changes, a chosen lr), optionally
/// labelled at its top ("warmup end").
public struct VLine: Sendable {
  public var x: Double
  /// nil: the theme's muted colour.
  public var color: Color?
  public var dashed: Bool
  public var width: Double
  /// Written beside the top of the line, in the line's colour.
  public var label: String?

  public init(x: Double, color: Color? = nil, dashed: Bool = false, width: Double = 1, label: String? = nil) {
    self.x = x
    self.color = color
    self.dashed = dashed
    self.width = width
    self.label = label
  }
}

/// Text written on the plot at a data position (a lint finding, a peak value), on a small
/// opaque box so it stays legible over the grid and curves. It is kept inside the plot (text
/// that would cross the frame is shifted back in), and moves to another corner of its point
/// when the requested one would hide a curve.
public struct Annotation: Sendable {
  public var x: Double
  public var y: Double
  public var text: String
  /// The y axis `y` is measured on.
  public var side: Side
  /// nil: the theme's foreground.
  public var color: Color?
  /// Where the point sits on the text box: 0 left edge, 0.5 centre, 1 right edge.
  public var h: Double
  /// Whether the box hangs below the point (`.top`), is centred on it, or sits above it.
  public var v: TextVAlign
  /// Draws a small dot at (x, y) as well, for "this point" annotations.
  public var dot: Bool

  public init(
    x: Double, y: Double, text: String, side: Side = .left, color: Color? = nil, h: Double = 0,
    v: TextVAlign = .baseline, dot: Bool = false
  ) {
    self.x = x
    self.y = y
    self.text = text
    self.side = side
    self.color = color
    self.h = h
    self.v = v
    self.dot = dot
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
  public var annotations: [Annotation]
  /// Draws a legend of the labelled series and markers where it hides the least.
  public var legend: Bool

  public init(
    x: Axis, left: Axis, right: Axis? = nil, series: [Series], vlines: [VLine] = [], markers: [Marker] = [],
    annotations: [Annotation] = [], legend: Bool = true
  ) {
    self.x = x
    self.left = left
    self.right = right
    self.series = series
    self.vlines = vlines
    self.markers = markers
    self.annotations = annotations
    self.legend = legend
  }
}
