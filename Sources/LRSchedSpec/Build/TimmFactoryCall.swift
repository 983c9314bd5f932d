import LRSchedCore

/// `create_scheduler_v2(optimizer, sched='cosine', num_epochs=300, …)` written as a spec: timm's
/// factory (timm 1.0.31, `timm/scheduler/scheduler_factory.py`) called directly, with its own
/// keyword defaults. It resolves to the class call the factory makes, which is then built like
/// any spec; `step_on_epochs` and `updates_per_epoch` decide `t_in_epochs` as in the factory.
enum TimmFactoryCall {
  static let name = "create_scheduler_v2"

  /// `create_scheduler_v2`'s keyword → `train.py` destination of `TimmFactory.options`.
  static let keywords: [String: String] = [
    "sched": "sched", "num_epochs": "epochs", "decay_epochs": "decay_epochs", "decay_milestones": "decay_milestones",
    "cooldown_epochs": "cooldown_epochs", "patience_epochs": "patience_epochs", "decay_rate": "decay_rate",
    "min_lr": "min_lr", "warmup_lr": "warmup_lr", "warmup_epochs": "warmup_epochs", "warmup_prefix": "warmup_prefix",
    "noise": "lr_noise", "noise_pct": "lr_noise_pct", "noise_std": "lr_noise_std", "noise_seed": "seed",
    "cycle_mul": "lr_cycle_mul", "cycle_decay": "lr_cycle_decay", "cycle_limit": "lr_cycle_limit",
    "k_decay": "lr_k_decay", "decay_fn": "lr_decay_fn", "stable_timescale": "lr_stable_timescale",
  ]
  /// The signature after `optimizer`, in order (positional arguments bind to these).
  static let positional = [
    "sched", "num_epochs", "decay_epochs", "decay_milestones", "cooldown_epochs", "patience_epochs", "decay_rate",
    "min_lr", "warmup_lr", "warmup_epochs", "warmup_prefix", "noise", "noise_pct", "noise_std", "noise_seed",
    "cycle_mul", "cycle_decay", "cycle_limit", "k_decay", "decay_fn", "stable_timescale", "plateau_mode",
    "step_on_epochs", "updates_per_epoch",
  ]

  /// The scheduler class call the factory makes for this call node.
  static func resolve(_ node: Node, evaluator: Evaluator) throws(SpecError) -> String {
    guard case .call(_, var args, let kws) = node.expr else { return "" }
    func fail(_ m: String, _ at: Int) -> SpecError { SpecError(m, source: evaluator.source, column: at) }
    // The optimizer as first positional argument (a name, not a value) is the one the run uses.
    if let first = args.first, case .name = first.expr { args.removeFirst() }
    var bound: [(String, Node)] = []
    guard args.count <= positional.count else {
      throw fail("create_scheduler_v2() takes at most \(positional.count + 1) positional arguments", args[positional.count].offset)
    }
    for (i, a) in args.enumerated() { bound.append((positional[i], a)) }
    for k in kws {
      guard positional.contains(k.name) else {
        let hint = Suggest.closest(to: k.name, in: positional).map { "; did you mean '\($0)'?" } ?? ""
        throw fail("create_scheduler_v2() got an unexpected keyword argument '\(k.name)'\(hint)", k.offset)
      }
      if bound.contains(where: { $0.0 == k.name }) {
        throw fail("create_scheduler_v2() got multiple values for argument '\(k.name)'", k.offset)
      }
      bound.append((k.name, k.value))
    }
    var p = TimmFactory.Parsed(values: [:], given: [:], notes: [])
    for o in TimmFactory.options { p.values[o.dest] = o.factory }
    var updates: Int?
    for (name, n) in bound {
      let v = try evaluator.constant(n)
      switch name {
      case "plateau_mode":
        guard case .string(let s) = v else { throw fail("plateau_mode must be 'min' or 'max', got \(v.repr)", n.offset) }
        p.values["eval_metric"] = .str(s == "min" ? "loss" : "top1")
      case "step_on_epochs":
        p.values["sched_on_updates"] = .bool(!v.isTruthy)
      case "updates_per_epoch":
        guard case .int(let u) = v else { throw fail("updates_per_epoch must be an int, got \(v.repr)", n.offset) }
        updates = u
      default:
        guard let dest = keywords[name] else { continue }
        p.values[dest] = try value(v, at: n.offset, fail)
      }
      p.given[keywords[name] ?? name] = n.offset
    }
    if p.values["sched_on_updates"] == .bool(true), updates == nil || updates == 0 {
      throw fail("create_scheduler_v2(step_on_epochs=False) needs updates_per_epoch > 0 (timm asserts it)", node.offset)
    }
    return try TimmFactory.build(&p, source: evaluator.source, updatesPerEpoch: updates).scheduler
  }

  static func value(
    _ v: PyValue, at: Int, _ fail: (String, Int) -> SpecError
  ) throws(SpecError) -> TimmFactory.Value {
    switch v {
    case .none: return .none
    case .bool(let b): return .bool(b)
    case .string(let s): return .str(s)
    case .list(let items), .tuple(let items):
      var out: [PyNumber] = []
      for it in items {
        guard let n = it.number else { throw fail("expected numbers, got \(it.repr)", at) }
        out.append(n)
      }
      return .list(out)
    default:
      guard let n = v.number else { throw fail("expected a number, got \(v.repr)", at) }
      return .num(n)
    }
  }
}
