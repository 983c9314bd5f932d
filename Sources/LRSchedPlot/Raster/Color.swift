/// An opaque sRGB colour.
public struct Color: Sendable, Hashable {
  public var r: UInt8
  public var g: UInt8
  public var b: UInt8

  public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
    self.r = r
    self.g = g
    self.b = b
  }

  /// `#rrggbb` for SVG.
  public var hex: String {
    let digits = Array("0123456789abcdef")
    var s = "#"
    for v in [r, g, b] { s.append(digits[Int(v >> 4)]); s.append(digits[Int(v & 15)]) }
    return s
  }

  /// `self` drawn over `bg` with opacity `a` (0…1).
  public func over(_ bg: Color, _ a: Double) -> Color {
    func mix(_ f: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(f) * a + Double(b) * (1 - a)).rounded()) }
    return Color(mix(r, bg.r), mix(g, bg.g), mix(b, bg.b))
  }
}

/// Colour-blind-safe series colours (Okabe & Ito 2008), in the order series take them.
public enum Palette {
  public static let series: [Color] = [
    Color(0, 114, 178),  // blue
    Color(213, 94, 0),  // vermillion
    Color(0, 158, 115),  // bluish green
    Color(204, 121, 167),  // reddish purple
    Color(230, 159, 0),  // orange
    Color(86, 180, 233),  // sky blue
    Color(240, 228, 66),  // yellow
    Color(0, 0, 0),  // black
  ]

  public static func color(_ i: Int) -> Color { series[((i % series.count) + series.count) % series.count] }
}

/// Light and dark looks.
public struct Theme: Sendable, Equatable {
  public var name: String
  /// Around the plots.
  public var background: Color
  /// Inside the plot frames (and behind legends and annotations).
  public var plotBackground: Color
  /// Text: title, tick labels, axis labels.
  public var foreground: Color
  /// Grid lines and faint epoch boundaries.
  public var grid: Color
  /// Frame and tick marks.
  public var axis: Color
  /// Legend frame, default vertical lines.
  public var muted: Color
  /// Notes written under the title (lint findings).
  public var warning: Color
  /// Series colours, in the order series take them (Okabe–Ito, reordered on dark
  /// backgrounds so the first colours keep their contrast).
  public var palette: [Color]

  /// The `i`-th series colour.
  public func color(_ i: Int) -> Color { palette[((i % palette.count) + palette.count) % palette.count] }

  public static let light = Theme(
    name: "light", background: Color(255, 255, 255), plotBackground: Color(255, 255, 255),
    foreground: Color(34, 34, 34), grid: Color(226, 226, 226), axis: Color(90, 90, 90), muted: Color(200, 200, 200),
    warning: Color(213, 94, 0), palette: Palette.series)
  public static let dark = Theme(
    name: "dark", background: Color(24, 26, 31), plotBackground: Color(30, 33, 39),
    foreground: Color(225, 225, 225), grid: Color(58, 62, 70), axis: Color(150, 150, 150), muted: Color(80, 84, 92),
    warning: Color(240, 140, 60),
    palette: [
      Color(86, 180, 233), Color(230, 159, 0), Color(0, 158, 115), Color(204, 121, 167),
      Color(240, 228, 66), Color(213, 94, 0), Color(0, 114, 178), Color(255, 255, 255),
    ])
}

/// The themes by name (`--theme light|dark`).
public enum ThemeName: String, Sendable, CaseIterable {
  case light, dark

  public var theme: Theme {
    switch self {
    case .light: return .light
    case .dark: return .dark
    }
  }
}
