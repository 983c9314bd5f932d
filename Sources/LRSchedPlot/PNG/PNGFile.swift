import CPNG

/// An error from libpng, with libpng's own message.
public struct PNGError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}

/// A decoded image, RGBA8 row-major.
public struct RGBAImage: Sendable, Equatable {
  public var width: Int
  public var height: Int
  public var pixels: [UInt8]
}

/// PNG encoding and decoding: the only file that imports `CPNG`.
///
/// Encoding picks the smallest honest representation: a chart has few distinct colours
/// (coverage is quantised to 16 levels), so it becomes an indexed PNG with a 1, 2, 4 or
/// 8-bit palette; otherwise RGB with adaptive filters. Text chunks are tEXt for ASCII and
/// iTXt (UTF-8) otherwise.
///
/// Indexed images use the Up filter and zlib's run-length strategy: a chart's rows mostly
/// repeat the row above (background, vertical grid lines, frames), so Up turns them into
/// zero runs that RLE codes almost for free. Over the 29 indexed CLI goldens this is 483 KB
/// against 369 KB for no filter at level 6 (+31%), and about a sixth of the compression time
/// (docs/plotting.md, Speed); the onecycle figure is 39.7 KB, half of matplotlib's.
public enum PNGFile {
  /// zlib level of the RGB fallback: 6 is zlib's default balance.
  static let level: Int32 = 6

  public static func encode(_ canvas: Canvas, text: [(String, String)] = []) throws(PNGError) -> [UInt8] {
    let n = canvas.width * canvas.height
    var palette: [UInt8] = []
    // Indices made here (remapped, or matched from RGB); nil: the canvas's own, as they are.
    var indices: [UInt8]?
    var indexed: Bool
    if canvas.indexed {
      // The canvas's own palette, without the colours no pixel shows any more.
      (indices, palette) = compacted(canvas)
      indexed = true
    } else {
      var matched = [UInt8](repeating: 0, count: n)
      indexed = canvas.rgb.withUnsafeBufferPointer { px in
        matched.withUnsafeMutableBufferPointer { out in Self.index(px, n, into: out, palette: &palette) }
      }
      indices = matched
    }
    let colors = palette.count / 3
    let depth = Self.depth(colors: colors)
    var buffer = cpng_buffer(data: nil, size: 0, capacity: 0, failed: 0)
    var err = cpng_error()
    let keys = text.map { strdup($0.0) }
    let values = text.map { strdup($0.1) }
    defer {
      keys.forEach { free($0) }
      values.forEach { free($0) }
      cpng_free(&buffer)
    }
    let keyPtrs: [UnsafePointer<CChar>?] = keys.map { UnsafePointer($0) }
    let valuePtrs: [UnsafePointer<CChar>?] = values.map { UnsafePointer($0) }
    let rc: Int32 = keyPtrs.withUnsafeBufferPointer { kp in
      valuePtrs.withUnsafeBufferPointer { vp in
        if indexed {
          func write(_ ip: UnsafeBufferPointer<UInt8>) -> Int32 {
            palette.withUnsafeBufferPointer { pp in
              cpng_encode(
                &buffer, &err, Int32(canvas.width), Int32(canvas.height), ip.baseAddress, pp.baseAddress,
                Int32(colors), Int32(depth), kp.baseAddress, vp.baseAddress, Int32(text.count), 1,
                Int32(CPNG_FILTER_UP), Z_RLE)
            }
          }
          if let indices { return indices.withUnsafeBufferPointer(write) }
          return canvas.withIndices(write)
        }
        return canvas.rgb.withUnsafeBufferPointer { ip in
          cpng_encode(
            &buffer, &err, Int32(canvas.width), Int32(canvas.height), ip.baseAddress, nil, 0, 8,
            kp.baseAddress, vp.baseAddress, Int32(text.count), Self.level, Int32(CPNG_ALL_FILTERS), Z_DEFAULT_STRATEGY)
        }
      }
    }
    guard rc == 0 else { throw PNGError(message: errorText(&err)) }
    return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
  }

  /// A palette canvas's indices and palette (RGB bytes) with unused entries dropped when that
  /// lowers the bit depth to fit the colours shown. When it would not (a chart with more than
  /// 16 colours stays at 8 bits), the palette keeps its unused entries, 3 bytes each, and the
  /// indices are passed on as they are instead of being copied through a remap.
  /// Returns nil for indices the canvas's own serve unchanged.
  static func compacted(_ canvas: Canvas) -> ([UInt8]?, [UInt8]) {
    var used = [Bool](repeating: false, count: 256)
    used.withUnsafeMutableBufferPointer { u in
      canvas.withIndices { ip in
        let raw = UnsafeRawBufferPointer(ip)
        // Eight pixels at a time; a chart is mostly runs, so most words repeat the last one.
        let words = raw.count / 8
        var last: UInt64 = 0
        var any = false
        for k in 0..<words {
          let v = raw.loadUnaligned(fromByteOffset: 8 * k, as: UInt64.self)
          if any && v == last { continue }
          last = v
          any = true
          for b in 0..<8 { u[Int(truncatingIfNeeded: v >> (8 * b)) & 0xFF] = true }
        }
        for i in (8 * words)..<raw.count { u[Int(raw[i])] = true }
      }
    }
    var remap = [UInt8](repeating: 0, count: 256)
    var palette: [UInt8] = []
    for (k, c) in canvas.palette.enumerated() where used[k] {
      remap[k] = UInt8(palette.count / 3)
      palette += [c.r, c.g, c.b]
    }
    let shown = palette.count / 3
    guard shown < canvas.palette.count else { return (nil, palette) }
    if depth(colors: shown) == depth(colors: canvas.palette.count) {
      return (nil, canvas.palette.flatMap { [$0.r, $0.g, $0.b] })
    }
    return (canvas.withIndices { $0.map { remap[Int($0)] } }, palette)
  }

  /// The PNG bit depth of a palette of `colors` entries.
  static func depth(colors: Int) -> Int { colors <= 2 ? 1 : colors <= 4 ? 2 : colors <= 16 ? 4 : 8 }

  /// Maps RGB pixels to palette indices in order of first appearance; false when the image
  /// has more than 256 colours. A direct-mapped cache in front of the dictionary answers
  /// almost every pixel (a chart repeats a few colours), so the pass costs about a
  /// nanosecond a pixel.
  static func index(
    _ px: UnsafeBufferPointer<UInt8>, _ n: Int, into indices: UnsafeMutableBufferPointer<UInt8>, palette: inout [UInt8]
  ) -> Bool {
    var table: [UInt32: UInt8] = [:]
    var cacheKey = [UInt32](repeating: UInt32.max, count: 4096)
    var cacheIndex = [UInt8](repeating: 0, count: 4096)
    var lastKey = UInt32.max
    var lastIndex: UInt8 = 0
    for i in 0..<n {
      let key = UInt32(px[3 * i]) << 16 | UInt32(px[3 * i + 1]) << 8 | UInt32(px[3 * i + 2])
      if key == lastKey {
        indices[i] = lastIndex  // runs of one colour are the common case in a chart
        continue
      }
      let slot = Int((key &* 0x9E37_79B1) >> 20)
      let k: UInt8
      if cacheKey[slot] == key {
        k = cacheIndex[slot]
      } else if let found = table[key] {
        k = found
      } else {
        if table.count == 256 { return false }
        k = UInt8(table.count)
        table[key] = k
        palette += [px[3 * i], px[3 * i + 1], px[3 * i + 2]]
      }
      cacheKey[slot] = key
      cacheIndex[slot] = k
      indices[i] = k
      lastKey = key
      lastIndex = k
    }
    return true
  }

  /// Decodes PNG bytes (any colour type) to RGBA8.
  public static func decode(_ bytes: [UInt8]) throws(PNGError) -> RGBAImage {
    var w: Int32 = 0, h: Int32 = 0
    var out: UnsafeMutablePointer<UInt8>?
    var err = cpng_error()
    let rc = bytes.withUnsafeBufferPointer { cpng_decode_rgba($0.baseAddress, $0.count, &w, &h, &out, &err) }
    guard rc == 0, let out else { throw PNGError(message: errorText(&err)) }
    defer { free(out) }
    let n = Int(w) * Int(h) * 4
    return RGBAImage(width: Int(w), height: Int(h), pixels: Array(UnsafeBufferPointer(start: out, count: n)))
  }

  static func errorText(_ e: inout cpng_error) -> String {
    withUnsafeBytes(of: &e.message) { raw in
      let bytes = raw.prefix { $0 != 0 }
      let s = String(decoding: bytes, as: UTF8.self)
      return s.isEmpty ? "libpng error" : s
    }
  }
}
