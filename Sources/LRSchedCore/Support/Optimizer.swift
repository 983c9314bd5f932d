/// The optimizer a schedule drives, reduced to what schedules read and write.
///
/// Mirrors the parameter groups of every `torch.optim` optimizer (torch 2.15): every group
/// has an `lr`; SGD and RMSprop groups carry `momentum`, the Adam family carries `betas`,
/// the others neither (OneCycleLR/CyclicLR then refuse `cycle_momentum`, as torch does).
/// The optimizer is built over no parameters, so "stepping" it changes nothing but
/// bookkeeping.
public enum OptimizerKind: String, Sendable, CaseIterable {
  case adadelta = "Adadelta"
  case adafactor = "Adafactor"
  case adagrad = "Adagrad"
  case adam = "Adam"
  case adamw = "AdamW"
  case adamax = "Adamax"
  case asgd = "ASGD"
  case lbfgs = "LBFGS"
  case nadam = "NAdam"
  case radam = "RAdam"
  case rmsprop = "RMSprop"
  case rprop = "Rprop"
  case sgd = "SGD"
  case sparseAdam = "SparseAdam"

  /// Whether `optimizer.defaults` has a `betas` key (torch cycles `betas[0]` then).
  public var usesBetas: Bool {
    switch self {
    case .adam, .adamw, .adamax, .nadam, .radam, .sparseAdam: return true
    default: return false
    }
  }

  /// Whether `optimizer.defaults` has a `momentum` key (SGD, RMSprop; default 0).
  public var hasMomentum: Bool { self == .sgd || self == .rmsprop }

  /// The `lr` default of the constructor (torch 2.15; LBFGS's is the int 1).
  public var defaultLR: Double {
    switch self {
    case .adadelta, .lbfgs: return 1.0
    case .adafactor, .adagrad, .asgd, .rmsprop, .rprop: return 1e-2
    case .adamax, .nadam: return 2e-3
    case .adam, .adamw, .radam, .sgd, .sparseAdam: return 1e-3
    }
  }

  /// The `weight_decay` default (AdamW 1e-2, every other 0; Rprop, LBFGS and SparseAdam have none).
  public var defaultWeightDecay: Double { self == .adamw ? 1e-2 : 0 }
}

/// A hyperparameter field of a parameter group that a schedule can drive.
public enum Field: String, Sendable, CaseIterable, Hashable {
  case lr
  case momentum
  case beta1
  case weightDecay = "weight_decay"

  /// Parses the names used in specs (`'lr'`, `'momentum'`, `'beta1'`, `'weight_decay'`).
  public init?(name: String) {
    switch name {
    case "lr": self = .lr
    case "momentum": self = .momentum
    case "beta1", "betas[0]": self = .beta1
    case "weight_decay", "wd": self = .weightDecay
    default: return nil
    }
  }
}

/// One parameter group: the values a training step reads.
public struct ParamGroup: Sendable, Equatable {
  public var lr: Double
  /// SGD momentum (torch default 0).
  public var momentum: Double
  public var dampening: Double
  public var nesterov: Bool
  /// Adam `betas`.
  public var beta1: Double
  public var beta2: Double
  public var eps: Double
  public var weightDecay: Double
  /// timm's `lr_scale` group key, if present.
  public var lrScale: Double?
  /// The `initial_<field>` keys schedulers store with `setdefault` (torch `initial_lr`).
  public var initial = InitialValues()
  /// torch's `max_lr` / `min_lr` group keys, written by `OneCycleLR`'s constructor and read
  /// back on every step (a later OneCycleLR on the same optimizer overwrites them).
  public var maxLR: Double?
  public var minLR: Double?
  /// torch's `max_momentum` / `base_momentum` group keys, written by the constructors of
  /// `OneCycleLR` and `CyclicLR` (with `cycle_momentum`); OneCycleLR reads them back on
  /// every step.
  public var maxMomentum: Double?
  public var baseMomentum: Double?

  public init(
    lr: Double, momentum: Double = 0, dampening: Double = 0, nesterov: Bool = false,
    beta1: Double = 0.9, beta2: Double = 0.999, eps: Double = 1e-8, weightDecay: Double = 0,
    lrScale: Double? = nil
  ) {
    self.lr = lr
    self.momentum = momentum
    self.dampening = dampening
    self.nesterov = nesterov
    self.beta1 = beta1
    self.beta2 = beta2
    self.eps = eps
    self.weightDecay = weightDecay
    self.lrScale = lrScale
  }

  public subscript(field: Field) -> Double {
    get {
      switch field {
      case .lr: return lr
      case .momentum: return momentum
      case .beta1: return beta1
      case .weightDecay: return weightDecay
      }
    }
    set {
      switch field {
      case .lr: lr = newValue
      case .momentum: momentum = newValue
      case .beta1: beta1 = newValue
      case .weightDecay: weightDecay = newValue
      }
    }
  }
}

/// An optimizer configuration: its kind, its groups, and which keys its spec mentioned.
public struct OptimizerConfig: Sendable, Equatable {
  public var kind: OptimizerKind
  public var groups: [ParamGroup]
  /// Whether the SGD spec mentions `momentum` (keyword or in a group dict). torch's SGD
  /// always has a `momentum` key; the reference files record it only when mentioned.
  public var mentionsMomentum: Bool
  /// `optimizer.defaults['lr']`: the constructor's `lr` keyword (or its default), which a
  /// group dict may override. transformers' polynomial and min-lr schedules read it.
  public var defaultLR: Double

  public init(kind: OptimizerKind, groups: [ParamGroup], mentionsMomentum: Bool = false, defaultLR: Double? = nil) {
    self.kind = kind
    self.groups = groups
    self.mentionsMomentum = mentionsMomentum
    self.defaultLR = defaultLR ?? groups.first?.lr ?? 1e-3
  }

  /// `SGD(lr=0.1, momentum=0.9)`: the project's default optimizer.
  public static let defaultSGD = OptimizerConfig(
    kind: .sgd, groups: [ParamGroup(lr: 0.1, momentum: 0.9)], mentionsMomentum: true)

  /// The momentum-like field of this optimizer: `beta1` for the Adam family, else `momentum`.
  public var momentumField: Field { kind.usesBetas ? .beta1 : .momentum }

  /// The fields a training step reads, in report order: lr, then momentum (SGD or
  /// RMSprop with momentum mentioned) or beta1 (the Adam family); lr only for the others.
  public var recordedFields: [Field] {
    if kind.usesBetas { return [.lr, .beta1] }
    if kind.hasMomentum && mentionsMomentum { return [.lr, .momentum] }
    return [.lr]
  }
}

/// The `initial_lr`-style keys a torch scheduler leaves in a parameter group.
///
/// torch stores `group.setdefault("initial_lr", group["lr"])` on construction, so a
/// second scheduler on the same optimizer (SequentialLR, ChainedScheduler) sees the
/// first scheduler's base value, not the lr the first one wrote.
public struct InitialValues: Sendable, Equatable {
  public var lr: Double?
  public var momentum: Double?
  public var beta1: Double?
  public var weightDecay: Double?

  public init() {}

  public subscript(field: Field) -> Double? {
    get {
      switch field {
      case .lr: return lr
      case .momentum: return momentum
      case .beta1: return beta1
      case .weightDecay: return weightDecay
      }
    }
    set {
      switch field {
      case .lr: lr = newValue
      case .momentum: momentum = newValue
      case .beta1: beta1 = newValue
      case .weightDecay: weightDecay = newValue
      }
    }
  }
}

extension Array where Element == ParamGroup {
  /// `group.setdefault("initial_<field>", group[field])` on every group, as every library's
  /// scheduler base class does on construction (torch `LRScheduler.__init__`, timm
  /// `Scheduler.__init__`, accelerated `SchedulerBase.__init__`, lr-momentum-scheduler).
  /// Returns the groups' `initial_<field>` values: the scheduler's base values.
  public mutating func setDefaultInitial(_ field: Field) -> [Double] {
    for i in indices where self[i].initial[field] == nil {
      self[i].initial[field] = self[i][field]
    }
    return map { $0.initial[field]! }
  }
}
