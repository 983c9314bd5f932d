import LRSchedPlot
import LRSchedTestSupport
import Testing

/// Exact golden-image assertions for figures (`GoldenImages`; tolerance 0 unless given).
/// Goldens live in `Golden/` next to this file (found through `#filePath`, no bundle resources).
enum Golden {
  static let directory = LRSchedTestSupport.directory(of: #filePath) + "/Golden"

  static func assertMatches(_ figure: Figure, named name: String, tolerance: Double = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let png = try PNGFile.encode(figure.renderRaster(), text: [("Software", "lrsched golden test"), ("Title", name)])
    try GoldenImages.assertMatches(png: png, named: name, in: directory, tolerance: tolerance, sourceLocation: sourceLocation)
  }
}
