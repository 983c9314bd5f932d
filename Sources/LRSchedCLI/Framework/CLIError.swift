/// An error a command reports: one line on stderr (plus caret lines for specs), and its
/// exit code: 2 for bad usage or input, 1 for a failure.
public struct CLIError: Error, Sendable, Equatable {
  public enum Kind: Sendable, Equatable { case usage, input, failure }
  public var kind: Kind
  public var message: String
  /// Extra lines after the message (the spec and its caret).
  public var detail: String?
  /// For usage errors: the command whose help to point at.
  public var command: String?

  public static func usage(_ m: String, command: String? = nil) -> CLIError {
    CLIError(kind: .usage, message: m, detail: nil, command: command)
  }
  public static func input(_ m: String, detail: String? = nil) -> CLIError {
    CLIError(kind: .input, message: m, detail: detail, command: nil)
  }
  public static func failure(_ m: String) -> CLIError {
    CLIError(kind: .failure, message: m, detail: nil, command: nil)
  }

  public var exitCode: Int32 { kind == .failure ? 1 : 2 }
}
