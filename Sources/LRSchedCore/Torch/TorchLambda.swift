/// One lambda for every group, or a list of exactly one per group (torch's check and message).
func perGroupLambdas(_ lambdas: [PyLambda], isList: Bool, groups: Int) throws(ScheduleError) -> [PyLambda] {
  guard isList else { return Array(repeating: lambdas[0], count: groups) }
  guard lambdas.count == groups else { throw .value("Expected \(groups) lr_lambdas, but got \(lambdas.count)") }
  return lambdas
}

/// `LambdaLR(lr_lambda)`: `lr_t = base * lr_lambda(t)`, one lambda or one per group.
public struct TorchLambdaLR: TorchRecurrence {
  public var state: TorchState
  public let lambdas: [PyLambda]

  public init(groups: inout [ParamGroup], field: Field = .lr, lambdas: [PyLambda], isList: Bool) throws(ScheduleError) {
    self.lambdas = try perGroupLambdas(lambdas, isList: isList, groups: groups.count)
    state = TorchState(field: field, groups: &groups)
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    var values = [Double]()
    values.reserveCapacity(groups.count)
    for i in groups.indices { values.append(state.baseValues[i] * (try lambdas[i](t)).double) }
    for i in groups.indices { groups[i][state.field] = values[i] }
  }
}

/// `MultiplicativeLR(lr_lambda)`: `lr_t = lr_{t-1} * lr_lambda(t)` for `t > 0`.
public struct TorchMultiplicativeLR: TorchRecurrence {
  public var state: TorchState
  public let lambdas: [PyLambda]

  public init(groups: inout [ParamGroup], field: Field = .lr, lambdas: [PyLambda], isList: Bool) throws(ScheduleError) {
    self.lambdas = try perGroupLambdas(lambdas, isList: isList, groups: groups.count)
    state = TorchState(field: field, groups: &groups)
    try initialStep(&groups)
  }

  public mutating func update(_ groups: inout [ParamGroup]) throws(ScheduleError) {
    let t = state.lastEpoch
    // `_is_initial`, not `t > 0`: SequentialLR's `_update_lr(0)` at a milestone multiplies
    // by `lr_lambda(0)`.
    guard !state.isInitial else { return }
    var values = [Double]()
    values.reserveCapacity(groups.count)
    for i in groups.indices { values.append(groups[i][state.field] * (try lambdas[i](t)).double) }
    for i in groups.indices { groups[i][state.field] = values[i] }
  }
}
