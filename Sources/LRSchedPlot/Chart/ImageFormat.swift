/// The file formats a figure is written in.
public enum ImageFormat: String, Sendable, CaseIterable {
  case png, svg

  /// The format a file name asks for by its extension (`.png`, `.svg`, any case), or nil.
  public init?(fileName: String) {
    let l = fileName.lowercased()
    if l.hasSuffix(".png") {
      self = .png
    } else if l.hasSuffix(".svg") {
      self = .svg
    } else {
      return nil
    }
  }
}

extension Figure {
  /// The figure as the bytes of a file: a PNG (indexed when the chart has few colours) or an
  /// SVG document, with `metadata` as text chunks or the SVG's description.
  public func encoded(as format: ImageFormat, metadata: [(String, String)] = []) throws(PNGError) -> [UInt8] {
    switch format {
    case .svg: return Array(renderSVG(metadata: metadata).utf8)
    case .png: return try PNGFile.encode(renderRaster(), text: metadata)
    }
  }
}
