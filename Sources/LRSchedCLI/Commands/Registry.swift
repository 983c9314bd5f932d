extension CLI {
  /// Commands contributed by other files (plot, compare, bench, find-lr, data, check).
  /// Add one entry per command.
  static var extraCommands: [Command] {
    [
      BenchCommand.command, FindLRCommand.command, DataCommand.command,
    ]
  }
}
