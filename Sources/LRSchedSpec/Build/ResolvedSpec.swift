import LRSchedCore

/// How a spec came to be written. Resolution fills in the syntactic cases (`.classCall`,
/// `.alias`); a caller that made the spec text from another input (timm's train.py
/// arguments, a Python file, Hugging Face `TrainingArguments`) says so with `SpecInput.origin`.
///
/// New ways in add a case here (e.g. `case file(path: String, line: Int)`,
/// `case hf(args: String)`) and pass it in `SpecInput(text, origin:)`; nothing else in the
/// spec module changes. `description` is the one place that says it in words.
public enum Origin: Sendable, Equatable, CustomStringConvertible {
  /// A constructor call as the user wrote it: `CosineAnnealingLR(T_max=10)`.
  case classCall
  /// A short name (`onecycle`, `warmup-cosine(...)`) expanded from the run's options.
  case alias(String)
  /// The call timm's `create_scheduler_v2` makes for these `train.py` arguments (`--timm`).
  case timm(args: String)
  /// A construction in a Python statement file (`-f`, or statements as the SPEC): the
  /// file and the 1-based line of the user's own statement.
  case file(path: String, line: Int)
  /// The `get_scheduler(...)` call a transformers `Trainer` makes for these
  /// `TrainingArguments` (`--hf`, `HFTrainerResolution`).
  case hf(args: String)

  public var description: String {
    switch self {
    case .classCall: return "class call"
    case .alias(let name): return "alias '\(name)'"
    case .timm(let args): return "timm train.py arguments '\(args)'"
    case .file(let path, let line): return "\(path):\(line)"
    case .hf(let args): return "transformers TrainingArguments '\(args)'"
    }
  }
}

/// When the library's training loop calls a scheduler, as built for this run.
public enum Stepping: Sendable, Equatable {
  /// `scheduler.step()` once per optimizer update or once per epoch (`--step-on`):
  /// torch, lr-momentum-scheduler, pytorch-accelerated.
  case every(StepOn)
  /// timm's `train.py`: `step_update(num_updates)` after every update and `step(epoch + 1)`
  /// after every epoch; the scheduler's `t_in_epochs` decides which call counts.
  case timmTrainLoop
}

/// One spec of a run request: its text and, when the text was made from another input,
/// where it came from (nil: as typed, an alias or a class call).
public struct SpecInput: Sendable, Equatable {
  public var text: String
  public var origin: Origin?

  public init(_ text: String, origin: Origin? = nil) {
    self.text = text
    self.origin = origin
  }
}

/// A spec resolved once: what it is, for every command that reads it. Built by
/// `RunPlan.resolve()`; nothing outside the spec module reads spec text again.
public struct ResolvedSpec: Sendable {
  /// Position in the plan (`RunPlan.specs`).
  public let index: Int
  /// The text as given (what checkpoints and `values --format json` record).
  public let text: String
  /// The constructor call lrsched builds: an alias expanded, whitespace trimmed.
  public let call: String
  /// The name the spec was written with, for legends and file names: the alias
  /// (`cosine-restarts`) or the class as written (`OneCycleLR`, `torch.optim.lr_scheduler.StepLR`).
  public let name: String
  /// The class name without a module prefix: `OneCycleLR`.
  public let className: String
  public let library: Library
  /// How the spec was written.
  public let origin: Origin
  /// The field the top-level scheduler drives (`field=` / timm's `param_group_field`; default lr).
  public let field: Field
  /// Every field a `field=` / `param_group_field=` argument names anywhere in the call
  /// (nested schedulers too), in order; empty when none is named.
  public let namedFields: [Field]
  /// When the library's loop calls this scheduler.
  public let stepping: Stepping
  /// The arguments bound to the class's parameters (positional ones by name).
  public let arguments: Arguments
  /// One line per argument the pinned library removed and lrsched ignores (torch's
  /// `verbose=`), nested calls too, in call order; the CLI prints them on stderr.
  public var warnings: [String] = []
  let cls: SchedulerClass
  let context: BuildContext

  /// Every argument given, by parameter name (`field=` / `param_group_field=` are `field`).
  public var given: Set<String> { Set(arguments.values.keys) }

  /// Arguments that evaluate to constants (lambdas, `file()` calls and other
  /// non-constants left out), by parameter name.
  public func constantArguments() -> [String: PyValue] {
    var out: [String: PyValue] = [:]
    for (name, node) in arguments.values {
      if let c = try? arguments.evaluator.constant(node) { out[name] = c }
    }
    return out
  }

  /// Builds the scheduler on `groups` (performing its construction side effects) and wires
  /// it into its library's loop.
  func build(_ groups: inout [ParamGroup]) throws(SpecError) -> any Stepper {
    switch try cls.build(&groups, arguments, context) {
    case .torch(let s):
      if let loop = context.loop { return try SpecBuilder.loopStepper(s, loop: loop, groups: &groups, source: call) }
      return torchLoopStepper(s, stepOn: context.stepOn)
    case .stepper(let s):
      if context.loop != nil { throw SpecBuilder.loopRefusal(className, library: library, source: call) }
      return s
    }
  }
}
