import LRSchedBench
import LRSchedCore
import LRSchedSpec

/// The one conversion from each error type a command meets to the `CLIError` it reports.
/// `place` names where the input came from (`--optimizer`, a checkpoint's path) and
/// prefixes the message: `--optimizer: unknown optimizer 'SDG'`.
extension CLIError {
  /// A spec or optimizer spec that does not parse, bind or build: bad input, with the
  /// spec and a caret under the problem.
  public init(_ e: SpecError, in place: String? = nil) {
    self = .input(Self.prefixed(e.message, place), detail: e.caretLines)
  }

  /// A checkpoint that cannot be continued: bad input.
  public init(_ e: CheckpointError, in place: String? = nil) {
    self = .input(Self.prefixed(e.message, place))
  }

  /// A reference file that is not JSON: bad input.
  public init(_ e: JSONError, in place: String? = nil) {
    self = .input(Self.prefixed("not a reference file: \(e)", place))
  }

  /// A file the command could not read: bad input.
  public init(_ e: FileReadError) {
    self = .input(e.message)
  }

  /// The benchmark library's errors: a bad argument is bad usage, an I/O failure or a network /
  /// server failure a failure, a missing or malformed data set (a bad checksum, a hostile archive
  /// or pickle) bad input (the library's message names file and offset).
  public init(_ e: BenchError) {
    switch e {
    case .invalidArgument: self = .usage(e.description)
    case .io, .network: self = .failure(e.description)
    default: self = .input(e.description)
    }
  }

  /// Any error: the conversions above by type, a `CLIError` as it is, anything else a failure.
  public init(any error: any Error, in place: String? = nil) {
    switch error {
    case let e as CLIError: self = e
    case let e as SpecError: self.init(e, in: place)
    case let e as CheckpointError: self.init(e, in: place)
    case let e as JSONError: self.init(e, in: place)
    case let e as FileReadError: self.init(e)
    case let e as BenchError: self.init(e)
    default: self = .failure(Self.prefixed("\(error)", place))
    }
  }

  static func prefixed(_ message: String, _ place: String?) -> String {
    place.map { "\($0): \(message)" } ?? message
  }
}
