import LRSchedCore
import LRSchedSpec

/// The words on a schedule chart: axis labels, legend names and the default title.
enum ChartText {
  static func axisLabel(_ f: Field) -> String {
    switch f {
    case .lr: return "learning rate"
    case .momentum: return "momentum"
    case .beta1: return "Adam beta1"
    case .weightDecay: return "weight decay"
    }
  }

  /// `OneCycleLR(max_lr=0.1)` → `OneCycleLR`, for legends.
  static func shortName(_ spec: String) -> String { String(spec.prefix { $0 != "(" }) }

  /// `specs  ·  optimizer, 15 epochs × 391 steps, stepped per batch`.
  static func defaultTitle(specs: [String], plan: RunPlan, optimizerText: String, stepping: ChartStepping) -> String {
    specs.map { resolvedSpec($0, plan) }.joined(separator: "  vs  ")
      + "  ·  \(optimizerText), \(plan.epochs) epoch\(plan.epochs == 1 ? "" : "s") × \(plan.stepsPerEpoch) step\(plan.stepsPerEpoch == 1 ? "" : "s"), \(steppingText(stepping, plan: plan))"
  }

  /// How the library's loop steps this schedule, for the title.
  static func steppingText(_ stepping: ChartStepping, plan: RunPlan) -> String {
    if stepping == .both { return "stepped per batch and per epoch" }
    let libs = Set(plan.specs.compactMap { s -> Library? in
      let head = String(trimmed(s).prefix { $0 != "(" })
      return Registry.find(head)?.library ?? (Aliases.find(head) != nil ? .torch : nil)
    })
    if libs == [.timm] { return "timm train.py loop" }
    if libs == [.accelerated] { return "stepped after every update" }
    return "stepped per \(plan.stepOn.rawValue)"
  }

  /// The spec as lrsched built it (an alias expanded to its constructor call).
  static func resolvedSpec(_ spec: String, _ plan: RunPlan) -> String {
    let trimmed = trimmed(spec)
    let head = String(trimmed.prefix { $0 != "(" })
    guard let alias = Aliases.find(head) else { return spec }
    var ctx = BuildContext(optimizer: plan.optimizer, epochs: plan.epochs, stepsPerEpoch: plan.stepsPerEpoch, stepOn: plan.stepOn)
    ctx.fileReader = plan.fileReader
    let name = String(head.map { $0 == "-" ? "_" : $0 })
    let source = trimmed.contains("(") ? name + trimmed.dropFirst(head.count) : name
    guard let node = try? Parser.parse(source) else { return spec }
    return (try? alias.expand(node, context: ctx, evaluator: Evaluator(source: source))) ?? spec
  }

  static func trimmed(_ s: String) -> String {
    var t = Substring(s)
    while let f = t.first, f == " " { t.removeFirst() }
    while let l = t.last, l == " " { t.removeLast() }
    return String(t)
  }
}
