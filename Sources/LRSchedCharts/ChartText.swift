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

  /// `specs  ·  optimizer, 15 epochs × 391 steps, stepped per batch`.
  static func defaultTitle(specs: [ResolvedSpec], plan: ResolvedPlan, optimizerText: String, stepping: ChartStepping) -> String {
    specs.map(\.call).joined(separator: "  vs  ")
      + "  ·  \(optimizerText), \(plan.epochs) epoch\(plan.epochs == 1 ? "" : "s") × \(plan.stepsPerEpoch) step\(plan.stepsPerEpoch == 1 ? "" : "s"), \(steppingText(stepping, plan: plan))"
  }

  /// How the library's loop steps this schedule, for the title.
  static func steppingText(_ stepping: ChartStepping, plan: ResolvedPlan) -> String {
    if stepping == .both { return "stepped per batch and per epoch" }
    if let loop = plan.plan.loop { return loop.summary }
    if plan.specs.allSatisfy({ $0.stepping == .timmTrainLoop }) { return "timm train.py loop" }
    if plan.specs.allSatisfy({ $0.library == .accelerated }) { return "stepped after every update" }
    return "stepped per \(plan.stepOn.rawValue)"
  }
}
