import LRSchedCore

/// Parses an optimizer spec: any `torch.optim` optimizer (`SGD(lr=0.1, momentum=0.9)`,
/// `Adam(lr=1e-3, betas=(0.9, 0.999))`, `RMSprop(momentum=0.9)`, `Adagrad()`, …) with torch
/// 2.15's constructor parameters and defaults, optionally with a list of param-group dicts
/// first: `SGD([{'lr': 0.1}, {'lr': 0.01, 'momentum': 0.8}], lr=0.05, momentum=0.9)`.
public enum OptimizerSpec {
  /// Each optimizer's constructor parameters (torch 2.15, `inspect.signature`).
  static let params: [OptimizerKind: [String]] = [
    .adadelta: ["params", "lr", "rho", "eps", "weight_decay", "foreach", "capturable", "maximize", "differentiable"],
    .adafactor: ["params", "lr", "beta2_decay", "eps", "d", "weight_decay", "foreach", "maximize"],
    .adagrad: [
      "params", "lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps", "foreach", "maximize", "differentiable",
      "fused",
    ],
    .adam: [
      "params", "lr", "betas", "eps", "weight_decay", "amsgrad", "foreach", "maximize", "capturable", "differentiable", "fused",
      "decoupled_weight_decay",
    ],
    .adamw: [
      "params", "lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach", "capturable", "differentiable", "fused",
    ],
    .adamax: ["params", "lr", "betas", "eps", "weight_decay", "foreach", "maximize", "differentiable", "capturable"],
    .asgd: ["params", "lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize", "differentiable", "capturable"],
    .lbfgs: [
      "params", "lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn",
      "maximize",
    ],
    .nadam: [
      "params", "lr", "betas", "eps", "weight_decay", "momentum_decay", "decoupled_weight_decay", "foreach", "maximize",
      "capturable", "differentiable",
    ],
    .radam: [
      "params", "lr", "betas", "eps", "weight_decay", "decoupled_weight_decay", "foreach", "maximize", "capturable",
      "differentiable",
    ],
    .rmsprop: [
      "params", "lr", "alpha", "eps", "weight_decay", "momentum", "centered", "capturable", "foreach", "maximize",
      "differentiable",
    ],
    .rprop: ["params", "lr", "etas", "step_sizes", "capturable", "foreach", "maximize", "differentiable"],
    .sgd: ["params", "lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach", "differentiable", "fused"],
    .sparseAdam: ["params", "lr", "betas", "eps", "maximize"],
  ]
  /// Keys a group dict may set: the optimizer's parameters plus the ones schedulers and
  /// user code add (`lr_scale`, `initial_lr`, a `name`).
  static func groupKeys(_ kind: OptimizerKind) -> [String] {
    (params[kind] ?? []) + ["lr_scale", "initial_lr", "name"]
  }

  public static func parse(_ spec: String) throws(SpecError) -> OptimizerConfig {
    let node = try Parser.parse(spec)
    let ev = Evaluator(source: spec)
    func fail(_ m: String, _ at: Int) -> SpecError { SpecError(m, source: spec, column: at) }
    guard case .call(let f, let args, let keywords) = node.expr, let name = f.dottedName else {
      throw fail("expected an optimizer call like SGD(lr=0.1, momentum=0.9)", node.offset)
    }
    let short = name.split(separator: ".").last.map(String.init) ?? name
    guard let kind = OptimizerKind(rawValue: short) else {
      let hint = Suggest.closest(to: short, in: OptimizerKind.allCases.map(\.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
      throw fail("unknown optimizer '\(name)'\(hint) (the torch.optim optimizers: \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")))", f.offset)
    }
    let allowed = params[kind] ?? []
    var defaults = ParamGroup(lr: kind.defaultLR, weightDecay: kind.defaultWeightDecay)
    var mentionsMomentum = false
    guard args.count <= 1 else { throw fail("\(short)() takes the param groups as its only positional argument", args[1].offset) }
    for k in keywords {
      if k.name == "params" {
        throw fail(
          "the param groups are \(short)()'s positional argument, e.g. \(short)([{'lr': 0.1}, {'lr': 0.01}], …)",
          k.offset)
      }
      guard allowed.contains(k.name) else {
        let hint = Suggest.closest(to: k.name, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
        throw fail("\(short)() got an unexpected keyword argument '\(k.name)'\(hint)", k.offset)
      }
      if k.name == "momentum" { mentionsMomentum = true }
      try apply(k.name, try ev.constant(k.value), to: &defaults, kind: kind, at: k.value.offset, spec: spec)
    }
    var groups = [defaults]
    if let first = args.first {
      guard case .list(let items) = first.expr, !items.isEmpty else {
        throw fail("the param groups must be a non-empty list of dicts", first.offset)
      }
      groups = []
      for item in items {
        guard case .dict(let pairs) = item.expr else { throw fail("a param group must be a dict", item.offset) }
        var g = defaults
        for (kn, vn) in pairs {
          guard case .string(let key) = kn.expr else { throw fail("param group keys must be strings", kn.offset) }
          guard groupKeys(kind).contains(key) else {
            let hint = Suggest.closest(to: key, in: groupKeys(kind)).map { "; did you mean '\($0)'?" } ?? ""
            throw fail("unknown param group key '\(key)'\(hint)", kn.offset)
          }
          if key == "momentum" { mentionsMomentum = true }
          if !["lr", "momentum", "dampening", "weight_decay", "nesterov", "eps", "lr_scale", "betas"].contains(key) {
            continue
          }
          try apply(key, try ev.constant(vn), to: &g, kind: kind, at: vn.offset, spec: spec)
        }
        groups.append(g)
      }
    }
    if groups.count > 4096 { throw fail("too many param groups (limit 4096)", node.offset) }
    return OptimizerConfig(
      kind: kind, groups: groups, mentionsMomentum: kind.hasMomentum && mentionsMomentum, defaultLR: defaults.lr)
  }

  static func apply(_ key: String, _ v: PyValue, to g: inout ParamGroup, kind: OptimizerKind, at: Int, spec: String) throws(SpecError) {
    func num() throws(SpecError) -> Double {
      guard let n = v.number, !n.double.isNaN else {
        throw SpecError("\(key) must be a number, got \(v.repr)", source: spec, column: at)
      }
      return n.double
    }
    switch key {
    case "lr":
      let x = try num()
      guard x >= 0, x.isFinite else { throw SpecError("Invalid learning rate: \(v.repr)", source: spec, column: at) }
      g.lr = x
    case "momentum":
      guard kind.hasMomentum else {
        throw SpecError(
          "\(kind.rawValue) has no momentum" + (kind.usesBetas ? "; use betas" : ""), source: spec, column: at)
      }
      let x = try num()
      guard x >= 0 else { throw SpecError("Invalid momentum value: \(v.repr)", source: spec, column: at) }
      g.momentum = x
    case "dampening": g.dampening = try num()
    case "weight_decay":
      let x = try num()
      guard x >= 0 else { throw SpecError("Invalid weight_decay value: \(v.repr)", source: spec, column: at) }
      g.weightDecay = x
    case "nesterov", "maximize", "foreach", "differentiable", "fused", "capturable", "amsgrad", "decoupled_weight_decay":
      if key == "nesterov" { g.nesterov = v.isTruthy }
    case "eps":
      // Adafactor's eps is a pair (None, 1e-3); no schedule reads it.
      if kind != .adafactor { g.eps = try num() }
    case "lr_scale": g.lrScale = try num()
    case "betas":
      guard kind.usesBetas else {
        throw SpecError(
          "\(kind.rawValue) has no betas" + (kind.hasMomentum ? "; use momentum" : ""), source: spec, column: at)
      }
      guard case .tuple(let items) = v, items.count == 2, let b1 = items[0].number, let b2 = items[1].number else {
        throw SpecError("betas must be a tuple of two numbers, got \(v.repr)", source: spec, column: at)
      }
      guard (0..<1).contains(b1.double) else { throw SpecError("Invalid beta parameter at index 0: \(b1)", source: spec, column: at) }
      guard (0..<1).contains(b2.double) else { throw SpecError("Invalid beta parameter at index 1: \(b2)", source: spec, column: at) }
      g.beta1 = b1.double
      g.beta2 = b2.double
    default: break
    }
  }
}
