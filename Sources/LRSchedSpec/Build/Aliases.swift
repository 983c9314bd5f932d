import LRSchedCore

/// Short names for the command line (`onecycle`, `cosine`, …). Each expands to a library
/// constructor call with defaults derived from the run: the optimizer's lr and the number
/// of scheduler steps that will really be taken (`--epochs`, `--steps-per-epoch`,
/// `--step-on`). Keyword arguments override: `onecycle(max_lr=0.5)`.
public struct Alias: Sendable {
  public var name: String
  public var className: String
  public var summary: String
  /// Default keyword arguments as Python source, from the context.
  public var defaults: @Sendable (BuildContext) -> [(String, String)]

  /// The expanded spec text for `node` (an alias call or bare alias name).
  public func expand(_ node: Node, context: BuildContext, evaluator: Evaluator) throws(SpecError) -> String {
    var kwargs = defaults(context)
    if case .call(_, let args, let keywords) = node.expr {
      if let a = args.first {
        throw SpecError("alias '\(name)' takes keyword arguments only", source: evaluator.source, column: a.offset)
      }
      for k in keywords {
        let text: String
        if case .lambda = k.value.expr {
          text = evaluator.sourceText(of: k.value)
        } else if case .call = k.value.expr, k.value.dottedName == nil {
          text = evaluator.sourceText(of: k.value)
        } else {
          switch k.value.expr {
          case .call, .list: text = evaluator.sourceText(of: k.value)
          default: text = try evaluator.constant(k.value).repr
          }
        }
        if let i = kwargs.firstIndex(where: { $0.0 == k.name }) {
          kwargs[i].1 = text
        } else {
          kwargs.append((k.name, text))
        }
      }
    }
    return className + "(" + kwargs.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + ")"
  }
}

public enum Aliases {
  static func lr(_ c: BuildContext) -> Double { c.optimizer.groups.first?.lr ?? 0.1 }
  static func steps(_ c: BuildContext) -> Int { max(1, c.schedulerSteps) }
  static func r(_ d: Double) -> String { PyFormat.repr(d) }

  public static let all: [Alias] = [
    Alias(name: "onecycle", className: "OneCycleLR", summary: "OneCycleLR, max_lr = optimizer lr, total_steps = scheduler steps") {
      [("max_lr", r(lr($0))), ("total_steps", "\(steps($0))")]
    },
    Alias(name: "cosine", className: "CosineAnnealingLR", summary: "CosineAnnealingLR over the whole run") {
      [("T_max", "\(steps($0))")]
    },
    Alias(name: "cosine-restarts", className: "CosineAnnealingWarmRestarts", summary: "SGDR: 3 cycles of doubling length fill the run") {
      [("T_0", "\(max(1, steps($0) / 7))"), ("T_mult", "2")]
    },
    Alias(name: "step", className: "StepLR", summary: "StepLR, ×0.1 at 1/3 and 2/3 of the run") {
      [("step_size", "\(max(1, steps($0) / 3))"), ("gamma", "0.1")]
    },
    Alias(name: "multistep", className: "MultiStepLR", summary: "MultiStepLR, ×0.1 at 50% and 75% of the run") {
      [("milestones", "[\(max(1, steps($0) / 2)), \(max(1, steps($0) * 3 / 4))]"), ("gamma", "0.1")]
    },
    Alias(name: "exponential", className: "ExponentialLR", summary: "ExponentialLR decaying 100× over the run") {
      [("gamma", r(LibM.pow(0.01, 1.0 / Double(steps($0)))))]
    },
    Alias(name: "linear", className: "LinearLR", summary: "LinearLR decaying linearly to 0 over the run") {
      [("start_factor", "1.0"), ("end_factor", "0.0"), ("total_iters", "\(steps($0))")]
    },
    Alias(name: "warmup", className: "LinearLR", summary: "LinearLR warm-up from 1% over the first 5% of the run") {
      [("start_factor", "0.01"), ("total_iters", "\(max(1, steps($0) / 20))")]
    },
    Alias(name: "constant", className: "ConstantLR", summary: "constant lr (ConstantLR with factor 1.0)") {
      _ in [("factor", "1.0"), ("total_iters", "0")]
    },
    Alias(name: "poly", className: "PolynomialLR", summary: "PolynomialLR, power 1, reaching 0 at the end") {
      [("total_iters", "\(steps($0))"), ("power", "1.0")]
    },
    Alias(name: "cyclic", className: "CyclicLR", summary: "CyclicLR triangles between lr/10 and lr, 3 cycles") {
      [("base_lr", r(lr($0) / 10)), ("max_lr", r(lr($0))), ("step_size_up", "\(max(1, steps($0) / 6))")]
    },
    Alias(name: "plateau", className: "ReduceLROnPlateau", summary: "ReduceLROnPlateau (needs --metrics)") {
      _ in [("mode", "'min'"), ("factor", "0.1"), ("patience", "10")]
    },
    Alias(name: "warmup-cosine", className: "SequentialLR", summary: "5% linear warm-up then cosine to 0") { c in
      let w = max(1, steps(c) / 20)
      return [
        ("schedulers", "[LinearLR(start_factor=0.01, total_iters=\(w)), CosineAnnealingLR(T_max=\(max(1, steps(c) - w)))]"),
        ("milestones", "[\(w)]"),
      ]
    },
  ]

  public static func find(_ name: String) -> Alias? {
    let n = name.replacingHyphens()
    return all.first { $0.name.replacingHyphens() == n }
  }
}
