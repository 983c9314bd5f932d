import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot` helpers: size parsing, default names and metadata text.
extension PlotCommand {
  static func parseSize(_ s: String) throws(CLIError) -> (Int, Int) {
    let parts = s.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
      throw .usage("--size expects WIDTHxHEIGHT like 1200x800, got '\(s)'", command: "plot")
    }
    guard (200...Canvas.maxSide).contains(w), (150...Canvas.maxSide).contains(h) else {
      throw .usage("--size \(s) is out of range (width 200…\(Canvas.maxSide), height 150…\(Canvas.maxSide))", command: "plot")
    }
    return (w, h)
  }

  /// `onecycle` → `onecycle`; `OneCycleLR(max_lr=0.1, …)` → `onecyclelr`.
  static func defaultName(_ spec: String) -> String {
    let name = spec.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    return name.isEmpty ? "schedule" : name.lowercased()
  }

  static func commandLineText(_ a: ParsedArguments) -> String {
    var parts: [String] = []
    for o in PlotCommand.command.options where a.has(o.name) {
      if o.isFlag { parts.append(o.name) } else { parts.append("\(o.name)=\(a.value(o.name)!)") }
    }
    return parts.joined(separator: " ")
  }
}
