/// An error a scheduler raises, named as the Python library names it.
///
/// `pythonType` is the exception class the reference library raises (`ValueError`,
/// `ZeroDivisionError`, `IndexError`, `KeyError`, `AssertionError`) and `message` is
/// `str(exception)` verbatim, so `lrsched verify` can compare both.
public struct ScheduleError: Error, Sendable, Equatable, CustomStringConvertible {
  public var pythonType: String
  public var message: String
  /// Python raises nothing here: it carries on with a value no run can record (a complex
  /// lr). The error counts only if a later step would train with that value; the scheduler
  /// call after the last recorded step may produce one silently, as in Python.
  public var unrepresentable = false

  public init(_ pythonType: String, _ message: String) {
    self.pythonType = pythonType
    self.message = message
  }

  public static func value(_ message: String) -> ScheduleError { ScheduleError("ValueError", message) }
  public static let zeroDivision = ScheduleError("ZeroDivisionError", "float division by zero")

  /// Equal when Python would print the same exception (the `unrepresentable` mark is
  /// lrsched's bookkeeping).
  public static func == (a: ScheduleError, b: ScheduleError) -> Bool {
    a.pythonType == b.pythonType && a.message == b.message
  }

  public var description: String { message.isEmpty ? pythonType : "\(pythonType): \(message)" }
}
