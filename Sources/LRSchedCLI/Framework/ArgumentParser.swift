import LRSchedSpec

/// Parses a command's arguments against its option specs: `--opt value`, `--opt=value`,
/// short `-o value`, flags, `--` to end options. Unknown options get a "did you mean".
public enum ArgumentParsing {
  public static func parse(_ args: [String], for command: Command) throws(CLIError) -> ParsedArguments {
    var parsed = ParsedArguments(command: command.name)
    var i = 0
    var optionsEnded = false
    while i < args.count {
      let a = args[i]
      i += 1
      if optionsEnded || !a.hasPrefix("-") || a == "-" || Double(a) != nil && !a.hasPrefix("--") {
        parsed.positionals.append(a)
        continue
      }
      if a == "--" {
        optionsEnded = true
        continue
      }
      var name = a
      var inline: String?
      if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
        name = String(a[..<eq])
        inline = String(a[a.index(after: eq)...])
      }
      guard let spec = command.options.first(where: { $0.name == name || $0.short == name }) else {
        let names = command.options.map(\.name)
        let hint = Suggestions.closest(name, names).map { ". Did you mean '\($0)'?" } ?? ""
        throw .usage("unknown option '\(name)'\(hint)", command: command.name)
      }
      if spec.isFlag {
        if inline != nil { throw .usage("option '\(spec.name)' takes no value", command: command.name) }
        parsed.flags.insert(spec.name)
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else {
        guard i < args.count else {
          throw .usage("option '\(spec.name)' needs a value (\(spec.valueName!))", command: command.name)
        }
        value = args[i]
        i += 1
      }
      if !spec.repeatable, parsed.values[spec.name] != nil, parsed.values[spec.name] != [value] {
        throw .usage("option '\(spec.name)' given twice", command: command.name)
      }
      parsed.values[spec.name, default: []].append(value)
    }
    if parsed.flags.contains("--help") { return parsed }
    if parsed.positionals.count < command.minPositionals {
      throw .usage("missing \(command.positionalHelp.first?.0 ?? "argument")", command: command.name)
    }
    if let max = command.maxPositionals, parsed.positionals.count > max {
      throw .usage("unexpected argument '\(parsed.positionals[max])'", command: command.name)
    }
    return parsed
  }
}

/// "Did you mean" for commands and options.
public enum Suggestions {
  public static func closest(_ word: String, _ candidates: [String]) -> String? {
    Suggest.closest(to: word, in: candidates, maxDistance: max(2, word.count / 3))
  }
}
