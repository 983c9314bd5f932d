import LRSchedCore

/// Arguments old code still passes that the pinned libraries no longer take.
///
/// - removed, value-neutral: accepted and ignored, with a one-line warning naming the
///   version that removed it (`verbose=` of torch's schedulers: deprecated in torch 2.2, it
///   only printed, and removed in 2.7 — torch 2.15 raises TypeError for it);
/// - renamed: refused, with the new name in the hint, since the value must go to the new
///   argument (timm 0.6 renamed `CosineLRScheduler(t_mul=, decay_rate=)` to `cycle_mul=`,
///   `cycle_decay=`; the same for Tanh).
///
/// `verify` reproduces the pinned library, which raises for both: it applies neither.
public enum RemovedArguments {
  /// The warning for a removed, value-neutral argument of `cls`, or nil.
  public static func removedNote(_ cls: SchedulerClass, _ arg: String) -> String? {
    if cls.library == .torch && arg == "verbose" {
      return "\(cls.name)(verbose=…) ignored: torch 2.7 removed the argument (it only printed; deprecated since 2.2)"
    }
    return nil
  }

  /// The current name of a renamed argument of `cls`, with the version, or nil.
  public static func renamed(_ cls: SchedulerClass, _ arg: String) -> (name: String, note: String)? {
    guard cls.library == .timm, ["CosineLRScheduler", "TanhLRScheduler"].contains(cls.name) else { return nil }
    switch arg {
    case "t_mul": return ("cycle_mul", "timm 0.6 renamed t_mul to cycle_mul")
    case "decay_rate": return ("cycle_decay", "timm 0.6 renamed decay_rate to cycle_decay")
    default: return nil
    }
  }

  /// The warnings a parsed call earns (one line each, in call order, nested calls too);
  /// `SpecBuilder.resolve` stores them in `ResolvedSpec.warnings` for the CLI to print.
  static func warnings(in root: Node) -> [String] {
    var out: [String] = []
    func walk(_ node: Node) {
      switch node.expr {
      case .call(let f, let args, let keywords):
        if let name = f.dottedName, let cls = Registry.find(String(name.split(separator: ".").last ?? "")) {
          for k in keywords { if let note = removedNote(cls, k.name) { out.append(note) } }
        }
        for a in args { walk(a) }
        for k in keywords { walk(k.value) }
      case .list(let items), .tuple(let items):
        for it in items { walk(it) }
      default:
        break
      }
    }
    walk(root)
    return out
  }
}
