/// A raster with anti-aliased drawing. Coverage is quantised to 16 levels so a chart has few
/// distinct colours: the canvas stores a palette index per pixel (one byte, a third of RGB's
/// memory) and the PNG writer takes the indices as they are, with no colour-matching pass. A
/// drawing with more than 256 colours (an image diff) switches the canvas to RGB.
public struct Canvas: Sendable {
  public let width: Int
  public let height: Int
  /// Palette index per pixel, row-major, while `indexed`, and the scratch coverage of one
  /// shape (max-combined, so joints don't darken). Shared between copies of a canvas until
  /// one of them draws (`makeUnique`).
  var planes: PixelPlanes
  /// The colours `indices` refer to, in order of first use (some may no longer be visible).
  var palette: [Color]
  var paletteLookup: [UInt32: UInt8]
  /// One-entry cache in front of `paletteLookup`.
  var lastKey: UInt32
  var lastIndex: UInt8 = 0
  /// RGB per pixel, row-major, once the canvas is no longer `indexed`.
  var rgb: [UInt8] = []
  /// Whether pixels are palette indices (at most 256 colours so far).
  public private(set) var indexed = true
  /// Direct-mapped cache of blends: (colour, background index, level) → index.
  var blendKeys = [UInt64](repeating: .max, count: 4096)
  var blendValues = [UInt8](repeating: 0, count: 4096)
  /// The pixels with coverage in the shape being drawn.
  var touched: [Int] = []

  /// Largest canvas accepted (guards memory): 8192 × 8192.
  public static let maxSide = 8192

  /// A canvas filled with `background`. Sizes are clamped to `0…maxSide` (callers validate
  /// user input first; this only keeps bad input from trapping or exhausting memory).
  public init(width: Int, height: Int, background: Color) {
    let width = Swift.max(0, Swift.min(width, Self.maxSide))
    let height = Swift.max(0, Swift.min(height, Self.maxSide))
    self.width = width
    self.height = height
    planes = PixelPlanes(count: width * height)
    palette = [background]
    paletteLookup = [background.key: 0]
    lastKey = background.key
  }

  /// Gives this canvas its own planes before it draws, when a copy shares them.
  @inline(__always) mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&planes) { planes = planes.copy() }
  }

  /// Calls `body` with the palette indices (row-major; meaningful while `indexed`).
  func withIndices<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    withExtendedLifetime(planes) { body(UnsafeBufferPointer(start: planes.indices, count: planes.count)) }
  }

  /// RGB, row-major.
  public var pixels: [UInt8] {
    if !indexed { return rgb }
    var out = [UInt8](repeating: 0, count: planes.count * 3)
    for (i, k) in withIndices({ Array($0) }).enumerated() {
      let c = palette[Int(k)]
      out[3 * i] = c.r
      out[3 * i + 1] = c.g
      out[3 * i + 2] = c.b
    }
    return out
  }

  public func pixel(_ x: Int, _ y: Int) -> Color {
    let i = y * width + x
    if indexed { return palette[Int(planes.indices[i])] }
    return Color(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])
  }

  /// The palette index of `c`, added when new; nil when the palette is full. The last colour
  /// asked for is answered without hashing (a shape asks for its own colour at every fully
  /// covered pixel); a colour's index never changes once given.
  @inline(__always) mutating func index(of c: Color) -> UInt8? {
    if c.key == lastKey { return lastIndex }
    if let k = paletteLookup[c.key] {
      lastKey = c.key
      lastIndex = k
      return k
    }
    guard palette.count < 256 else { return nil }
    let k = UInt8(palette.count)
    palette.append(c)
    paletteLookup[c.key] = k
    return k
  }

  /// Leaves palette mode: every pixel becomes its RGB triple.
  mutating func switchToRGB() {
    rgb = pixels
    indexed = false
  }

  /// Blends `color` at (x, y) with coverage `c` (0…255), quantised to 16 levels.
  @inline(__always) mutating func blend(_ x: Int, _ y: Int, _ color: Color, _ c: Int) {
    guard x >= 0, y >= 0, x < width, y < height, c > 0 else { return }
    blend(at: y * width + x, color, c)
  }

  /// `blend` at pixel `i` (row-major), known to be on the canvas, with `c` > 0.
  @inline(__always) mutating func blend(at i: Int, _ color: Color, _ c: Int) {
    let q = (c * 15 + 127) / 255
    guard q > 0 else { return }
    if indexed {
      if q == 15, let k = index(of: color) {
        planes.indices[i] = k
        return
      }
      let background = planes.indices[i]
      let key = UInt64(color.key) << 12 | UInt64(background) << 4 | UInt64(q)
      let slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 52)
      if blendKeys[slot] == key {
        planes.indices[i] = blendValues[slot]
        return
      }
      if q < 15, let k = index(of: Self.mix(color, palette[Int(background)], q)) {
        blendKeys[slot] = key
        blendValues[slot] = k
        planes.indices[i] = k
        return
      }
      switchToRGB()
    }
    let bg = Color(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2])
    let m = q == 15 ? color : Self.mix(color, bg, q)
    rgb[3 * i] = m.r
    rgb[3 * i + 1] = m.g
    rgb[3 * i + 2] = m.b
  }

  /// `color` over `background` at level q of 15.
  @inline(__always) static func mix(_ color: Color, _ background: Color, _ q: Int) -> Color {
    func mix(_ f: UInt8, _ b: UInt8) -> UInt8 { UInt8((Int(f) * q + Int(b) * (15 - q) + 7) / 15) }
    return Color(mix(color.r, background.r), mix(color.g, background.g), mix(color.b, background.b))
  }

  /// Fills a pixel-aligned rectangle.
  public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, color: Color) {
    let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
    guard x0 < x1, y0 < y1 else { return }
    makeUnique()
    if indexed, let k = index(of: color) {
      let base = planes.indices
      for yy in y0..<y1 { (base + yy * width + x0).update(repeating: k, count: x1 - x0) }
      return
    }
    if indexed { switchToRGB() }
    for yy in y0..<y1 { Self.fill(&rgb, from: yy * width + x0, count: x1 - x0, color: color) }
  }

  /// Writes `color` into `count` RGB pixels from pixel `start`: three bytes, then doubling copies.
  static func fill(_ pixels: inout [UInt8], from start: Int, count: Int, color: Color) {
    guard count > 0 else { return }
    pixels.withUnsafeMutableBufferPointer { buf in
      let base = buf.baseAddress! + 3 * start
      base[0] = color.r
      base[1] = color.g
      base[2] = color.b
      var done = 3
      let total = 3 * count
      while done < total {
        let n = Swift.min(done, total - done)
        (base + done).update(from: base, count: n)
        done += n
      }
    }
  }
}

extension Color {
  /// 0xRRGGBB.
  var key: UInt32 { UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b) }
}

/// Vertical text anchor.
public enum TextVAlign: Sendable { case top, middle, baseline }
