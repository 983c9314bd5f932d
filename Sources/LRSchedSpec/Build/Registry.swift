import LRSchedCore

/// What a spec builds: a torch scheduler (wired into torch's loop by the caller, or nested
/// in SequentialLR / ChainedScheduler) or a stepper that already knows its loop.
public enum BuiltScheduler {
  case torch(any TorchScheduler)
  case stepper(any Stepper)
}

/// The schedulers a statement file has built, by index; a nested one is taken out when
/// another scheduler consumes it.
public final class BuiltObjects: @unchecked Sendable {
  public var schedulers: [BuiltScheduler?] = []

  public init() {}

  func take(_ i: Int) -> BuiltScheduler? {
    guard schedulers.indices.contains(i) else { return nil }
    defer { schedulers[i] = nil }
    return schedulers[i]
  }
}

/// Everything a constructor may read besides its arguments.
public struct BuildContext: Sendable {
  public var optimizer: OptimizerConfig
  public var epochs: Int
  public var stepsPerEpoch: Int
  public var stepOn: StepOn
  /// Refuse values the library would accept but that can only fail or mislead
  /// (`T_max=0`, negative counts). `verify` turns it off to reproduce the library.
  public var strict: Bool
  /// The field the spec drives (`field=` argument; default lr).
  public var field: Field = .lr
  /// What `file('path')` reads through (nil: `file()` is unavailable).
  public var fileReader: SpecIO.FileReader?
  /// Schedulers a statement file built earlier, which a SequentialLR / ChainedScheduler
  /// argument names (`Expr.built`).
  public var built: BuiltObjects?
  /// Accept arguments the pinned library removed without a change of values (`verbose=`),
  /// as old code passes them; `verify` turns it off (the library raises TypeError).
  public var legacyArguments = true
  /// The framework loop that drives a torch scheduler (nil: the plain loop of `stepOn`).
  public var loop: TrainingLoop?

  public init(optimizer: OptimizerConfig, epochs: Int, stepsPerEpoch: Int, stepOn: StepOn, strict: Bool = true) {
    self.optimizer = optimizer
    self.epochs = epochs
    self.stepsPerEpoch = stepsPerEpoch
    self.stepOn = stepOn
    self.strict = strict
  }

  /// How many times the loop will call `scheduler.step()`.
  public var schedulerSteps: Int { loop?.schedulerSteps ?? (stepOn == .batch ? epochs * stepsPerEpoch : epochs) }
}

/// A constructor parameter: its name, its default as Python writes it (`nil`: required).
public struct Param: Sendable {
  public var name: String
  public var defaultValue: String?

  public init(_ name: String, _ defaultValue: String? = nil) {
    self.name = name
    self.defaultValue = defaultValue
  }
}

/// A scheduler class a spec can name.
public struct SchedulerClass: @unchecked Sendable {
  public typealias Build = (inout [ParamGroup], Arguments, BuildContext) throws(SpecError) -> BuiltScheduler
  public var name: String
  public var library: Library
  public var params: [Param]
  public var summary: String
  public var build: Build

  public init(_ name: String, _ library: Library, _ params: [Param], _ summary: String, build: @escaping Build) {
    self.name = name
    self.library = library
    self.params = params
    self.summary = summary
    self.build = build
  }

  /// `Name(a, b=1.0, ...)` with defaults.
  public var signature: String {
    name + "(" + params.map { p in p.defaultValue.map { "\(p.name)=\($0)" } ?? p.name }.joined(separator: ", ") + ")"
  }
}

/// All scheduler classes, by library. Other libraries register in their own files.
public enum Registry {
  public static var all: [SchedulerClass] { torchClasses + extraClasses }

  /// Classes of timm, pytorch-accelerated, lr-momentum-scheduler and transformers.
  static var extraClasses: [SchedulerClass] { timmClasses + acceleratedClasses + lrmomClasses + transformersClasses }

  public static func find(_ name: String) -> SchedulerClass? {
    all.first { $0.name == name }
  }

  public static func classes(of library: Library) -> [SchedulerClass] {
    all.filter { $0.library == library }
  }
}
