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
/// 8-bit palette, no filter (filters don't help indices) and zlib level 6; otherwise RGB
/// with adaptive filters.
public enum PNGFile {
  /// zlib level: 6 is zlib's default balance; 9 costs several times the time on long
  /// runs of one colour for a few percent of size.
  static let level: Int32 = 6

  public static func encode(_ canvas: Canvas, text: [(String, String)] = []) throws(PNGError) -> [UInt8] {
    let n = canvas.width * canvas.height
    var index: [UInt32: UInt8] = [:]
    var palette: [UInt8] = []
    var indices = [UInt8](repeating: 0, count: n)
    var indexed = true
    canvas.pixels.withUnsafeBufferPointer { px in
      var lastKey = UInt32.max
      var lastIndex: UInt8 = 0
      for i in 0..<n {
        let key = UInt32(px[3 * i]) << 16 | UInt32(px[3 * i + 1]) << 8 | UInt32(px[3 * i + 2])
        if key == lastKey {
          indices[i] = lastIndex  // runs of one colour are the common case in a chart
        } else if let k = index[key] {
          indices[i] = k
          lastKey = key
          lastIndex = k
        } else {
          if index.count == 256 {
            indexed = false
            return
          }
          let k = UInt8(index.count)
          index[key] = k
          palette += [px[3 * i], px[3 * i + 1], px[3 * i + 2]]
          indices[i] = k
          lastKey = key
          lastIndex = k
        }
      }
    }
    let colors = palette.count / 3
    let depth = colors <= 2 ? 1 : colors <= 4 ? 2 : colors <= 16 ? 4 : 8
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
          return indices.withUnsafeBufferPointer { ip in
            palette.withUnsafeBufferPointer { pp in
              cpng_encode(
                &buffer, &err, Int32(canvas.width), Int32(canvas.height), ip.baseAddress, pp.baseAddress,
                Int32(colors), Int32(depth), kp.baseAddress, vp.baseAddress, Int32(text.count), Self.level)
            }
          }
        }
        return canvas.pixels.withUnsafeBufferPointer { ip in
          cpng_encode(
            &buffer, &err, Int32(canvas.width), Int32(canvas.height), ip.baseAddress, nil, 0, 8,
            kp.baseAddress, vp.baseAddress, Int32(text.count), Self.level)
        }
      }
    }
    guard rc == 0 else { throw PNGError(message: errorText(&err)) }
    return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
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
