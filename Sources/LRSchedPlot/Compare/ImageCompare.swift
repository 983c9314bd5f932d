/// Golden-image comparison in the manner of matplotlib's `compare_images`: the RMS of the
/// per-channel differences (RGB, 0…255), the number of pixels that differ at all, and a
/// diff image with differences amplified tenfold.
public enum ImageCompare {
  public struct Result: Sendable, Equatable {
    /// nil when the sizes differ.
    public var rms: Double?
    public var differingPixels: Int
    public var totalPixels: Int
    public var expectedSize: (Int, Int)
    public var actualSize: (Int, Int)

    public var sizeMatches: Bool { expectedSize == actualSize }

    public static func == (a: Result, b: Result) -> Bool {
      a.rms == b.rms && a.differingPixels == b.differingPixels && a.totalPixels == b.totalPixels
        && a.expectedSize == b.expectedSize && a.actualSize == b.actualSize
    }
  }

  public static func compare(expected e: RGBAImage, actual a: RGBAImage) -> Result {
    guard e.width == a.width, e.height == a.height else {
      return Result(rms: nil, differingPixels: 0, totalPixels: e.width * e.height, expectedSize: (e.width, e.height), actualSize: (a.width, a.height))
    }
    let n = e.width * e.height
    var sum = 0.0
    var differing = 0
    for i in 0..<n {
      var any = false
      for ch in 0..<3 {
        let d = Int(e.pixels[4 * i + ch]) - Int(a.pixels[4 * i + ch])
        sum += Double(d * d)
        if d != 0 { any = true }
      }
      if e.pixels[4 * i + 3] != a.pixels[4 * i + 3] { any = true }
      if any { differing += 1 }
    }
    let rms = n > 0 ? (sum / Double(3 * n)).squareRoot() : 0
    return Result(rms: rms, differingPixels: differing, totalPixels: n, expectedSize: (e.width, e.height), actualSize: (a.width, a.height))
  }

  /// |expected − actual| × 10 per channel, clipped to 255 (same-size images).
  public static func diffImage(expected e: RGBAImage, actual a: RGBAImage) -> Canvas {
    var c = Canvas(width: e.width, height: e.height, background: Color(0, 0, 0))
    for y in 0..<e.height {
      for x in 0..<e.width {
        let i = 4 * (y * e.width + x)
        func d(_ ch: Int) -> UInt8 { UInt8(min(255, abs(Int(e.pixels[i + ch]) - Int(a.pixels[i + ch])) * 10)) }
        c.setPixel(x, y, Color(d(0), d(1), d(2)))
      }
    }
    return c
  }
}

extension Canvas {
  /// Sets one pixel (no blending).
  public mutating func setPixel(_ x: Int, _ y: Int, _ color: Color) {
    fillRect(x: x, y: y, width: 1, height: 1, color: color)
  }
}
