#if canImport(Glibc)
  import Glibc
#endif

/// Where a command writes text. Buffered; `flush()` before exiting.
public protocol TextSink: AnyObject {
  func write(_ s: String)
  /// Writes UTF-8 bytes as they are (`lrsched values` formats its rows into a byte buffer).
  func write(bytes: UnsafeRawBufferPointer)
  func flush()
}

extension TextSink {
  public func line(_ s: String = "") { write(s + "\n") }
  public func write(bytes: UnsafeRawBufferPointer) { write(String(decoding: bytes, as: UTF8.self)) }
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

  /// A large block goes to the descriptor directly, without a copy into the buffer.
  public func write(bytes: UnsafeRawBufferPointer) {
    if bytes.count < 1 << 12 {
      buffer.append(contentsOf: bytes)
      if buffer.count >= 1 << 16 { flush() }
      return
    }
    flush()
    writeAll(bytes)
  }

  public func flush() {
    buffer.withUnsafeBytes { writeAll($0) }
    buffer.removeAll(keepingCapacity: true)
  }

  private func writeAll(_ bytes: UnsafeRawBufferPointer) {
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

  public init(
    out: TextSink, err: TextSink, environment: [String: String] = [:], stderrIsTerminal: Bool = false,
    workingDirectory: String? = nil
  ) {
    self.out = out
    self.err = err
    self.environment = environment
    self.stderrIsTerminal = stderrIsTerminal
    self.workingDirectory = workingDirectory
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
