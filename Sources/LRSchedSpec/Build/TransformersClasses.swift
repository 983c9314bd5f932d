import LRSchedCore

/// The schedule functions of transformers 5.25 (`transformers/optimization.py`), as spec
/// calls without the optimizer: `get_cosine_schedule_with_warmup(num_warmup_steps=100,
/// num_training_steps=1000)`, `get_scheduler('cosine', num_warmup_steps=…, …)`.
///
/// Each lambda function builds torch's `LambdaLR` (a torch scheduler: it nests in
/// SequentialLR like the Python object does) and is stepped like any torch scheduler;
/// the Trainer steps it once per optimizer step (`--step-on batch`).
struct HFFunction: @unchecked Sendable {
  typealias Build = (inout [ParamGroup], Arguments, BuildContext) throws(SpecError) -> BuiltScheduler
  /// The Python name (`get_linear_schedule_with_warmup`), also the spec's class name.
  var name: String
  /// The parameters after `optimizer`, in order; `nil` default: required.
  var params: [Param]
  /// `**kwargs` forwarded to this class's `__init__` (plateau, greedy) instead of own parameters.
  var kwargsTarget: String?
  var summary: String
  var build: Build

  /// The keywords a call accepts: its parameters, or those of the `**kwargs` target.
  var acceptedParams: [Param] {
    switch kwargsTarget {
    case "ReduceLROnPlateau": return Registry.torchClasses.first { $0.name == "ReduceLROnPlateau" }!.params
    case "GreedyLR": return HFFunctions.greedyParams
    default: return params
    }
  }

  var schedulerClass: SchedulerClass {
    SchedulerClass(name, .transformers, acceptedParams, summary) { groups, a, ctx throws(SpecError) in
      try build(&groups, try HFFunction.checkMissing(a, name: name, params: params), ctx)
    }
  }

  /// Python's `missing N required positional argument(s)` TypeError.
  static func checkMissing(_ a: Arguments, name: String, params: [Param]) throws(SpecError) -> Arguments {
    let missing = params.filter { $0.defaultValue == nil && a.values[$0.name] == nil }.map { "'\($0.name)'" }
    guard !missing.isEmpty else { return a }
    let list: String
    switch missing.count {
    case 1: list = missing[0]
    case 2: list = missing[0] + " and " + missing[1]
    default: list = missing.dropLast().joined(separator: ", ") + ", and " + missing.last!
    }
    let plural = missing.count == 1 ? "argument" : "arguments"
    let e = ScheduleError("TypeError", "\(name)() missing \(missing.count) required positional \(plural): \(list)")
    throw Registry.constructorError(a, e)
  }
}

extension Registry {
  /// `transformers.optimization` (5.25): `get_scheduler`, every `get_*_schedule*` function
  /// and `GreedyLR`.
  static let transformersClasses: [SchedulerClass] =
    [HFGetScheduler.schedulerClass] + HFFunctions.all.map(\.schedulerClass) + [HFFunctions.greedyClass]
}

/// The functions `get_scheduler` dispatches to.
enum HFFunctions {
  static let all: [HFFunction] = [
    HFFunction(
      name: "get_constant_schedule", params: [Param("last_epoch", "-1")],
      summary: "constant: lr_lambda = 1"
    ) { groups, a, ctx throws(SpecError) in
      try lambdaLR(a, &groups, ctx, warmup: .int(0)) { () throws(ScheduleError) in HFConstant() }
    },
    HFFunction(
      name: "get_constant_schedule_with_warmup", params: [Param("num_warmup_steps"), Param("last_epoch", "-1")],
      summary: "linear warm-up from 0 over num_warmup_steps, then constant"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        HFConstantWithWarmup(numWarmupSteps: w ?? .int(0))
      }
    },
    HFFunction(
      name: "get_linear_schedule_with_warmup",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("last_epoch", "-1")],
      summary: "linear warm-up, then linear decay to 0 at num_training_steps (0 after it)"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        HFLinear(numWarmupSteps: w ?? .int(0), numTrainingSteps: t)
      }
    },
    HFFunction(
      name: "get_cosine_schedule_with_warmup",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("num_cycles", "0.5"), Param("last_epoch", "-1")],
      summary: "linear warm-up, then cosine to 0 (num_cycles waves; rises again after num_training_steps if > 0.5)"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      let c = try a.double("num_cycles", 0.5)
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        HFCosine(numWarmupSteps: w ?? .int(0), numTrainingSteps: t, numCycles: c)
      }
    },
    HFFunction(
      name: "get_cosine_with_hard_restarts_schedule_with_warmup",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("num_cycles", "1"), Param("last_epoch", "-1")],
      summary: "linear warm-up, then num_cycles cosines from the base to 0 with hard restarts; 0 after"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      let c = try a.double("num_cycles", 1)
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        HFHardRestarts(numWarmupSteps: w ?? .int(0), numTrainingSteps: t, numCycles: c)
      }
    },
    HFFunction(
      name: "get_polynomial_decay_schedule_with_warmup",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("lr_end", "1e-07"), Param("power", "1.0"),
               Param("last_epoch", "-1")],
      summary: "linear warm-up, then polynomial decay to lr_end; relative to optimizer.defaults['lr'], not each group's"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      let end = try a.number("lr_end") ?? .float(1e-7)
      let power = try a.double("power", 1.0)
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        try HFPolynomial(
          numWarmupSteps: w ?? .int(0), numTrainingSteps: t, lrEnd: end, power: power, lrInit: ctx.optimizer.defaultLR)
      }
    },
    HFFunction(
      name: "get_inverse_sqrt_schedule",
      params: [Param("num_warmup_steps"), Param("timescale", "None"), Param("last_epoch", "-1")],
      summary: "linear warm-up, then 1/sqrt((step + timescale − warmup)/timescale); timescale = warmup or 10000"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let ts = try a.number("timescale")
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        HFInverseSqrt(numWarmupSteps: w ?? .int(0), timescale: ts)
      }
    },
    HFFunction(
      name: "get_reduce_on_plateau_schedule", params: [], kwargsTarget: "ReduceLROnPlateau",
      summary: "torch ReduceLROnPlateau(**kwargs); the Trainer steps it with the eval metric (needs --metrics)"
    ) { groups, a, ctx throws(SpecError) in
      try Registry.find("ReduceLROnPlateau")!.build(&groups, a.renamed("ReduceLROnPlateau"), ctx)
    },
    HFFunction(
      name: "get_cosine_with_min_lr_schedule_with_warmup",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("num_cycles", "0.5"), Param("last_epoch", "-1"),
               Param("min_lr", "None"), Param("min_lr_rate", "None")],
      summary: "cosine down to min_lr_rate·lr (min_lr is divided by optimizer.defaults['lr']); one of the two required"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      let c = try a.double("num_cycles", 0.5)
      let minLR = try a.number("min_lr")
      let rate = try a.number("min_lr_rate")
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        let r = try hfMinLRRate(minLR: minLR, minLRRate: rate, defaultLR: ctx.optimizer.defaultLR)
        return HFCosine(numWarmupSteps: w ?? .int(0), numTrainingSteps: t, numCycles: c, minLRRate: r)
      }
    },
    HFFunction(
      name: "get_cosine_with_min_lr_schedule_with_warmup_lr_rate",
      params: [Param("num_warmup_steps"), Param("num_training_steps"), Param("num_cycles", "0.5"), Param("last_epoch", "-1"),
               Param("min_lr", "None"), Param("min_lr_rate", "None"), Param("warmup_lr_rate", "None")],
      summary: "warm-up from (step+1)/W or warmup_lr_rate, cosine one step ahead down to min_lr_rate·lr"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let t = try a.number("num_training_steps")
      let c = try a.double("num_cycles", 0.5)
      let minLR = try a.number("min_lr")
      let rate = try a.number("min_lr_rate")
      let wr = try a.number("warmup_lr_rate")?.double
      return try lambdaLR(a, &groups, ctx, warmup: w, noneWarmup: "float() argument must be a string or a real number, not 'NoneType'") {
        () throws(ScheduleError) in
        let r = try hfMinLRRate(minLR: minLR, minLRRate: rate, defaultLR: ctx.optimizer.defaultLR)
        return HFCosineWarmupMinLR(numWarmupSteps: w ?? .int(0), numTrainingSteps: t, numCycles: c, minLRRate: r, warmupLRRate: wr)
      }
    },
    HFFunction(
      name: "get_wsd_schedule",
      params: [Param("num_warmup_steps"), Param("num_decay_steps"), Param("num_training_steps", "None"),
               Param("num_stable_steps", "None"), Param("warmup_type", "'linear'"), Param("decay_type", "'cosine'"),
               Param("min_lr_ratio", "0"), Param("num_cycles", "0.5"), Param("last_epoch", "-1")],
      summary: "warm-up (linear/cosine/1-sqrt), stable, decay (linear/cosine/1-sqrt) to min_lr_ratio·lr, then holds it"
    ) { groups, a, ctx throws(SpecError) in
      let w = try a.number("num_warmup_steps")
      let d = try a.number("num_decay_steps") ?? .int(0)
      let t = try a.number("num_training_steps")
      let s = try a.number("num_stable_steps")
      let wt = try a.pythonStr("warmup_type", "linear")
      let dt = try a.pythonStr("decay_type", "cosine")
      let m = try a.number("min_lr_ratio") ?? .int(0)
      let c = try a.double("num_cycles", 0.5)
      if w == nil, s == nil, t != nil {
        throw Registry.constructorError(a, ScheduleError("TypeError", "unsupported operand type(s) for -: 'int' and 'NoneType'"))
      }
      return try lambdaLR(a, &groups, ctx, warmup: w) { () throws(ScheduleError) in
        try HFWSD(
          numWarmupSteps: w ?? .int(0), numDecaySteps: d, numTrainingSteps: t, numStableSteps: s, warmupType: wt,
          decayType: dt, minLRRatio: m, numCycles: c)
      }
    },
    HFFunction(
      name: "get_greedy_schedule", params: [], kwargsTarget: "GreedyLR",
      summary: "GreedyLR(**kwargs): lowers the lr on a plateau and raises it on steady improvement (needs --metrics)"
    ) { groups, a, ctx throws(SpecError) in
      try buildGreedy(&groups, a.renamed("GreedyLR"), ctx)
    },
  ]

  /// The function body's checks and lambda (`make`), then `LambdaLR(optimizer, lr_lambda,
  /// last_epoch)`: `last_epoch` other than -1 is refused (strict) or raises torch's KeyError
  /// (verify), and a `None` warm-up fails in the initial step's first comparison.
  static func lambdaLR(
    _ a: Arguments, _ groups: inout [ParamGroup], _ ctx: BuildContext, warmup: PyNumber?,
    noneWarmup: String = "'<' not supported between instances of 'int' and 'NoneType'",
    _ make: () throws(ScheduleError) -> any HFLambda
  ) throws(SpecError) -> BuiltScheduler {
    let lambda = try Registry.construct(a, make)
    let lastEpoch = try a.int("last_epoch", -1)
    if lastEpoch != -1 {
      guard !ctx.strict else {
        throw a.fail(
          "last_epoch=\(lastEpoch): resuming through last_epoch is not supported; use 'lrsched values --from-step'",
          a.values["last_epoch"]!)
      }
      if let i = groups.firstIndex(where: { $0.initial[ctx.field] == nil }) {
        let text = "param 'initial_\(ctx.field.rawValue)' is not specified in param_groups[\(i)] when resuming scheduler with last_epoch >= 0.\\nThis typically happens when:\\n1. You're trying to resume training from a checkpoint but haven't properly loaded the optimizer state\\n2. You're using last_epoch >= 0 for a fresh training run (not recommended)"
        throw Registry.constructorError(a, ScheduleError("KeyError", "\"" + text + "\""))
      }
      throw a.fail("last_epoch=\(lastEpoch): resuming an existing schedule is not supported", a.values["last_epoch"]!)
    }
    if warmup == nil { throw Registry.constructorError(a, ScheduleError("TypeError", noneWarmup)) }
    return .torch(try Registry.construct(a) { () throws(ScheduleError) in try lambda.lambdaLR(groups: &groups, field: ctx.field) })
  }
}

extension Arguments {
  /// The same arguments under another callee name (`**kwargs` forwarded to a class).
  func renamed(_ name: String) -> Arguments {
    Arguments(className: name, call: call, values: values, evaluator: evaluator)
  }

  /// `str(value)` as an f-string prints it (a string as is).
  func pythonStr(_ name: String, _ fallback: String) throws(SpecError) -> String {
    guard let v = try value(name) else { return fallback }
    if case .string(let s) = v { return s }
    return v.repr
  }
}
