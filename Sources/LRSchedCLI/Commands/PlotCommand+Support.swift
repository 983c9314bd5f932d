import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot` helpers: size parsing, default names, titles and metadata text.
extension PlotCommand {
  static func samePoints(_ a: [(Double, Double)], _ b: [(Double, Double)]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && ($0.1 == $1.1 || ($0.1.isNaN && $1.1.isNaN)) }
  }

  /// How the library's loop steps this schedule, for the title.
  static func steppingText(stepOnText: String, plan: RunPlan) -> String {
    if stepOnText == "both" { return "stepped per batch and per epoch" }
    let libs = Set(plan.specs.compactMap { s -> Library? in
      let head = String(s.trimmingCharacters().prefix { $0 != "(" })
      return Registry.find(head)?.library ?? (Aliases.find(head) != nil ? .torch : nil)
    })
    if libs == [.timm] { return "timm train.py loop" }
    if libs == [.accelerated] { return "stepped after every update" }
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

  /// `onecycle` → `onecycle`; `OneCycleLR(max_lr=0.1, …)` → `onecyclelr`.
  static func defaultName(_ spec: String) -> String {
    let name = spec.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    return name.isEmpty ? "schedule" : name.lowercased()
  }

  static func shortName(_ spec: String) -> String { String(spec.prefix { $0 != "(" }) }

  /// `configs/sched.py` → `sched` (`-` → `schedule`).
  static func fileStem(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let stem = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
    return stem == "-" || stem.isEmpty ? "schedule" : stem
  }

  /// The spec as lrsched built it (an alias expanded to its constructor call).
  static func resolvedSpec(_ spec: String, _ plan: RunPlan) -> String {
    let trimmed = spec.trimmingCharacters()
    let head = String(trimmed.prefix { $0 != "(" })
    guard let alias = Aliases.find(head) else { return spec }
    var ctx = BuildContext(optimizer: plan.optimizer, epochs: plan.epochs, stepsPerEpoch: plan.stepsPerEpoch, stepOn: plan.stepOn)
    ctx.fileReader = plan.fileReader
    let source = trimmed.contains("(") ? head.replacingHyphens() + trimmed.dropFirst(head.count) : head.replacingHyphens()
    guard let node = try? Parser.parse(source) else { return spec }
    return (try? alias.expand(node, context: ctx, evaluator: Evaluator(source: source))) ?? spec
  }

  static func commandLineText(_ a: ParsedArguments) -> String {
    var parts: [String] = []
    for o in PlotCommand.command.options where a.has(o.name) {
      if o.isFlag { parts.append(o.name) } else { parts.append("\(o.name)=\(a.value(o.name)!)") }
    }
    return parts.joined(separator: " ")
  }
}
