/// Writes a figure as SVG from the same layout as the raster (text in DejaVu Sans at the
/// same pixel sizes; positions computed with the embedded font's metrics).
public struct SVGDocument: Renderer {
  public let width: Int
  public let height: Int
  var body: [String] = []

  public init(width: Int, height: Int) {
    self.width = width
    self.height = height
  }

  static func n(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return r == r.rounded() && Swift.abs(r) < 1e15 ? String(Int(r)) : String(r)
  }

  static func esc(_ s: String) -> String {
    var o = ""
    for c in s {
      switch c {
      case "&": o += "&amp;"
      case "<": o += "&lt;"
      case ">": o += "&gt;"
      case "\"": o += "&quot;"
      default: o.append(c)
      }
    }
    return o
  }

  public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
    body.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"\(h)\" fill=\"\(color.hex)\"/>")
  }

  public mutating func polyline(_ points: [(Double, Double)], color: Color, width: Double, dash: [Double]?) {
    guard !points.isEmpty else { return }
    let pts = Self.simplify(points, tolerance: 0.1).map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")
    var attrs = "fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"\(Self.n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\""
    if let dash { attrs += " stroke-dasharray=\"\(dash.map(Self.n).joined(separator: ","))\"" }
    body.append("<polyline points=\"\(pts)\" \(attrs)/>")
  }

  /// Douglas–Peucker: drops points closer than `tolerance` pixels to the line through their
  /// kept neighbours, so a 6,000-step curve becomes a few hundred SVG points that draw the same.
  static func simplify(_ p: [(Double, Double)], tolerance: Double) -> [(Double, Double)] {
    guard p.count > 2 else { return p }
    var keep = [Bool](repeating: false, count: p.count)
    keep[0] = true
    keep[p.count - 1] = true
    var stack = [(0, p.count - 1)]
    while let (a, b) = stack.popLast() {
      guard b > a + 1 else { continue }
      let (ax, ay) = p[a], (bx, by) = p[b]
      let dx = bx - ax, dy = by - ay
      let len = (dx * dx + dy * dy).squareRoot()
      var worst = -1.0, at = a
      for i in (a + 1)..<b {
        let (px, py) = p[i]
        let d = len > 0 ? Swift.abs(dy * (px - ax) - dx * (py - ay)) / len : ((px - ax) * (px - ax) + (py - ay) * (py - ay)).squareRoot()
        if d > worst {
          worst = d
          at = i
        }
      }
      if worst > tolerance {
        keep[at] = true
        stack.append((a, at))
        stack.append((at, b))
      }
    }
    return p.indices.filter { keep[$0] }.map { p[$0] }
  }

  public mutating func text(_ s: String, x: Int, y: Int, font: Font, color: Color, h: Double, v: TextVAlign, rotated: Bool) {
    let anchor = h == 0 ? "start" : h == 1 ? "end" : "middle"
    let dy: Int
    switch v {
    case .top: dy = font.ascent
    case .middle: dy = font.capHeight / 2
    case .baseline: dy = 0
    }
    let weight = font.name.hasPrefix("bold") ? " font-weight=\"bold\"" : ""
    let common = "font-family=\"DejaVu Sans, Verdana, sans-serif\" font-size=\"\(font.size)px\"\(weight) fill=\"\(color.hex)\" text-anchor=\"\(anchor)\""
    if rotated {
      body.append("<text transform=\"translate(\(x + dy),\(y)) rotate(-90)\" \(common)>\(Self.esc(s))</text>")
    } else {
      body.append("<text x=\"\(x)\" y=\"\(y + dy)\" \(common)>\(Self.esc(s))</text>")
    }
  }

  public mutating func circle(x: Double, y: Double, radius: Double, color: Color) {
    body.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(radius))\" fill=\"\(color.hex)\"/>")
  }

  /// The document, with `metadata` (spec, options, version) in a `<desc>`.
  public func text(metadata: [(String, String)] = []) -> String {
    var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
    if !metadata.isEmpty {
      s += "<desc>" + Self.esc(metadata.map { "\($0.0): \($0.1)" }.joined(separator: "\n")) + "</desc>\n"
    }
    s += body.joined(separator: "\n") + "\n</svg>\n"
    return s
  }
}

extension Figure {
  /// Rasterises the figure.
  public func renderRaster() -> Canvas {
    var c = Canvas(width: width, height: height, background: theme.background)
    ChartLayout.draw(self, on: &c)
    return c
  }

  /// The figure as an SVG document.
  public func renderSVG(metadata: [(String, String)] = []) -> String {
    var d = SVGDocument(width: width, height: height)
    ChartLayout.draw(self, on: &d)
    return d.text(metadata: metadata)
  }
}
