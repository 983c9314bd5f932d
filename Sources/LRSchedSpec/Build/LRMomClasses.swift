import LRSchedCore

extension Registry {
  /// lr-momentum-scheduler (`scheduler.py`, timesler/lr-momentum-scheduler). Torch
  /// `_LRScheduler` subclasses: stepped per batch or per epoch like any torch scheduler,
  /// and they need an optimizer with a `momentum` key (Adam raises `KeyError: 'momentum'`).
  static let lrmomClasses: [SchedulerClass] = [
    SchedulerClass(
      "LambdaScheduler", .lrmom,
      [Param("lr_lambda", "lambda x: x"), Param("momentum_lambda", "lambda x: x"), Param("last_epoch", "-1")],
      "lr = initial_lr · lr_lambda(epoch), momentum = initial_momentum · momentum_lambda(epoch); defaults are the identity"
    ) { groups, a, ctx throws(SpecError) in
      let lr = try a.lambdas("lr_lambda")
      let mom = try a.lambdas("momentum_lambda")
      let hasKey = ctx.optimizer.kind.hasMomentum
      return .torch(try construct(a) { () throws(ScheduleError) in
        try LRMomScheduler.lambda(
          groups: &groups, hasMomentumKey: hasKey, field: ctx.field, lrLambdas: lr?.lambdas, lrIsList: lr?.isList ?? false,
          momentumLambdas: mom?.lambdas, momentumIsList: mom?.isList ?? false)
      })
    },
    SchedulerClass(
      "ListScheduler", .lrmom, [Param("lrs", "None"), Param("momentums", "None"), Param("last_epoch", "-1")],
      "explicit per-step lists (or lists of lists, one per group; file('values.csv')); a 0 is appended, then IndexError"
    ) { groups, a, ctx throws(SpecError) in
      let lrs = try lrmomList(a, "lrs", ctx.fileReader)
      let moms = try lrmomList(a, "momentums", ctx.fileReader)
      let hasKey = ctx.optimizer.kind.hasMomentum
      return .torch(try construct(a) { () throws(ScheduleError) in
        try LRMomScheduler.list(groups: &groups, hasMomentumKey: hasKey, field: ctx.field, lrs: lrs, momentums: moms)
      })
    },
    SchedulerClass(
      "RangeFinder", .lrmom, [Param("epochs")],
      "LR range test: np.logspace(-7, 0, epochs); momentum keeps the identity default (0, m, 2m, …)"
    ) { groups, a, ctx throws(SpecError) in
      let epochs = try a.requiredInt("epochs")
      let hasKey = ctx.optimizer.kind.hasMomentum
      return .torch(try construct(a) { () throws(ScheduleError) in
        try LRMomScheduler.rangeFinder(groups: &groups, hasMomentumKey: hasKey, field: ctx.field, epochs: epochs)
      })
    },
    SchedulerClass(
      "OneCyclePolicy", .lrmom,
      [Param("lr"), Param("epochs"), Param("momentum_rng", "[0.85, 0.95]"), Param("phase_ratio", "0.45")],
      "1cycle with np.linspace phases: lr/10 → lr → lr/10 → lr/100; momentum high → low → high"
    ) { groups, a, ctx throws(SpecError) in
      guard a.node("lr") != nil else { throw a.missing("lr") }
      let (lr, lrIsList) = try a.doubles("lr", [])
      let epochs = try a.requiredInt("epochs")
      let ratio = try a.number("phase_ratio") ?? .float(0.45)
      let range: LRMomScheduler.MomentumRange
      if a.node("momentum_rng") == nil {
        range = .shared([0.85, 0.95])
      } else if !a.has("momentum_rng") {
        range = .none
      } else {
        switch try lrmomList(a, "momentum_rng", ctx.fileReader) {
        case .flat(let v)?: range = .shared(v)
        case .perGroup(let rows)?: range = .perGroup(rows)
        case nil: range = .none
        }
      }
      let hasKey = ctx.optimizer.kind.hasMomentum
      return .torch(try construct(a) { () throws(ScheduleError) in
        try LRMomScheduler.oneCycle(
          groups: &groups, hasMomentumKey: hasKey, field: ctx.field, lr: lr, lrIsList: lrIsList, epochs: epochs,
          momentumRange: range, phaseRatio: ratio)
      })
    },
  ]

  /// A list argument as NumPy sees it: a flat list of numbers, a list of lists (one per
  /// group), `file('values.csv')`, or a list of `file(...)` calls (one per group).
  static func lrmomList(_ a: Arguments, _ name: String, _ reader: SpecIO.FileReader?) throws(SpecError) -> LRMomList? {
    guard let node = a.node(name) else { return nil }
    if case .none = node.expr { return nil }
    if let values = try fileCall(a, node, reader) { return .flat(values) }
    let items: [Node]
    switch node.expr {
    case .list(let l), .tuple(let l): items = l
    default:
      let v = try a.evaluator.constant(node)
      throw constructorError(a, ScheduleError("AttributeError", "'\(v.typeName)' object has no attribute 'shape'"))
    }
    var flat: [Double] = []
    var rows: [[Double]] = []
    for item in items {
      if let values = try fileCall(a, item, reader) {
        rows.append(values)
        continue
      }
      let v = try a.evaluator.constant(item)
      switch v {
      case .list(let inner), .tuple(let inner):
        var row: [Double] = []
        for x in inner {
          guard let n = x.number else { throw a.fail("\(a.className)(): \(name) must hold numbers, got \(x.repr)", item) }
          row.append(n.double)
        }
        rows.append(row)
      default:
        guard let n = v.number else { throw a.fail("\(a.className)(): \(name) must hold numbers, got \(v.repr)", item) }
        flat.append(n.double)
      }
    }
    if !rows.isEmpty && !flat.isEmpty {
      throw constructorError(a, Numpy.inhomogeneousError(rows: items.count))
    }
    return rows.isEmpty ? .flat(flat) : .perGroup(rows)
  }

  /// `file('path')`: the numbers of a values file (through `reader`), or nil if `node` is
  /// not such a call.
  static func fileCall(_ a: Arguments, _ node: Node, _ reader: SpecIO.FileReader?) throws(SpecError) -> [Double]? {
    guard case .call(let f, let args, let keywords) = node.expr, f.dottedName == "file" else { return nil }
    guard args.count == 1, keywords.isEmpty, case .string(let path) = args[0].expr else {
      throw a.fail("file() takes one path string, e.g. file('values.csv')", node)
    }
    do {
      return try SpecIO.readNumbers(path, reader: reader)
    } catch {
      throw a.fail(error.message, node)
    }
  }
}
