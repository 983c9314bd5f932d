import Testing

@testable import LRSchedPlot

/// PNG through the real libpng, and the image comparison behind `lrsched compare`.
@Suite struct PNGTests {
  func sample() -> Canvas {
    var c = Canvas(width: 64, height: 40, background: Color(255, 255, 255))
    c.polyline([(2, 30), (30, 5), (60, 35)], color: Palette.color(0), width: 2)
    c.text("0.1", x: 4, y: 4, font: .small, color: Color(0, 0, 0))
    return c
  }

  @Test func roundTripIsExactAndIndexed() throws {
    let c = sample()
    let bytes = try PNGFile.encode(c, text: [("Software", "lrsched test")])
    #expect(Array(bytes[0..<8]) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    // IHDR colour type 3 (palette) at byte 25.
    #expect(bytes[25] == 3)
    let img = try PNGFile.decode(bytes)
    #expect(img.width == 64 && img.height == 40)
    for y in 0..<40 {
      for x in 0..<64 {
        let p = c.pixel(x, y)
        let i = 4 * (y * 64 + x)
        #expect(img.pixels[i] == p.r && img.pixels[i + 1] == p.g && img.pixels[i + 2] == p.b && img.pixels[i + 3] == 255)
      }
    }
  }

  @Test func textChunksAreWritten() throws {
    let bytes = try PNGFile.encode(sample(), text: [("lrsched-specs", "onecycle")])
    let s = String(decoding: bytes, as: UTF8.self)
    #expect(s.contains("tEXtlrsched-specs\u{0}onecycle"))
  }

  @Test func manyColoursFallBackToRGB() throws {
    var c = Canvas(width: 32, height: 32, background: Color(0, 0, 0))
    for y in 0..<32 { for x in 0..<32 { c.setPixel(x, y, Color(UInt8(x * 8), UInt8(y * 8), 7)) } }
    let bytes = try PNGFile.encode(c)
    #expect(bytes[25] == 2)
    let img = try PNGFile.decode(bytes)
    #expect(img.pixels[4 * (31 * 32 + 31)] == 248)
  }

  @Test func truncatedOrForeignBytesAreErrors() throws {
    let bytes = try PNGFile.encode(sample())
    #expect(throws: PNGError.self) { try PNGFile.decode(Array(bytes.prefix(60))) }
    #expect(throws: PNGError.self) { try PNGFile.decode(Array("not a png at all".utf8)) }
  }

  @Test func compareFindsNoDifferenceInIdenticalImages() throws {
    let img = try PNGFile.decode(try PNGFile.encode(sample()))
    let r = ImageCompare.compare(expected: img, actual: img)
    #expect(r.rms == 0)
    #expect(r.differingPixels == 0)
  }

  @Test func compareComputesMatplotlibsRMS() {
    // Two 2×1 images: one pixel differs by 30 in R only → RMS = sqrt(30² / 6).
    let a = RGBAImage(width: 2, height: 1, pixels: [10, 20, 30, 255, 0, 0, 0, 255])
    let b = RGBAImage(width: 2, height: 1, pixels: [40, 20, 30, 255, 0, 0, 0, 255])
    let r = ImageCompare.compare(expected: a, actual: b)
    #expect(abs(r.rms! - (900.0 / 6).squareRoot()) < 1e-12)
    #expect(r.differingPixels == 1)
    let d = ImageCompare.diffImage(expected: a, actual: b)
    #expect(d.pixel(0, 0) == Color(255, 0, 0))
    #expect(d.pixel(1, 0) == Color(0, 0, 0))
  }

  @Test func compareReportsSizeMismatch() {
    let a = RGBAImage(width: 2, height: 1, pixels: [UInt8](repeating: 0, count: 8))
    let b = RGBAImage(width: 1, height: 2, pixels: [UInt8](repeating: 0, count: 8))
    let r = ImageCompare.compare(expected: a, actual: b)
    #expect(r.rms == nil)
    #expect(!r.sizeMatches)
  }

  @Test func svgComesFromTheSameScene() {
    let fig = Figure(
      width: 400, height: 300, title: "t",
      panels: [Panel(x: Axis(label: "step"), left: Axis(label: "lr"), series: [Series(label: "lr", color: Palette.color(0), points: [(0, 1), (1, 0.5), (2, 0)])])])
    let svg = fig.renderSVG(metadata: [("spec", "x<y")])
    #expect(svg.hasPrefix("<?xml"))
    #expect(svg.contains("<polyline"))
    #expect(svg.contains(">lr</text>"))
    #expect(svg.contains("x&lt;y"))
    #expect(svg.hasSuffix("</svg>\n"))
  }
}
