import LRSchedCore
import LRSchedSpec

/// The lrsched command line as a library function: `CLI.run(arguments:io:)` parses,
/// dispatches and returns the exit code (0 ok, 1 failure, 2 bad usage or input).
public enum CLI {
  public static let version = "0.1.0"

  /// Every command, in help order: the one list (a new command adds its line here).
  public static var commands: [Command] {
    [
      ValuesCommand.command, PlotCommand.command, CheckCommand.command, VerifyCommand.command, ListCommand.command,
      CompareCommand.command, BenchCommand.command, FindLRCommand.command, DataCommand.command,
      CompletionsCommand.command,
    ]
  }

  public static func find(_ name: String) -> Command? { commands.first { $0.name == name } }

  public static func run(arguments: [String], io: CommandIO) -> Int32 {
    dispatch(arguments: arguments, io: io)
  }

  /// `file('values.csv')` in specs reads through the CLI's file access (passed down with every
  /// plan the CLI builds).
  static let fileReader: SpecIO.FileReader = { path in
    do throws(FileReadError) {
      return String(decoding: try FileIO.contents(of: path, limit: 64 << 20), as: UTF8.self)
    } catch {
      throw ScheduleError("OSError", error.osErrorMessage)
    }
  }

  static func dispatch(arguments: [String], io: CommandIO) -> Int32 {
    defer {
      io.out.flush()
      io.err.flush()
    }
    guard let first = arguments.first else {
      io.out.write(mainHelp())
      return 0
    }
    switch first {
    case "--help", "-h":
      io.out.write(mainHelp())
      return 0
    case "--version", "-V", "version":
      io.out.line("lrsched \(version)")
      return 0
    case "help":
      guard arguments.count > 1 else {
        io.out.write(mainHelp())
        return 0
      }
      guard let c = find(arguments[1]) else { return report(unknownCommand(arguments[1]), io) }
      io.out.write(Help.text(for: c))
      return 0
    default:
      break
    }
    guard let command = find(first) else {
      if first.hasPrefix("-") {
        let hint = Suggestions.closest(first, ["--help", "--version"]).map { ". Did you mean '\($0)'?" } ?? ""
        return report(.usage("unknown option '\(first)'\(hint)"), io)
      }
      return report(unknownCommand(first), io)
    }
    do {
      let parsed = try ArgumentParsing.parse(Array(arguments.dropFirst()), for: command)
      if parsed.has("--help") {
        io.out.write(Help.text(for: command))
        return 0
      }
      return try command.run(parsed, io)
    } catch {
      return report(error, io)
    }
  }

  static func unknownCommand(_ name: String) -> CLIError {
    let hint = Suggestions.closest(name, commands.map(\.name)).map { ". Did you mean '\($0)'?" } ?? ""
    return .usage("unknown command '\(name)'\(hint)")
  }

  /// Writes an error to stderr in the one format every command uses.
  public static func report(_ e: CLIError, _ io: CommandIO) -> Int32 {
    let prefix = io.useColor ? "\u{1B}[1;31merror:\u{1B}[0m " : "error: "
    io.err.line(prefix + e.message)
    if let d = e.detail { io.err.line(d) }
    if e.kind == .usage {
      if let c = e.command, let cmd = find(c) {
        io.err.line("Usage: lrsched \(cmd.name) \(cmd.usage.first ?? "")")
        io.err.line("See 'lrsched \(cmd.name) --help'.")
      } else {
        io.err.line("See 'lrsched --help'.")
      }
    }
    return e.exitCode
  }

  public static func mainHelp() -> String {
    var s = """
      lrsched \(version): learning-rate schedules of PyTorch, timm, pytorch-accelerated,
      lr-momentum-scheduler and Hugging Face transformers, computed bit for bit, plotted,
      linted and benchmarked.

      USAGE: lrsched COMMAND [options]

      COMMANDS:

      """
    for c in commands { s += Help.row(c.name, c.summary) }
    s += """

      OPTIONS:
        -h, --help                Show this help (also: lrsched help COMMAND, lrsched COMMAND --help).
        --version                 Print the version.

      A SPEC is the library's constructor call without the optimizer, as written in Python:
        lrsched values "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)"
        lrsched values "get_scheduler('cosine', num_warmup_steps=100, num_training_steps=1000)"
      or a short alias (onecycle, cosine, step, …; see 'lrsched list').

      Exit codes: 0 ok, 1 failure, 2 bad usage or input.

      """
    return s
  }
}
