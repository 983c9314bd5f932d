#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes text. Buffered; `flush()` before exiting.
public protocol TextSink: AnyObject {
  func write(_ s: String)
  func flush()
}

extension TextSink {
  public func line(_ s: String = "") { write(s + "\n") }
}

/// Writes to a file descriptor (1 = stdout, 2 = stderr) through a 64 KiB buffer.
public final class FileStreamSink: TextSink {
  let fd: Int32
  var buffer: [UInt8] = []

  public init(fd: Int32) {
    self.fd = fd
    buffer.reserveCapacity(1 << 16)
  }

  public func write(_ s: String) {
    buffer.append(contentsOf: s.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  public func flush() {
    var offset = 0
    while offset < buffer.count {
      let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += n
    }
    buffer.removeAll(keepingCapacity: true)
  }

  deinit { flush() }
}

/// Collects text in memory (tests, and output to be written atomically).
public final class StringSink: TextSink {
  public private(set) var text = ""
  public init() {}
  public func write(_ s: String) { text += s }
  public func flush() {}
}

/// The process environment a command sees: its output streams, variables and whether
/// stdout/stderr are terminals. Injectable so every command runs in-process in tests.
public final class CommandIO {
  public let out: TextSink
  public let err: TextSink
  public let environment: [String: String]
  public let stderrIsTerminal: Bool
  public let workingDirectory: String?
  /// What `-f -` reads (nil: the process's stdin).
  let stdinText: String?

  public init(
    out: TextSink, err: TextSink, environment: [String: String] = [:], stderrIsTerminal: Bool = false,
    workingDirectory: String? = nil, stdin: String? = nil
  ) {
    self.out = out
    self.err = err
    self.stdinText = stdin
    self.environment = environment
    self.stderrIsTerminal = stderrIsTerminal
    self.workingDirectory = workingDirectory
  }

  /// The whole of stdin (at most 4 MiB).
  func readStdin() -> String {
    if let stdinText { return stdinText }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= 4 << 20 {
      let n = buf.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Colour only on a terminal and when `NO_COLOR` is unset.
  public var useColor: Bool { stderrIsTerminal && environment["NO_COLOR"] == nil }

  /// The real process streams.
  public static func process() -> CommandIO {
    var env: [String: String] = [:]
    var p = environ
    while let c = p.pointee {
      let s = String(cString: c)
      if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
      p += 1
    }
    return CommandIO(
      out: FileStreamSink(fd: 1), err: FileStreamSink(fd: 2), environment: env,
      stderrIsTerminal: isatty(2) == 1)
  }
}
