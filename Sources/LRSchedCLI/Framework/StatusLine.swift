/// One line of progress on stderr, redrawn in place (`\r`, erase to the end of the line) and
/// only when its key changes; drawn only when stderr is a terminal.
class StatusLine {
  let io: CommandIO
  private var lastKey = -1
  private var shown = false

  init(io: CommandIO) { self.io = io }

  /// Draws `text()` unless the line already shows `key`.
  func draw(key: Int, _ text: () -> String) {
    guard io.stderrIsTerminal, key != lastKey else { return }
    lastKey = key
    io.err.write("\r\u{1B}[K" + text())
    io.err.flush()
    shown = true
  }

  /// Erases the line (when one was drawn).
  func clear() {
    guard shown else { return }
    io.err.write("\r\u{1B}[K")
    io.err.flush()
    shown = false
    lastKey = -1
  }
}
