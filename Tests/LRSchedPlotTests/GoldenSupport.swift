import LRSchedPlot
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Exact golden-image assertions (tolerance 0 unless given), in the manner of matplotlib's
/// `compare.py`: on a mismatch `NAME-actual.png` and `NAME-diff.png` are written next to the
/// golden; `LRSCHED_RECORD=1` re-records the golden instead. Goldens live in `Golden/` next to
/// this file (found through `#filePath`, no bundle resources).
enum Golden {
  static let directory: String = {
    let f = #filePath
    return String(f[..<f.lastIndex(of: "/")!]) + "/Golden"
  }()

  static var recording: Bool { getenv("LRSCHED_RECORD") != nil }

  static func assertMatches(_ figure: Figure, named name: String, tolerance: Double = 0, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let actualBytes = try PNGFile.encode(figure.renderRaster(), text: [("Software", "lrsched golden test"), ("Title", name)])
    let path = directory + "/" + name + ".png"
    if recording {
      try write(path, actualBytes)
      Issue.record("recorded \(path); run again without LRSCHED_RECORD", sourceLocation: sourceLocation)
      return
    }
    guard let expectedBytes = read(path) else {
      Issue.record("missing golden \(path): run Scripts/record-goldens.sh", sourceLocation: sourceLocation)
      return
    }
    let expected = try PNGFile.decode(expectedBytes)
    let actual = try PNGFile.decode(actualBytes)
    let r = ImageCompare.compare(expected: expected, actual: actual)
    let ok = r.sizeMatches && (r.rms ?? .infinity) <= tolerance
    if ok { return }
    try write(directory + "/" + name + "-actual.png", actualBytes)
    if r.sizeMatches {
      try write(directory + "/" + name + "-diff.png", try PNGFile.encode(ImageCompare.diffImage(expected: expected, actual: actual)))
    }
    let what = r.sizeMatches ? "RMS \(r.rms!), \(r.differingPixels) pixels differ" : "size \(r.actualSize) instead of \(r.expectedSize)"
    Issue.record("\(name): \(what); see Golden/\(name)-actual.png and -diff.png", sourceLocation: sourceLocation)
  }

  struct IOError: Error, CustomStringConvertible {
    var description: String
  }

  static func read(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n <= 0 { break }
      out += buf[0..<n]
    }
    return out
  }

  static func write(_ path: String, _ bytes: [UInt8]) throws {
    guard let f = fopen(path, "wb") else { throw IOError(description: "cannot write \(path)") }
    let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    guard n == bytes.count else { throw IOError(description: "short write to \(path)") }
  }
}
