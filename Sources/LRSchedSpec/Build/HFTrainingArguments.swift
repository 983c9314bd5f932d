import LRSchedCore

/// One command-line option of `HfArgumentParser(TrainingArguments)` (transformers 5.25,
/// `transformers/hf_argparser.py`): its option strings, the field it sets, how the value is read.
struct HFArgOption: Sendable {
  enum Kind: Sendable, Equatable {
    case int, float, string, list
    /// `type=string_to_bool`, one value required.
    case bool
    /// `nargs='?', const=True, type=string_to_bool`: `--fp16` alone is True.
    case optionalBool
    /// `nargs='?'` with a string value (`--fsdp`).
    case optionalString
    /// The `--no_<field>` complement of a bool field that defaults to True.
    case storeFalse
    case choice([String])
  }
  var names: [String]
  var dest: String
  var kind: Kind
  init(_ names: [String], _ dest: String, _ kind: Kind) {
    self.names = names
    self.dest = dest
    self.kind = kind
  }
}

/// `TrainingArguments` settings as a user writes them: a `TrainingArguments(...)` call
/// (`TrainingArguments(lr_scheduler_type='cosine', warmup_steps=0.03)`) or the same as
/// command-line flags, as the HF example scripts read them through `HfArgumentParser`
/// (`--lr_scheduler_type cosine --warmup_steps 0.03`, also `--warmup-steps`, unique prefixes,
/// `--opt=value`, `--fp16` alone). Unknown names fail as the library fails: the call with
/// `TrainingArguments.__init__()`'s TypeError, the flags with `HfArgumentParser`'s ValueError.
public struct HFTrainingArguments: Sendable {
  /// A field that was set, its Python value and where it was written.
  public struct Setting: Sendable {
    public var name: String
    public var value: PyValue
    public var offset: Int
  }

  public var settings: [Setting]
  public let source: String
  /// Whether the text was a `TrainingArguments(...)` call (else flags).
  public let isCall: Bool

  /// The value of a field, if set.
  public func value(_ name: String) -> PyValue? { settings.last { $0.name == name }?.value }
  public func offset(_ name: String) -> Int { settings.last { $0.name == name }?.offset ?? 0 }

  static let removedHint = [
    "warmup_ratio": "transformers 5 removed warmup_ratio: give the ratio as warmup_steps (a float below 1 is a fraction of the total steps, rounded up)"
  ]

  static var fieldNames: [String] {
    var seen: Set<String> = []
    return table.map(\.dest).filter { seen.insert($0).inserted }
  }

  func fail(_ message: String, _ at: Int, _ error: ScheduleError? = nil) -> SpecError {
    SpecError(message, source: source, column: at, scheduleError: error)
  }

  /// Parses either form: text starting with `TrainingArguments(` (or `transformers.TrainingArguments(`)
  /// is a call, anything else flags.
  public static func parse(_ text: String) throws(SpecError) -> HFTrainingArguments {
    let t = text.trimmingSpaces()
    if t.hasPrefix("TrainingArguments") || t.hasPrefix("transformers.TrainingArguments") {
      return try parseCall(text)
    }
    return try parseFlags(text)
  }

  static func parseCall(_ text: String) throws(SpecError) -> HFTrainingArguments {
    let node = try Parser.parse(text)
    let ev = Evaluator(source: text)
    guard case .call(let f, let args, let keywords) = node.expr, f.dottedName?.hasSuffix("TrainingArguments") == true else {
      throw SpecError("expected TrainingArguments(...) or command-line flags", source: text, column: node.offset)
    }
    let fields = fieldNames
    var out = HFTrainingArguments(settings: [], source: text, isCall: true)
    guard args.count <= fields.count else { throw out.fail("TrainingArguments() got too many positional arguments", args[0].offset) }
    for (i, a) in args.enumerated() {
      out.settings.append(Setting(name: fields[i], value: try ev.constant(a), offset: a.offset))
    }
    for k in keywords {
      guard fields.contains(k.name) else {
        let text = "TrainingArguments.__init__() got an unexpected keyword argument '\(k.name)'"
        let hint = removedHint[k.name] ?? Suggest.closest(to: k.name, in: fields).map { "did you mean '\($0)'?" }
        throw out.fail("TypeError: " + text + (hint.map { "; " + $0 } ?? ""), k.offset, ScheduleError("TypeError", text))
      }
      if out.settings.contains(where: { $0.name == k.name }) {
        throw out.fail("TrainingArguments.__init__() got multiple values for argument '\(k.name)'", k.offset)
      }
      out.settings.append(Setting(name: k.name, value: try ev.constant(k.value), offset: k.value.offset))
    }
    return out
  }

  static func parseFlags(_ text: String) throws(SpecError) -> HFTrainingArguments {
    let tokens = try TimmFactory.ArgParser(source: text, defaults: .trainScript).tokens()
    var out = HFTrainingArguments(settings: [], source: text, isCall: false)
    var unused: [(String, Int)] = []
    let all = table.flatMap { o in o.names.map { ($0, o) } }
    var i = 0
    func looksLikeValue(_ s: String) -> Bool { !s.hasPrefix("-") || Double(s) != nil }
    while i < tokens.count {
      let tok = tokens[i]
      i += 1
      guard tok.text.hasPrefix("-"), tok.text.count > 1, Double(tok.text) == nil else {
        unused.append((tok.text, tok.offset))
        continue
      }
      let (name, inline) = tok.optionParts
      var matches = all.filter { $0.0 == name }
      if matches.isEmpty { matches = all.filter { $0.0.hasPrefix(name) } }
      guard let (_, opt) = matches.first else {
        unused.append((tok.text, tok.offset))
        while i < tokens.count, looksLikeValue(tokens[i].text) {
          unused.append((tokens[i].text, tokens[i].offset))
          i += 1
        }
        continue
      }
      guard matches.count == 1 else {
        throw out.fail("ambiguous option: \(name) could match \(matches.map(\.0).joined(separator: ", "))", tok.offset)
      }
      let label = "argument " + opt.names.joined(separator: "/")
      func next() throws(SpecError) -> (String, Int) {
        if let inline { return (inline, tok.offset) }
        guard i < tokens.count, looksLikeValue(tokens[i].text) else { throw out.fail("\(label): expected one argument", tok.offset) }
        i += 1
        return (tokens[i - 1].text, tokens[i - 1].offset)
      }
      func optional() -> (String, Int)? {
        if let inline { return (inline, tok.offset) }
        guard i < tokens.count, looksLikeValue(tokens[i].text) else { return nil }
        i += 1
        return (tokens[i - 1].text, tokens[i - 1].offset)
      }
      let value: PyValue
      var at = tok.offset
      switch opt.kind {
      case .int:
        let (s, o) = try next()
        guard let v = Int(s.replacingOccurrences("_", "")) else { throw out.fail("\(label): invalid int value: '\(s)'", o) }
        (value, at) = (.int(v), o)
      case .float:
        let (s, o) = try next()
        guard let v = pythonFloat(s) else { throw out.fail("\(label): invalid float value: '\(s)'", o) }
        (value, at) = (.float(v), o)
      case .string:
        let (s, o) = try next()
        (value, at) = (.string(s), o)
      case .choice(let choices):
        let (s, o) = try next()
        guard choices.contains(s) else {
          throw out.fail("\(label): invalid choice: '\(s)' (choose from \(choices.map { "'\($0)'" }.joined(separator: ", ")))", o)
        }
        (value, at) = (.string(s), o)
      case .bool, .optionalBool:
        let given = opt.kind == .bool ? try next() : optional()
        if let (s, o) = given {
          guard let b = stringToBool(s) else {
            throw out.fail(
              "\(label): Truthy value expected: got \(s) but expected one of yes/no, true/false, t/f, y/n, 1/0 (case insensitive).", o)
          }
          (value, at) = (.bool(b), o)
        } else {
          value = .bool(true)
        }
      case .optionalString:
        value = optional().map { .string($0.0) } ?? .bool(true)
      case .storeFalse:
        if inline != nil { throw out.fail("\(label): ignored explicit argument '\(inline!)'", tok.offset) }
        value = .bool(false)
      case .list:
        var items: [PyValue] = []
        if let inline { items.append(.string(inline)) }
        while inline == nil, i < tokens.count, looksLikeValue(tokens[i].text) {
          items.append(.string(tokens[i].text))
          i += 1
        }
        if items.isEmpty { throw out.fail("\(label): expected at least one argument", tok.offset) }
        value = .list(items)
      }
      out.settings.append(Setting(name: opt.dest, value: value, offset: at))
    }
    if let first = unused.first {
      let list = "[" + unused.map { "'\($0.0)'" }.joined(separator: ", ") + "]"
      let text = "Some specified arguments are not used by the HfArgumentParser: \(list)"
      let name = String(first.0.drop { $0 == "-" }.prefix { $0 != "=" })
      let hint = removedHint[name] ?? Suggest.closest(to: name, in: fieldNames).map { "did you mean '--\($0)'?" }
      throw out.fail("ValueError: " + text + (hint.map { "; " + $0 } ?? ""), first.1, ScheduleError("ValueError", text))
    }
    return out
  }

  /// argparse's `string_to_bool` (`transformers/hf_argparser.py`).
  static func stringToBool(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "yes", "true", "t", "y", "1": return true
    case "no", "false", "f", "n", "0": return false
    default: return nil
    }
  }

  /// Python's `float(str)` for the spellings a command line uses.
  static func pythonFloat(_ s: String) -> Double? {
    let t = s.trimmingSpaces().replacingOccurrences("_", "")
    switch t.lowercased() {
    case "inf", "+inf", "infinity", "+infinity": return .infinity
    case "-inf", "-infinity": return -.infinity
    case "nan", "+nan", "-nan": return .nan
    default: return Double(t)
    }
  }
}

extension String {
  func replacingOccurrences(_ a: Character, _ b: String) -> String {
    var out = ""
    for c in self { if c == a { out += b } else { out.append(c) } }
    return out
  }
}
