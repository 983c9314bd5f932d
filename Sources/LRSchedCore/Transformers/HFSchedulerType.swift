/// transformers 5.25 `SchedulerType` (`transformers/trainer_utils.py`) and what
/// `get_scheduler` (`transformers/optimization.py`) passes to the function each name maps
/// to (`TYPE_TO_SCHEDULER_FUNCTION`).
public enum HFSchedulerType: String, Sendable, CaseIterable {
  case linear
  case cosine
  case cosineWithRestarts = "cosine_with_restarts"
  case polynomial
  case constant
  case constantWithWarmup = "constant_with_warmup"
  case inverseSqrt = "inverse_sqrt"
  case reduceOnPlateau = "reduce_lr_on_plateau"
  case cosineWithMinLR = "cosine_with_min_lr"
  case cosineWarmupWithMinLR = "cosine_warmup_with_min_lr"
  case warmupStableDecay = "warmup_stable_decay"
  case greedy

  /// `SchedulerType(value)`: the member, or `ExplicitEnum._missing_`'s ValueError.
  public static func named(_ value: String) throws(ScheduleError) -> HFSchedulerType {
    guard let t = HFSchedulerType(rawValue: value) else {
      let names = allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
      throw .value("\(value) is not a valid SchedulerType, please select one of [\(names)]")
    }
    return t
  }

  /// The enum member's name (`REDUCE_ON_PLATEAU`).
  public var memberName: String {
    switch self {
    case .reduceOnPlateau: return "REDUCE_ON_PLATEAU"
    default: return rawValue.uppercased()
    }
  }

  /// `str(SchedulerType.X)` as Python 3.11 formats it in `f"{name} requires ..."`
  /// (`SchedulerType.LINEAR`; a `str` mixin enum's `__format__` is `Enum.__str__` there).
  public var formatted: String { "SchedulerType.\(memberName)" }

  /// The function `get_scheduler` calls.
  public var functionName: String {
    switch self {
    case .linear: return "get_linear_schedule_with_warmup"
    case .cosine: return "get_cosine_schedule_with_warmup"
    case .cosineWithRestarts: return "get_cosine_with_hard_restarts_schedule_with_warmup"
    case .polynomial: return "get_polynomial_decay_schedule_with_warmup"
    case .constant: return "get_constant_schedule"
    case .constantWithWarmup: return "get_constant_schedule_with_warmup"
    case .inverseSqrt: return "get_inverse_sqrt_schedule"
    case .reduceOnPlateau: return "get_reduce_on_plateau_schedule"
    case .cosineWithMinLR: return "get_cosine_with_min_lr_schedule_with_warmup"
    case .cosineWarmupWithMinLR: return "get_cosine_with_min_lr_schedule_with_warmup_lr_rate"
    case .warmupStableDecay: return "get_wsd_schedule"
    case .greedy: return "get_greedy_schedule"
    }
  }

  /// What `get_scheduler` forwards, in its order of checks.
  public enum Forwarding: Sendable {
    /// `schedule_func(optimizer)`: everything else is ignored (constant).
    case optimizerOnly
    /// `schedule_func(optimizer, **scheduler_specific_kwargs)` (plateau, greedy): the step
    /// counts are ignored.
    case kwargsOnly
    /// Needs `num_warmup_steps`; passes it alone, the kwargs ignored (constant_with_warmup).
    case warmupOnly
    /// Needs `num_warmup_steps`; passes it and the kwargs (inverse_sqrt).
    case warmupAndKwargs
    /// Needs `num_warmup_steps`; passes it, `num_training_steps` (even `None`) and the kwargs (WSD).
    case warmupTotalMaybeAndKwargs
    /// Needs both counts; passes them and the kwargs.
    case warmupTotalAndKwargs
  }

  public var forwarding: Forwarding {
    switch self {
    case .constant: return .optimizerOnly
    case .reduceOnPlateau, .greedy: return .kwargsOnly
    case .constantWithWarmup: return .warmupOnly
    case .inverseSqrt: return .warmupAndKwargs
    case .warmupStableDecay: return .warmupTotalMaybeAndKwargs
    default: return .warmupTotalAndKwargs
    }
  }

  /// Metric-driven: the Trainer steps it after an evaluation with the metric, not after
  /// every optimizer step (`trainer.py`: `ReduceLROnPlateau`, `GreedyLR`).
  public var isMetricDriven: Bool { self == .reduceOnPlateau || self == .greedy }
}
