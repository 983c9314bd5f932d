#if canImport(Glibc)
import Glibc
#endif
import CPNG

/// Streams a gzip file (RFC 1952, through zlib's `inflate`) to a consumer in chunks, reading and
/// holding at most two 256 KiB buffers. Concatenated members are inflated in turn (as `gzip -d`).
/// A stream that ends before its trailer is a truncated archive; corrupt data names zlib's
/// message and the compressed byte offset.
enum Gunzip {
  static let chunk = 256 << 10

  static func stream(_ path: String, _ consume: (UnsafeRawBufferPointer) throws -> Void) throws {
    let fd = try PosixFiles.openRead(path)
    defer { close(fd) }
    var z = z_stream()
    guard lrz_open(&z) == Z_OK else { throw BenchError.archive(path: path, reason: "zlib inflateInit failed") }
    defer { inflateEnd(&z) }
    let input = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
    let output = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk)
    defer {
      input.deallocate()
      output.deallocate()
    }
    var offset = 0
    var atMemberEnd = false
    var sawInput = false
    while true {
      var n: Int
      repeat { n = read(fd, input, chunk) } while n < 0 && errno == EINTR
      if n < 0 { throw BenchError.io(path: path, operation: "read", errno: errno) }
      if n == 0 { break }
      sawInput = true
      z.next_in = input
      z.avail_in = UInt32(n)
      while z.avail_in > 0 {
        if atMemberEnd {
          inflateReset(&z)
          atMemberEnd = false
        }
        z.next_out = output
        z.avail_out = UInt32(chunk)
        let rc = inflate(&z, Z_NO_FLUSH)
        let produced = chunk - Int(z.avail_out)
        if produced > 0 { try consume(UnsafeRawBufferPointer(start: output, count: produced)) }
        if rc == Z_STREAM_END {
          atMemberEnd = true
        } else if rc == Z_BUF_ERROR {
          break  // needs more input
        } else if rc != Z_OK {
          let message = z.msg.map { String(cString: $0) } ?? "error \(rc)"
          throw BenchError.archive(
            path: path, reason: "corrupt gzip data near byte \(offset + n - Int(z.avail_in)): \(message)")
        }
      }
      // Output may still be pending with all input consumed.
      while !atMemberEnd {
        z.next_out = output
        z.avail_out = UInt32(chunk)
        let rc = inflate(&z, Z_NO_FLUSH)
        let produced = chunk - Int(z.avail_out)
        if produced > 0 { try consume(UnsafeRawBufferPointer(start: output, count: produced)) }
        if rc == Z_STREAM_END { atMemberEnd = true }
        if produced == 0 || rc != Z_OK { break }
      }
      offset += n
    }
    guard sawInput else { throw BenchError.archive(path: path, reason: "empty file, not a gzip archive") }
    guard atMemberEnd else {
      throw BenchError.archive(path: path, reason: "truncated: the gzip stream ends at byte \(offset) before its end")
    }
  }
}
