import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot` helpers: size parsing, default names, titles and metadata text.
extension PlotCommand {
  static func samePoints(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && ($0.1 == $1.1 || ($0.1.isNaN && $1.1.isNaN)) }
  }

  /// How the library's loop steps this schedule, for the title.
  static func steppingText(stepOnText: String, plan: ResolvedPlan) -> String {
    if stepOnText == "both" { return "stepped per batch and per epoch" }
    if let loop = plan.plan.loop { return loop.summary }
    if plan.specs.allSatisfy({ $0.stepping == .timmTrainLoop }) { return "timm train.py loop" }
    if plan.specs.allSatisfy({ $0.library == .accelerated }) { return "stepped after every update" }
    return "stepped per \(plan.stepOn.rawValue)"
  }

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

  /// The default file name for a spec's name: `onecycle` → `onecycle`; `OneCycleLR` →
  /// `onecyclelr`; `torch.optim.lr_scheduler.StepLR` → `torch`.
  static func defaultName(_ specName: String) -> String {
    let name = specName.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
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
