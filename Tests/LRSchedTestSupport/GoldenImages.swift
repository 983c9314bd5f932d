import LRSchedPlot
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Golden-image assertions, in the manner of matplotlib's `compare.py`: PNG bytes are
/// compared pixel by pixel with the golden `NAME.png` in a folder (RMS within `tolerance`,
/// 0 by default); on a mismatch `NAME-actual.png` and `NAME-diff.png` are written next to it.
/// With `LRSCHED_RECORD=1` (`make goldens`) the golden is re-recorded instead.
public enum GoldenImages {
  public static var recording: Bool { getenv("LRSCHED_RECORD") != nil }

  public static func assertMatches(
    png actualBytes: [UInt8], named name: String, in directory: String, tolerance: Double = 0,
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let path = directory + "/" + name + ".png"
    if recording {
      guard writeBytes(path, actualBytes) else {
        Issue.record("cannot write \(path)", sourceLocation: sourceLocation)
        return
      }
      Issue.record("recorded \(path); run again without LRSCHED_RECORD", sourceLocation: sourceLocation)
      return
    }
    guard let expectedBytes = readBytes(path) else {
      Issue.record("missing golden \(path): run `make goldens`", sourceLocation: sourceLocation)
      return
    }
    let expected = try PNGFile.decode(expectedBytes)
    let actual = try PNGFile.decode(actualBytes)
    let r = ImageCompare.compare(expected: expected, actual: actual)
    if r.sizeMatches && (r.rms ?? .infinity) <= tolerance { return }
    writeBytes(directory + "/" + name + "-actual.png", actualBytes)
    if r.sizeMatches {
      writeBytes(directory + "/" + name + "-diff.png", try PNGFile.encode(ImageCompare.diffImage(expected: expected, actual: actual)))
    }
    let what = r.sizeMatches ? "RMS \(r.rms!), \(r.differingPixels) pixels differ" : "size \(r.actualSize) instead of \(r.expectedSize)"
    Issue.record("\(name): \(what); see \(name)-actual.png and -diff.png next to the golden", sourceLocation: sourceLocation)
  }
}
