#if canImport(Glibc)
  import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 (an ephemeral port) run on its own thread inside the
/// test process, for `lrsched data download`. One connection at a time, `Connection: close`.
/// Routes answer with a body (honouring `Range: bytes=N-` with 206), a status, a body that ignores
/// ranges, or a body whose first response is cut after some bytes (the connection is closed
/// mid-body) and later ones are whole.
final class TestHTTPServer: @unchecked Sendable {
  enum Route {
    case body([UInt8])
    case status(Int)
    case ignoresRange([UInt8])
    case dropsFirst([UInt8], after: Int)
  }

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

  private func send(_ c: Int32, _ bytes: [UInt8]) {
    var done = 0
    while done < bytes.count {
      let n = bytes[done...].withUnsafeBytes { Glibc.send(c, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { return }
      done += n
    }
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
    func head(_ status: String, _ headers: [String]) -> [UInt8] {
      Array((["HTTP/1.1 \(status)"] + headers + ["Connection: close", "", ""]).joined(separator: "\r\n").utf8)
    }
    switch route {
    case nil:
      send(c, head("404 Not Found", ["Content-Length: 9"]) + Array("not found".utf8))
    case .status(let s):
      send(c, head("\(s) Status", ["Content-Length: 0"]))
    case .ignoresRange(let body):
      send(c, head("200 OK", ["Content-Length: \(body.count)"]) + body)
    case .body(let body), .dropsFirst(let body, _):
      if case .dropsFirst(_, let after) = route, count == 0 {
        send(c, head("200 OK", ["Content-Length: \(body.count)"]) + body[0..<after])
        return
      }
      if let r = range, r.hasPrefix("bytes="), r.hasSuffix("-"), let from = Int(r.dropFirst(6).dropLast()) {
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
  }
}

extension String {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
