/// A command-line option: `--name VALUE`, `--name=VALUE`, or a flag.
public struct OptionSpec: Sendable {
  public var name: String
  public var short: String?
  /// Placeholder shown in help (`N`, `FILE`); `nil` for a flag.
  public var valueName: String?
  public var help: String
  public var defaultValue: String?
  /// May be given several times.
  public var repeatable: Bool
  /// The closed set of values the option takes (shell completions offer them), or nil.
  public var choices: [String]?

  public init(
    _ name: String, short: String? = nil, value: String? = nil, help: String, default defaultValue: String? = nil,
    repeatable: Bool = false, choices: [String]? = nil
  ) {
    self.name = name
    self.short = short
    self.valueName = value
    self.help = help
    self.defaultValue = defaultValue
    self.repeatable = repeatable
    self.choices = choices
  }

  /// An option whose values are the cases of `T` (`--theme light|dark`).
  public init<T: OptionValue>(
    _ name: String, short: String? = nil, value: String, help: String, default defaultValue: T? = nil, choices: T.Type
  ) {
    self.init(
      name, short: short, value: value, help: help, default: defaultValue?.rawValue,
      choices: T.allCases.map(\.rawValue))
  }

  public var isFlag: Bool { valueName == nil }
}

/// A closed set of option values: an enum of strings (`ImageFormat`, `ThemeName`, …).
public protocol OptionValue: RawRepresentable<String>, CaseIterable, Sendable {}

/// A command: its help, options, and what it runs.
public struct Command: Sendable {
  public typealias Run = @Sendable (ParsedArguments, CommandIO) throws(CLIError) -> Int32
  public var name: String
  public var summary: String
  /// Usage lines after `lrsched NAME` (e.g. `SPEC… [options]`).
  public var usage: [String]
  public var positionalHelp: [(String, String)]
  public var options: [OptionSpec]
  /// Free text after the options (examples, notes).
  public var discussion: String
  /// Accepts no more than this many positional arguments (`nil`: any number).
  public var maxPositionals: Int?
  public var minPositionals: Int
  /// Words a shell completes for the positional arguments (actions, scheduler names).
  public var positionalChoices: [String]
  public var run: Run

  public init(
    name: String, summary: String, usage: [String], positionals: [(String, String)] = [], options: [OptionSpec],
    discussion: String = "", minPositionals: Int = 0, maxPositionals: Int? = nil, positionalChoices: [String] = [],
    run: @escaping Run
  ) {
    self.positionalChoices = positionalChoices
    self.name = name
    self.summary = summary
    self.usage = usage
    self.positionalHelp = positionals
    self.options = options + [OptionSpec("--help", short: "-h", help: "Show this help.")]
    self.discussion = discussion
    self.minPositionals = minPositionals
    self.maxPositionals = maxPositionals
    self.run = run
  }
}

/// The parsed command line of one command.
public struct ParsedArguments: Sendable {
  public var command: String
  public var positionals: [String] = []
  var values: [String: [String]] = [:]
  var flags: Set<String> = []

  public init(command: String) { self.command = command }

  public func has(_ flag: String) -> Bool { flags.contains(flag) || values[flag] != nil }
  public func value(_ name: String) -> String? { values[name]?.last }
  public func all(_ name: String) -> [String] { values[name] ?? [] }

  /// A positive (or non-negative) integer option, refusing junk, NaN and absurd sizes.
  public func int(_ name: String, default d: Int, min: Int = 1, max: Int = 1_000_000_000) throws(CLIError) -> Int {
    guard let s = value(name) else { return d }
    guard let v = Int(s.filter { $0 != "_" }) else {
      throw .usage("\(name) expects an integer, got '\(s)'", command: command)
    }
    guard v >= min else { throw .usage("\(name) must be at least \(min), got \(v)", command: command) }
    guard v <= max else { throw .usage("\(name) must be at most \(max), got \(v)", command: command) }
    return v
  }

  /// A finite number option.
  public func double(_ name: String, default d: Double) throws(CLIError) -> Double {
    guard let s = value(name) else { return d }
    guard let v = Double(s), v.isFinite else {
      throw .usage("\(name) expects a finite number, got '\(s)'", command: command)
    }
    return v
  }

  /// One of the cases of `T`, by its raw value; the error lists them and suggests the closest.
  public func choice<T: OptionValue>(_ name: String, default d: T) throws(CLIError) -> T {
    T(rawValue: try choice(name, T.allCases.map(\.rawValue), default: d.rawValue))!
  }

  /// One of a fixed set of words.
  public func choice(_ name: String, _ choices: [String], default d: String) throws(CLIError) -> String {
    guard let s = value(name) else { return d }
    guard choices.contains(s) else {
      let hint = Suggestions.closest(s, choices).map { "; did you mean '\($0)'?" } ?? ""
      throw .usage("\(name) must be one of \(choices.joined(separator: ", ")), got '\(s)'\(hint)", command: command)
    }
    return s
  }
}
