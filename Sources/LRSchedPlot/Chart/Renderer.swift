/// The drawing primitives a figure needs. `Canvas` (raster) and `SVGDocument` implement them,
/// so a PNG and an SVG of the same figure come from the same layout code.
public protocol Renderer {
  mutating func fillRect(x: Int, y: Int, width: Int, height: Int, color: Color)
  mutating func polyline(_ points: [(Double, Double)], color: Color, width: Double, dash: [Double]?)
  mutating func text(_ s: String, x: Int, y: Int, font: Font, color: Color, h: Double, v: TextVAlign, rotated: Bool)
  mutating func circle(x: Double, y: Double, radius: Double, color: Color)
}

extension Canvas: Renderer {}

extension Renderer {
  /// A 1-px rectangle outline on pixel centres.
  mutating func strokeRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
    fillRect(x: x, y: y, width: w, height: 1, color: color)
    fillRect(x: x, y: y + h - 1, width: w, height: 1, color: color)
    fillRect(x: x, y: y, width: 1, height: h, color: color)
    fillRect(x: x + w - 1, y: y, width: 1, height: h, color: color)
  }
}
