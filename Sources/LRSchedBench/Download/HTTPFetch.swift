#if canImport(Glibc)
import Glibc
#endif
import CPNG

/// HTTP(S) GET into a file through libcurl, loaded at run time (`fetch.h`): TLS, redirects,
/// proxies (`https_proxy`), and resuming with a `Range` request come from libcurl; this wrapper
/// adds the limits (connect timeout, a stall timeout, a size cap) and maps the outcome to one
/// error. Why libcurl and why loaded at run time: README, "Downloading CIFAR-10".
enum HTTPFetch {
  struct Limits: Sendable {
    /// No archive this tool fetches is larger (CIFAR-10's is 170 MB); the cap when the expected
    /// size is not known.
    static let maxBytes: Int64 = 1 << 30
    /// The slowest transfer that is not a stall: fewer bytes a second, averaged over
    /// `stallSeconds`, abort (at 1 KiB/s CIFAR-10 would take two days).
    static let minBytesPerSecond = 1024

    var connectSeconds = 30
    /// Abort when fewer than `minBytesPerSecond` arrive for this long (no byte at all included).
    var stallSeconds = 60
    /// The file may not grow past this many bytes.
    var maxBytes: Int64 = Limits.maxBytes
  }

  enum Outcome: Equatable {
    case complete
    /// The server sent more than `maxBytes` (or announced it): nothing of it is worth keeping.
    case tooLarge
    /// The server ignored or refused the range: the caller restarts from byte 0.
    case rangeRefused
  }

  /// `progress(now, total)` returns false to abort (Ctrl-C).
  final class Progress {
    let report: (Int64, Int64) -> Bool
    init(_ report: @escaping (Int64, Int64) -> Bool) { self.report = report }
  }

  /// Appends the body of `url` from byte `offset` on to `fd` (positioned at its end).
  /// - Returns: the bytes written by this transfer and how it ended.
  static func get(
    _ url: String, appendingTo fd: Int32, path: String, offset: Int64, limits: Limits, progress: Progress
  ) throws -> (written: Int64, outcome: Outcome) {
    var t = lrf_transfer()
    t.fd = fd
    t.offset = offset
    t.limit = limits.maxBytes
    t.ctx = Unmanaged.passUnretained(progress).toOpaque()
    t.progress = { ctx, now, total in
      let p = Unmanaged<Progress>.fromOpaque(ctx!).takeUnretainedValue()
      return p.report(now, total) ? 0 : 1
    }
    let rc = url.withCString {
      lrf_fetch(&t, $0, limits.connectSeconds, limits.stallSeconds, Limits.minBytesPerSecond)
    }
    let message = withUnsafeBytes(of: t.error) { b in
      String(decoding: b.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    if rc == 0 { return (t.written, .complete) }
    if rc == Int32(LRF_NO_LIBCURL) {
      throw BenchError.network(
        url: url, reason: "libcurl is not installed (libcurl.so.4; Debian: apt-get install libcurl4)")
    }
    if t.write_errno != 0 { throw BenchError.io(path: path, operation: "write", errno: t.write_errno) }
    if t.too_large != 0 || rc == Int32(LRF_E_FILESIZE_EXCEEDED) { return (t.written, .tooLarge) }
    if rc == Int32(LRF_E_RANGE_ERROR) || t.status == 416 { return (t.written, .rangeRefused) }
    if rc == Int32(LRF_E_HTTP_ERROR) {
      throw BenchError.network(url: url, reason: t.status > 0 ? "the server answered HTTP \(t.status)" : message)
    }
    // libcurl's low-speed check ("Operation too slow. ...") or its connect timeout.
    if rc == Int32(LRF_E_TIMED_OUT) {
      if t.status > 0 || message.hasPrefix("Operation too slow") {
        throw BenchError.network(
          url: url,
          reason: "stalled: under \(Limits.minBytesPerSecond) bytes a second for \(limits.stallSeconds) s after \(offset + t.written) bytes")
      }
      throw BenchError.network(url: url, reason: "no connection within \(limits.connectSeconds) s (\(message))")
    }
    if rc == Int32(LRF_E_ABORTED) {
      throw BenchError.network(url: url, reason: "interrupted after \(offset + t.written) bytes")
    }
    throw BenchError.network(url: url, reason: "\(message) after \(offset + t.written) bytes")
  }
}
