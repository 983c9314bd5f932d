import LRSchedCharts
import LRSchedPlot

extension ImageFormat: OptionValue {}
extension ThemeName: OptionValue {}
extension ChartStepping: OptionValue {}
extension ChartXUnit: OptionValue {}

/// Where a figure goes: a `.png` or `.svg` file written atomically, a device (`/dev/…`), or
/// stdout for `-` (`--format` says which format; PNG unless it says SVG). The one place that
/// turns a `Figure` into a file, for `plot`, `find-lr -o` and `bench --plot`.
struct FigureOutput {
  let path: String
  let format: ImageFormat

  var toStdout: Bool { path == "-" }

  /// Checks the destination before any work is done; `option` names it in errors.
  /// `stdoutAllowed`: `-` means stdout (not for commands that print a report there).
  init(path: String, format: ImageFormat?, option: String, command: String, stdoutAllowed: Bool = false) throws(CLIError) {
    self.path = path
    if (path == "-" && stdoutAllowed) || (path.hasPrefix("/dev/") && ImageFormat(fileName: path) == nil) {
      self.format = format ?? .png
      return
    }
    guard let named = ImageFormat(fileName: path) else {
      throw .usage("\(option) must end in .png or .svg, got '\(path)'", command: command)
    }
    if let format, format != named {
      throw .usage("--format \(format.rawValue) does not match \(option) '\(path)'", command: command)
    }
    self.format = named
  }

  /// Opens the destination (a missing folder is reported now, before a long run). Figures
  /// are replaced atomically but not fsynced: a plot is cheap to redraw, and the sync was a
  /// tenth of `plot`'s time (docs/plotting.md, Speed).
  func open(_ io: CommandIO) throws(CLIError) -> FigureWriter {
    FigureWriter(output: self, file: toStdout ? nil : try AtomicFileWriter(path: path, durable: false), io: io)
  }
}

/// An opened `FigureOutput`: encodes the figure once and commits it.
final class FigureWriter {
  let output: FigureOutput
  let file: AtomicFileWriter?
  let io: CommandIO

  init(output: FigureOutput, file: AtomicFileWriter?, io: CommandIO) {
    self.output = output
    self.file = file
    self.io = io
  }

  /// Writes the figure with `metadata` (PNG text chunks, the SVG's description).
  func write(_ figure: Figure, metadata: [(String, String)]) throws(CLIError) {
    let bytes: [UInt8]
    do {
      bytes = try figure.encoded(as: output.format, metadata: metadata)
    } catch {
      file?.discard()
      throw .failure("cannot encode PNG: \(error.message)")
    }
    guard let file else {
      io.out.write(bytes: bytes)
      return
    }
    file.write(bytes: bytes)
    try file.commit()
  }
}
