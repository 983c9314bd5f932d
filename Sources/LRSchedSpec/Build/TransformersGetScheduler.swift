import LRSchedCore

/// `get_scheduler(name, optimizer, num_warmup_steps=None, num_training_steps=None,
/// scheduler_specific_kwargs=None)` of transformers 5.25 (`transformers/optimization.py`):
/// `SchedulerType(name)`, then the dispatch rules of `HFSchedulerType.forwarding` with
/// their ValueErrors, then the function's own argument binding (a keyword it does not
/// take is its TypeError: `scheduler_specific_kwargs` must match the scheduler type).
enum HFGetScheduler {
  static let params = [
    Param("name"), Param("num_warmup_steps", "None"), Param("num_training_steps", "None"),
    Param("scheduler_specific_kwargs", "None"),
  ]

  static var schedulerClass: SchedulerClass {
    SchedulerClass(
      "get_scheduler", .transformers, params,
      "any scheduler by SchedulerType name, as the Trainer builds it (lr_scheduler_type, lr_scheduler_kwargs)"
    ) { groups, a, ctx throws(SpecError) in
      try build(&groups, HFFunction.checkMissing(a, name: "get_scheduler", params: params), ctx)
    }
  }

  static func build(_ groups: inout [ParamGroup], _ a: Arguments, _ ctx: BuildContext) throws(SpecError) -> BuiltScheduler {
    let nameValue = try a.value("name") ?? .none
    let nameText: String
    if case .string(let s) = nameValue { nameText = s } else { nameText = nameValue.repr }
    let type = try Registry.construct(a) { () throws(ScheduleError) in try HFSchedulerType.named(nameText) }
    guard let fn = HFFunctions.all.first(where: { $0.name == type.functionName }) else {
      throw a.fail("get_scheduler: no function for \(type.rawValue)", a.call)
    }
    let warmup = a.values["num_warmup_steps"]
    let total = a.values["num_training_steps"]
    func given(_ n: Node?) -> Bool {
      guard let n else { return false }
      if case .none = n.expr { return false }
      return true
    }
    func require(_ n: Node?, _ what: String) throws(SpecError) {
      guard given(n) else {
        throw Registry.constructorError(a, .value("\(type.formatted) requires `\(what)`, please provide that argument."))
      }
    }
    var forwarded: [(String, Node)] = []
    switch type.forwarding {
    case .optimizerOnly:
      break
    case .kwargsOnly:
      forwarded = try kwargPairs(a)
    case .warmupOnly:
      try require(warmup, "num_warmup_steps")
      forwarded = [("num_warmup_steps", warmup!)]
    case .warmupAndKwargs:
      try require(warmup, "num_warmup_steps")
      forwarded = [("num_warmup_steps", warmup!)] + (try kwargPairs(a))
    case .warmupTotalMaybeAndKwargs:
      try require(warmup, "num_warmup_steps")
      forwarded = [("num_warmup_steps", warmup!), ("num_training_steps", total ?? Node(.none, at: a.call.offset))] + (try kwargPairs(a))
    case .warmupTotalAndKwargs:
      try require(warmup, "num_warmup_steps")
      try require(total, "num_training_steps")
      forwarded = [("num_warmup_steps", warmup!), ("num_training_steps", total!)] + (try kwargPairs(a))
    }
    let inner = try bind(fn, forwarded, outer: a)
    return try fn.build(&groups, try HFFunction.checkMissing(inner, name: fn.name, params: fn.params), ctx)
  }

  /// `scheduler_specific_kwargs`: `None` or a dict literal with string keys.
  static func kwargPairs(_ a: Arguments) throws(SpecError) -> [(String, Node)] {
    guard let n = a.values["scheduler_specific_kwargs"] else { return [] }
    switch n.expr {
    case .none:
      return []
    case .dict(let pairs):
      var out: [(String, Node)] = []
      for (k, v) in pairs {
        guard case .string(let key) = k.expr else {
          throw a.fail("get_scheduler(): scheduler_specific_kwargs keys must be strings", k)
        }
        if let i = out.firstIndex(where: { $0.0 == key }) { out[i].1 = v } else { out.append((key, v)) }
      }
      return out
    default:
      throw a.fail("get_scheduler(): scheduler_specific_kwargs must be a dict like {'num_cycles': 2}", n)
    }
  }

  /// Python's binding of `schedule_func(optimizer, **forwarded)`: a repeated keyword, a
  /// keyword the function does not take (its TypeError), else the arguments.
  static func bind(_ fn: HFFunction, _ forwarded: [(String, Node)], outer a: Arguments) throws(SpecError) -> Arguments {
    var values: [String: Node] = [:]
    let callee = fn.kwargsTarget.map { "\($0).__init__" } ?? fn.name
    let accepted = fn.acceptedParams.map(\.name)
    for (k, v) in forwarded {
      if values[k] != nil {
        let e = ScheduleError(
          "TypeError", "transformers.optimization.\(fn.name)() got multiple values for keyword argument '\(k)'")
        throw SpecError("get_scheduler() raised TypeError: \(e.message)", source: a.evaluator.source, column: v.offset, scheduleError: e)
      }
      if k == "optimizer" {
        let e = ScheduleError("TypeError", "\(fn.name)() got multiple values for argument 'optimizer'")
        throw SpecError("get_scheduler() raised TypeError: \(e.message)", source: a.evaluator.source, column: v.offset, scheduleError: e)
      }
      guard accepted.contains(k) else {
        let e = ScheduleError("TypeError", "\(callee)() got an unexpected keyword argument '\(k)'")
        let hint = Suggest.closest(to: k, in: accepted).map { "; did you mean '\($0)'?" } ?? ""
        throw SpecError(
          "get_scheduler() raised TypeError: \(e.message)\(hint) (\(callee)() takes \(accepted.joined(separator: ", ")))",
          source: a.evaluator.source, column: v.offset, scheduleError: e)
      }
      values[k] = v
    }
    return Arguments(className: fn.name, call: a.call, values: values, evaluator: a.evaluator)
  }
}

extension HFFunctions {
  static let greedyParams = [
    Param("mode", "'min'"), Param("factor", "0.95"), Param("patience", "10"), Param("threshold", "1e-06"),
    Param("threshold_mode", "'abs'"), Param("cooldown", "0"), Param("warmup", "0"), Param("min_lr", "0.001"),
    Param("max_lr", "1.0"), Param("eps", "1e-08"), Param("verbose", "False"), Param("smooth", "False"),
    Param("window_size", "50"), Param("reset_start", "500"),
  ]

  /// `transformers.optimization.GreedyLR` itself.
  static var greedyClass: SchedulerClass {
    SchedulerClass(
      "GreedyLR", .transformers, greedyParams,
      "lr ÷ factor after patience improvements, × factor after patience plateaus, within [min_lr, max_lr] (needs --metrics)"
    ) { groups, a, ctx throws(SpecError) in
      try buildGreedy(&groups, a, ctx)
    }
  }

  static func buildGreedy(_ groups: inout [ParamGroup], _ a: Arguments, _ ctx: BuildContext) throws(SpecError) -> BuiltScheduler {
    let mode = try a.pythonStr("mode", "min")
    let factor = try a.double("factor", 0.95)
    let patience = try a.double("patience", 10)
    let threshold = try a.double("threshold", 1e-6)
    let tm = try a.pythonStr("threshold_mode", "abs")
    let cooldown = try a.double("cooldown", 0)
    let warmup = try a.double("warmup", 0)
    let (minLR, minIsList) = try a.doubles("min_lr", [1e-3])
    let (maxLR, maxIsList) = try a.doubles("max_lr", [1.0])
    let eps = try a.double("eps", 1e-8)
    let smooth = try a.bool("smooth", false)
    let window = try a.int("window_size", 50)
    let reset = try a.int("reset_start", 500)
    if ctx.strict, smooth {
      try a.require(window >= 1, "window_size", "must be at least 1 with smooth=True, got \(window)")
    }
    let g = groups
    let s = try Registry.construct(a) { () throws(ScheduleError) in
      try HFGreedyLR(
        groups: g, field: ctx.field, mode: mode, factor: factor, patience: patience, threshold: threshold,
        thresholdMode: tm, cooldown: cooldown, warmup: warmup, minLR: .init(minLR, isList: minIsList),
        maxLR: .init(maxLR, isList: maxIsList), eps: eps, smooth: smooth, windowSize: window, resetStart: reset)
    }
    return .stepper(HFGreedyStepper(s, stepOn: ctx.stepOn))
  }
}
