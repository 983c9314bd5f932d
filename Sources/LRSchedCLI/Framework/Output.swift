#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes text. Buffered; `flush()` before exiting.
public protocol TextSink: AnyObject {
  func write(_ s: String)
  /// Writes bytes as they are: UTF-8 rows (`lrsched values` formats them into a byte buffer)
  /// or a binary file (`plot -o -` writes the PNG to stdout).
  func write(bytes: UnsafeRawBufferPointer)
  func flush()
}

extension TextSink {
  public func line(_ s: String = "") { write(s + "\n") }
  public func write(bytes: UnsafeRawBufferPointer) { write(String(decoding: bytes, as: UTF8.self)) }
  public func write(bytes: [UInt8]) { bytes.withUnsafeBytes { write(bytes: $0) } }
}

/// A sink with a 64 KiB buffer in front of `emit`: small writes are collected, a large block
/// goes to `emit` directly without a copy. Subclasses say where the bytes go.
public class BufferedSink: TextSink {
  private var buffer: [UInt8] = []

  init() { buffer.reserveCapacity(1 << 16) }

  /// Writes `bytes` to the destination (called with whole buffers and with large blocks).
  func emit(_ bytes: UnsafeRawBufferPointer) {}

  public final func write(_ s: String) {
    buffer.append(contentsOf: s.utf8)
    if buffer.count >= 1 << 16 { flush() }
  }

  public final func write(bytes: UnsafeRawBufferPointer) {
    if bytes.count < 1 << 12 {
      buffer.append(contentsOf: bytes)
      if buffer.count >= 1 << 16 { flush() }
      return
    }
    flush()
    emit(bytes)
  }

  public final func flush() {
    guard !buffer.isEmpty else { return }
    buffer.withUnsafeBytes { emit($0) }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// Writes to a file descriptor (1 = stdout, 2 = stderr) through a 64 KiB buffer.
public final class FileStreamSink: BufferedSink {
  let fd: Int32

  public init(fd: Int32) {
    self.fd = fd
  }

  override func emit(_ bytes: UnsafeRawBufferPointer) {
    var offset = 0
    while offset < bytes.count {
      let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        break
      }
      offset += n
    }
  }

  deinit { flush() }
}

/// Collects text in memory (tests, and output to be written atomically).
public final class StringSink: TextSink {
  /// Everything written, as bytes.
  public private(set) var bytes: [UInt8] = []
  public init() {}
  /// Everything written, decoded as UTF-8.
  public var text: String { String(decoding: bytes, as: UTF8.self) }
  public func write(_ s: String) { bytes += s.utf8 }
  public func write(bytes b: UnsafeRawBufferPointer) { bytes += b }
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
  /// stdout is a terminal (`plot --term` colours its chart then).
  public let stdoutIsTerminal: Bool
  /// The terminal's size in cells from `ioctl(TIOCGWINSZ)` on stdout, when it is one.
  public let terminalSize: (columns: Int, rows: Int)?

  public init(
    out: TextSink, err: TextSink, environment: [String: String] = [:], stderrIsTerminal: Bool = false,
    workingDirectory: String? = nil, stdoutIsTerminal: Bool = false, terminalSize: (columns: Int, rows: Int)? = nil,
    stdin: String? = nil
  ) {
    self.out = out
    self.err = err
    self.environment = environment
    self.stderrIsTerminal = stderrIsTerminal
    self.workingDirectory = workingDirectory
    self.stdoutIsTerminal = stdoutIsTerminal
    self.terminalSize = terminalSize
    self.stdinText = stdin
  }

  /// Notes already written to stderr (a command that builds its plan twice says each once).
  var notesShown: Set<String> = []
  private var stdinRead: String?

  /// The whole of stdin (at most 4 MiB), read once: a command that builds its plan twice
  /// (`plot --step-on both`) gets the same text again.
  func readStdin() -> String {
    if let stdinText { return stdinText }
    if let stdinRead { return stdinRead }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while bytes.count <= 4 << 20 {
      let n = buf.withUnsafeMutableBytes { Glibc.read(0, $0.baseAddress, $0.count) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      bytes += buf[0..<n]
    }
    let text = String(decoding: bytes, as: UTF8.self)
    stdinRead = text
    return text
  }

  /// Colour only on a terminal and when `NO_COLOR` is unset.
  public var useColor: Bool { stderrIsTerminal && environment["NO_COLOR"] == nil }

  /// Colour on stdout: a terminal, and `NO_COLOR` unset (https://no-color.org).
  public var stdoutColor: Bool { stdoutIsTerminal && environment["NO_COLOR"] == nil }

  /// The size a terminal chart fills: `COLUMNS` and `LINES` when set (as the shell exports
  /// them), else the terminal's own size, else 80 × 24.
  public var chartSize: (columns: Int, rows: Int) {
    let c = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    let r = environment["LINES"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
    return (c ?? terminalSize?.columns ?? 80, r ?? terminalSize?.rows ?? 24)
  }

  /// The real process streams.
  public static func process() -> CommandIO {
    var env: [String: String] = [:]
    var p = environ
    while let c = p.pointee {
      let s = String(cString: c)
      if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
      p += 1
    }
    var size: (columns: Int, rows: Int)?
    var ws = winsize()
    if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0, ws.ws_row > 0 {
      size = (Int(ws.ws_col), Int(ws.ws_row))
    }
    return CommandIO(
      out: FileStreamSink(fd: 1), err: FileStreamSink(fd: 2), environment: env,
      stderrIsTerminal: isatty(2) == 1, stdoutIsTerminal: isatty(1) == 1, terminalSize: size)
  }
}
