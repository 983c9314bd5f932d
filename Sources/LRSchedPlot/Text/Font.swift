import CFontAtlas

/// A bitmap font from the embedded atlas (`Sources/CFontAtlas`, generated once from DejaVu Sans
/// by `Scripts/make-font-atlas.py`), so text renders to the same pixels on every machine. The
/// atlas is constant C data: a face is read in place, nothing is decoded at start-up.
public final class Font: @unchecked Sendable {
  public struct Glyph: Sendable {
    /// Advance in 1/64 px.
    public var advance64: Int
    public var left: Int
    /// Top row relative to the baseline (negative: above it).
    public var top: Int
    public var width: Int
    public var height: Int
    var offset: Int
  }

  public let name: String
  public let size: Int
  public let ascent: Int
  public let descent: Int
  let glyphs: [UInt32: Glyph]
  /// The coverage bitmaps, in the binary's read-only data (never freed).
  let alpha: UnsafeBufferPointer<UInt8>

  init(_ face: lrsched_font_face) {
    name = String(cString: face.name)
    size = Int(face.size)
    ascent = Int(face.ascent)
    descent = Int(face.descent)
    let m = face.metrics!
    var g: [UInt32: Glyph] = [:]
    g.reserveCapacity(Int(face.glyph_count))
    for k in 0..<Int(face.glyph_count) {
      let i = 7 * k
      g[UInt32(m[i])] = Glyph(
        advance64: Int(m[i + 1]), left: Int(m[i + 2]), top: Int(m[i + 3]), width: Int(m[i + 4]),
        height: Int(m[i + 5]), offset: Int(m[i + 6]))
    }
    glyphs = g
    alpha = UnsafeBufferPointer(start: face.alpha, count: Int(face.alpha_count))
  }

  /// Regular text (tick labels, legend): 13 px.
  public static let small = load("regular13")
  /// Axis labels: 15 px.
  public static let label = load("regular15")
  /// Titles: bold 17 px.
  public static let title = load("bold17")

  static func load(_ name: String) -> Font {
    guard let face = lrsched_font_face_named(name) else { fatalError("no face \(name) in the font atlas") }
    return Font(face.pointee)
  }

  /// The glyph of `s`, or the replacement character's (U+FFFD, a visible �) when the
  /// atlas has none.
  func glyph(_ s: Unicode.Scalar) -> Glyph? { glyphs[s.value] ?? glyphs[0xFFFD] }

  /// The characters of `text` the atlas has no glyph for (drawn as �), each once, in order.
  /// Every face holds the same characters.
  public func missing(in text: String) -> [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for s in text.unicodeScalars where glyphs[s.value] == nil && !out.contains(s) { out.append(s) }
    return out
  }

  /// Width of a string in pixels.
  public func width(_ text: String) -> Int {
    var w = 0
    for s in text.unicodeScalars { w += glyph(s)?.advance64 ?? 0 }
    return (w + 32) / 64
  }

  /// Height of capital letters in pixels (DejaVu Sans: 0.73 em).
  public var capHeight: Int { Int((Double(size) * 0.73).rounded()) }

  /// Line height in pixels.
  public var lineHeight: Int { ascent + descent }

  /// Calls `body(x, y, coverage)` for each covered pixel of `text` drawn with its baseline
  /// origin at (0, 0), unrotated.
  func forEachPixel(_ text: String, _ body: (Int, Int, UInt8) -> Void) {
    var pen = 0
    for s in text.unicodeScalars {
      guard let g = glyph(s) else { continue }
      let x0 = (pen + 32) / 64 + g.left
      for row in 0..<g.height {
        for col in 0..<g.width {
          let a = alpha[g.offset + row * g.width + col]
          if a != 0 { body(x0 + col, g.top + row, a) }
        }
      }
      pen += g.advance64
    }
  }

  /// Breaks text into lines no wider than `maxWidth` pixels and balances them: the fewest
  /// lines greedy filling needs, each as close to the same width as possible (no lone last
  /// word). Breaks go at spaces outside nested brackets (`[5, 35]` stays whole) and never
  /// before a `·` separator, which is dropped at a line's end; when that leaves a line too
  /// wide, any space will do. A single token wider than `maxWidth` gets a line of its own.
  public func wrap(_ text: String, maxWidth: Int) -> [String] {
    if width(text) <= maxWidth { return [text] }
    var tokens = Self.tokens(text, nested: false)
    var greedy = greedyWrap(tokens, maxWidth: maxWidth)
    if greedy.contains(where: { width($0) > maxWidth }) {
      tokens = Self.tokens(text, nested: true)
      greedy = greedyWrap(tokens, maxWidth: maxWidth)
    }
    guard greedy.count > 1 else { return greedy }
    // The narrowest width that still needs no more lines.
    var lo = 1, hi = maxWidth
    while lo < hi {
      let mid = (lo + hi) / 2
      if greedyWrap(tokens, maxWidth: mid).count <= greedy.count { hi = mid } else { lo = mid + 1 }
    }
    return greedyWrap(tokens, maxWidth: lo)
  }

  /// Pieces of `text` that a line may end after (each keeps its trailing spaces).
  static func tokens(_ text: String, nested: Bool) -> [String] {
    var out: [String] = []
    var token = ""
    var depth = 0
    let chars = Array(text)
    for (i, ch) in chars.enumerated() {
      token.append(ch)
      if "([{".contains(ch) { depth += 1 }
      if ")]}".contains(ch) { depth = max(0, depth - 1) }
      let next = i + 1 < chars.count ? chars[i + 1] : nil
      // A break opportunity: after a run of spaces, unless a `·` follows.
      if ch == " " && next != " " && next != "·" && (nested || depth <= 1) {
        out.append(token)
        token = ""
      }
    }
    if !token.isEmpty { out.append(token) }
    return out
  }

  func greedyWrap(_ tokens: [String], maxWidth: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for token in tokens {
      if current.isEmpty || width(Self.lineEnd(current + token)) <= maxWidth {
        current += token
      } else {
        lines.append(Self.lineEnd(current))
        current = token
      }
    }
    if !current.isEmpty { lines.append(Self.lineEnd(current)) }
    return lines
  }

  /// A line without trailing spaces or a trailing `·` separator.
  static func lineEnd(_ s: String) -> String {
    var t = s.trimmingTrailingSpaces()
    if t.hasSuffix("·") {
      t.removeLast()
      t = t.trimmingTrailingSpaces()
    }
    return t
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}

extension Figure {
  /// Every piece of text the raster draws: title, notes, axis labels, legend entries and
  /// annotations.
  public var texts: [String] {
    var t = [title ?? ""] + notes
    for p in panels {
      t += [p.x.label, p.left.label, p.right?.label ?? ""]
      t += p.series.map(\.label) + p.markers.map(\.label) + p.annotations.map(\.text) + p.vlines.compactMap(\.label)
    }
    return t
  }

  /// The characters the embedded font lacks in any of the figure's texts (a PNG draws them
  /// as �), each once.
  public var missingGlyphs: [Unicode.Scalar] {
    var out: [Unicode.Scalar] = []
    for s in Font.small.missing(in: texts.joined(separator: " ")) where !out.contains(s) { out.append(s) }
    return out
  }
}
