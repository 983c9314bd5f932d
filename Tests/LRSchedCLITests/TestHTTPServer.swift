#if canImport(Glibc)
  import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (an ephemeral port) run on its own thread inside the
/// test process, for `lrsched data download`. One connection at a time, `Connection: close`.
/// Routes answer with a body (honouring `Range: bytes=N-` with 206), a status, a body that ignores
/// ranges, or a body whose first response is cut after some bytes (the connection is closed
/// mid-body, or stalls: it stays open and silent) and later ones are whole; and the hostile
/// ones: silence after the request, an endless body, a body larger than announced.
final class TestHTTPServer: @unchecked Sendable {
  enum Route {
    case body([UInt8])
    case status(Int)
    case ignoresRange([UInt8])
    case dropsFirst([UInt8], after: Int)
    /// The first response sends the headers (full length) and `after` bytes of `first`, then
    /// closes (`stall` false) or goes silent until the client hangs up. Later responses serve
    /// `then`, honouring `Range` when `ranges`, else answering 200 with the whole body.
    case cutFirst(first: [UInt8], after: Int, stall: Bool, ranges: Bool, then: [UInt8])
    /// Reads the request and never answers (until the client hangs up).
    case silent
    /// 200 with no Content-Length, then zeros until the client hangs up (at most `max` bytes).
    case endless(max: Int)
    /// 200 announcing `length` bytes and sending zeros until the client hangs up.
    case announces(length: Int)
  }

  /// How long a stalled or silent response waits for the client to hang up, at most.
  static let stallLimitSeconds: Int32 = 30

  struct Request: Equatable {
    var path: String
    var range: String?
  }

  let port: UInt16
  private let listener: Int32
  private var routes: [String: Route]
  private var served: [String: Int] = [:]
  private var log: [Request] = []
  private var lock = pthread_mutex_t()
  private var thread: pthread_t?

  init(_ routes: [String: Route]) {
    self.routes = routes
    pthread_mutex_init(&lock, nil)
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    self.listener = listener
    var one: Int32 = 1
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        precondition(bind(listener, $0, len) == 0, "bind failed")
        precondition(getsockname(listener, $0, &len) == 0)
      }
    }
    port = UInt16(bigEndian: addr.sin_port)
    precondition(listen(listener, 8) == 0)
    let box = Unmanaged.passRetained(self).toOpaque()
    var t = pthread_t()
    pthread_create(&t, nil, { arg in
      let server = Unmanaged<TestHTTPServer>.fromOpaque(arg!).takeRetainedValue()
      server.serve()
      return nil
    }, box)
    thread = t
  }

  func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  var requests: [Request] {
    pthread_mutex_lock(&lock)
    defer { pthread_mutex_unlock(&lock) }
    return log
  }

  /// Stops accepting and waits for the thread.
  func stop() {
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
    if let thread { pthread_join(thread, nil) }
    thread = nil
  }

  private func serve() {
    while true {
      let c = accept(listener, nil, nil)
      if c < 0 {
        if errno == EINTR { continue }
        return
      }
      handle(c)
      close(c)
    }
  }

  @discardableResult
  private func send(_ c: Int32, _ bytes: ArraySlice<UInt8>) -> Bool {
    var done = 0
    while done < bytes.count {
      let n = bytes.dropFirst(done).withUnsafeBytes { Glibc.send(c, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return false }
      done += n
    }
    return true
  }

  @discardableResult
  private func send(_ c: Int32, _ bytes: [UInt8]) -> Bool { send(c, bytes[...]) }

  /// Stays silent until the client closes the connection (or `stallLimitSeconds` pass).
  private func waitForHangUp(_ c: Int32) {
    var p = pollfd(fd: c, events: Int16(POLLIN), revents: 0)
    var buf = [UInt8](repeating: 0, count: 512)
    let deadline = time(nil) + Int(Self.stallLimitSeconds)
    while time(nil) < deadline {
      let r = poll(&p, 1, 1000)
      if r < 0 && errno != EINTR { return }
      if r > 0 {
        let n = buf.withUnsafeMutableBytes { recv(c, $0.baseAddress!, $0.count, 0) }
        if n <= 0 { return }
      }
    }
  }

  /// Zeros until the client stops reading or `max` bytes are sent.
  private func sendZeros(_ c: Int32, max: Int) {
    let zeros = [UInt8](repeating: 0, count: 65536)
    var sent = 0
    while sent < max, send(c, zeros[0..<min(zeros.count, max - sent)]) { sent += zeros.count }
  }

  private func serveWhole(_ c: Int32, _ body: [UInt8], range: String?, ranges: Bool) {
    if ranges, let r = range, r.hasPrefix("bytes="), r.hasSuffix("-"), let from = Int(r.dropFirst(6).dropLast()) {
      guard from < body.count else {
        send(c, head("416 Range Not Satisfiable", ["Content-Range: bytes */\(body.count)", "Content-Length: 0"]))
        return
      }
      send(
        c,
        head("206 Partial Content", ["Content-Length: \(body.count - from)", "Content-Range: bytes \(from)-\(body.count - 1)/\(body.count)"])
          + body[from...])
    } else {
      send(c, head("200 OK", ["Content-Length: \(body.count)"]) + body)
    }
  }

  private func head(_ status: String, _ headers: [String]) -> [UInt8] {
    Array((["HTTP/1.1 \(status)"] + headers + ["Connection: close", "", ""]).joined(separator: "\r\n").utf8)
  }

  private func handle(_ c: Int32) {
    var request = [UInt8]()
    var buf = [UInt8](repeating: 0, count: 4096)
    while request.count < 16384 {
      let n = buf.withUnsafeMutableBytes { recv(c, $0.baseAddress!, $0.count, 0) }
      if n <= 0 { return }
      request += buf[0..<n]
      if String(decoding: request, as: UTF8.self).contains("\r\n\r\n") { break }
    }
    let text = String(decoding: request, as: UTF8.self)
    let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
    let parts = (lines.first ?? "").split(separator: " ")
    let path = parts.count > 1 ? String(parts[1]) : "/"
    var range: String?
    for l in lines.dropFirst() where l.lowercased().hasPrefix("range:") {
      range = String(l.dropFirst(6)).trimmingSpaces
    }
    pthread_mutex_lock(&lock)
    log.append(Request(path: path, range: range))
    let route = routes[path]
    let count = served[path, default: 0]
    served[path] = count + 1
    pthread_mutex_unlock(&lock)
    switch route {
    case nil:
      send(c, head("404 Not Found", ["Content-Length: 9"]) + Array("not found".utf8))
    case .status(let s):
      send(c, head("\(s) Status", ["Content-Length: 0"]))
    case .ignoresRange(let body):
      send(c, head("200 OK", ["Content-Length: \(body.count)"]) + body)
    case .body(let body):
      serveWhole(c, body, range: range, ranges: true)
    case .dropsFirst(let body, let after):
      if count == 0 {
        send(c, head("200 OK", ["Content-Length: \(body.count)"]) + body[0..<after])
      } else {
        serveWhole(c, body, range: range, ranges: true)
      }
    case .cutFirst(let first, let after, let stall, let ranges, let then):
      if count == 0 {
        send(c, head("200 OK", ["Content-Length: \(first.count)"]) + first[0..<after])
        if stall { waitForHangUp(c) }
      } else {
        serveWhole(c, then, range: range, ranges: ranges)
      }
    case .silent:
      waitForHangUp(c)
    case .endless(let max):
      send(c, head("200 OK", []))
      sendZeros(c, max: max)
    case .announces(let length):
      send(c, head("200 OK", ["Content-Length: \(length)"]))
      sendZeros(c, max: length)
    }
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
