import LRSchedCore

/// timm's training-script arguments turned into the scheduler timm builds.
///
/// `train.py` parses its "Learning rate schedule parameters", `scheduler_kwargs(args)` maps
/// them to `create_scheduler_v2(...)` (timm 1.0.31, `timm/scheduler/scheduler_factory.py`),
/// and the factory constructs the class. `resolve` replays that and prints the constructor
/// call the factory makes, every argument spelled out:
///
/// ```swift
/// try TimmFactory.resolve(args: "--sched cosine --epochs 300 --warmup-epochs 5 --lr 5e-4 --min-lr 1e-5 --cooldown-epochs 10")
/// // CosineLRScheduler(t_initial=300, lr_min=1e-05, cycle_mul=1.0, cycle_decay=0.5, cycle_limit=1,
/// //   warmup_t=5, warmup_lr_init=1e-05, warmup_prefix=False, t_in_epochs=True, noise_range_t=None,
/// //   noise_pct=0.67, noise_std=1.0, noise_seed=42, k_decay=1.0)
/// ```
///
/// The defaults are `train.py`'s (they differ from the classes' and from
/// `create_scheduler_v2`'s own: `--lr-cycle-decay 0.5` where the factory says 0.1 and the
/// class 1.0, `--warmup-epochs 5`, `--decay-rate 0.1` used as the power of `--sched poly`,
/// `warmup_prefix=False` for `step` / `multistep` whose classes default to True).
/// `Defaults.factory` uses `create_scheduler_v2`'s keyword defaults instead.
public enum TimmFactory {
  /// Which defaults unspecified arguments take.
  public enum Defaults: Sendable {
    /// `train.py`'s argparse defaults (what `python train.py ...` gets).
    case trainScript
    /// `create_scheduler_v2(optimizer, sched=...)`'s keyword defaults.
    case factory
  }

  /// What the factory returns, and what `train.py` does around it.
  public struct Resolution: Sendable, Equatable {
    /// The constructor call, e.g. `CosineLRScheduler(t_initial=300, ...)`: a valid lrsched spec.
    public var scheduler: String
    /// The class name.
    public var className: String
    /// The `num_epochs` the factory returns: `train.py` trains this many epochs
    /// (`get_cycle_length() + cooldown` for cosine, tanh, poly and wsd; `epochs`, plus the
    /// warm-up with `--warmup-prefix`, for the others).
    public var numEpochs: Int
    /// `.batch` with `--sched-on-updates` (the schedule counts updates), else `.epoch`.
    public var stepOn: StepOn
    /// The updates per epoch the schedule was sized with (`--sched-on-updates`).
    public var updatesPerEpoch: Int?
    /// The optimizer `train.py` would build, as an lrsched optimizer spec.
    public var optimizer: String
    /// The learning rate: `--lr`, or `--lr-base` scaled by the global batch size.
    public var lr: Double
    /// Things lrsched noticed (ignored arguments, approximations).
    public var notes: [String]

    /// The resolved call with the run it implies, as `lrsched` prints it.
    public var summary: String {
      var lines = [scheduler]
      lines.append("# optimizer: \(optimizer)")
      lines.append(
        "# train.py trains \(numEpochs) epochs"
          + (updatesPerEpoch.map { ", stepping per update (\($0) updates per epoch)" } ?? ", stepping per epoch"))
      for n in notes { lines.append("# note: \(n)") }
      return lines.joined(separator: "\n")
    }
  }

  /// The constructor call `create_scheduler_v2` makes for these `train.py` arguments.
  ///
  /// - Parameters:
  ///   - args: `train.py` arguments, e.g. `"--sched cosine --epochs 300 --warmup-epochs 5"`.
  ///   - updatesPerEpoch: optimizer updates per epoch; required with `--sched-on-updates`.
  public static func resolve(args: String, updatesPerEpoch: Int? = nil, defaults: Defaults = .trainScript) throws(SpecError)
    -> String
  {
    try resolution(args: args, updatesPerEpoch: updatesPerEpoch, defaults: defaults).scheduler
  }

  /// The full resolution: the constructor call, the epochs `train.py` trains, the optimizer.
  public static func resolution(
    args: String, updatesPerEpoch: Int? = nil, defaults: Defaults = .trainScript
  ) throws(SpecError) -> Resolution {
    var parsed = try ArgParser(source: args, defaults: defaults).parse()
    return try build(&parsed, source: args, updatesPerEpoch: updatesPerEpoch)
  }

  // MARK: - The options

  enum Kind { case int, float, string, flag, ints, floats }

  struct Option {
    var names: [String]
    var dest: String
    var kind: Kind
    /// `train.py`'s default.
    var script: Value
    /// `create_scheduler_v2`'s default (for the scheduler's arguments).
    var factory: Value
  }

  static let options: [Option] = [
    Option(names: ["--sched"], dest: "sched", kind: .string, script: .str("cosine"), factory: .str("cosine")),
    Option(names: ["--sched-on-updates"], dest: "sched_on_updates", kind: .flag, script: .bool(false), factory: .bool(false)),
    Option(names: ["--lr"], dest: "lr", kind: .float, script: .none, factory: .none),
    Option(names: ["--lr-base"], dest: "lr_base", kind: .float, script: .num(.float(0.1)), factory: .num(.float(0.1))),
    Option(names: ["--lr-base-size"], dest: "lr_base_size", kind: .int, script: .num(.int(256)), factory: .num(.int(256))),
    Option(names: ["--lr-base-scale"], dest: "lr_base_scale", kind: .string, script: .str(""), factory: .str("")),
    Option(names: ["--lr-noise"], dest: "lr_noise", kind: .floats, script: .none, factory: .none),
    Option(names: ["--lr-noise-pct"], dest: "lr_noise_pct", kind: .float, script: .num(.float(0.67)), factory: .num(.float(0.67))),
    Option(names: ["--lr-noise-std"], dest: "lr_noise_std", kind: .float, script: .num(.float(1.0)), factory: .num(.float(1.0))),
    Option(names: ["--lr-cycle-mul"], dest: "lr_cycle_mul", kind: .float, script: .num(.float(1.0)), factory: .num(.float(1.0))),
    Option(names: ["--lr-cycle-decay"], dest: "lr_cycle_decay", kind: .float, script: .num(.float(0.5)), factory: .num(.float(0.1))),
    Option(names: ["--lr-cycle-limit"], dest: "lr_cycle_limit", kind: .int, script: .num(.int(1)), factory: .num(.int(1))),
    Option(names: ["--lr-k-decay"], dest: "lr_k_decay", kind: .float, script: .num(.float(1.0)), factory: .num(.float(1.0))),
    Option(names: ["--lr-decay-fn"], dest: "lr_decay_fn", kind: .string, script: .none, factory: .none),
    Option(names: ["--lr-stable-timescale"], dest: "lr_stable_timescale", kind: .float, script: .none, factory: .none),
    Option(names: ["--warmup-lr"], dest: "warmup_lr", kind: .float, script: .num(.float(1e-5)), factory: .num(.float(1e-5))),
    Option(names: ["--min-lr"], dest: "min_lr", kind: .float, script: .num(.int(0)), factory: .num(.float(0))),
    Option(names: ["--epochs"], dest: "epochs", kind: .int, script: .num(.int(300)), factory: .num(.int(300))),
    Option(names: ["--epoch-repeats"], dest: "epoch_repeats", kind: .float, script: .num(.float(0)), factory: .num(.float(0))),
    Option(names: ["--start-epoch"], dest: "start_epoch", kind: .int, script: .none, factory: .none),
    Option(
      names: ["--decay-milestones"], dest: "decay_milestones", kind: .ints,
      script: .list([.int(90), .int(180), .int(270)]), factory: .list([.int(90), .int(180), .int(270)])),
    Option(names: ["--decay-epochs"], dest: "decay_epochs", kind: .float, script: .none, factory: .none),
    Option(names: ["--warmup-epochs"], dest: "warmup_epochs", kind: .int, script: .num(.int(5)), factory: .num(.int(0))),
    Option(names: ["--warmup-prefix"], dest: "warmup_prefix", kind: .flag, script: .bool(false), factory: .bool(false)),
    Option(names: ["--cooldown-epochs"], dest: "cooldown_epochs", kind: .int, script: .num(.int(0)), factory: .num(.int(0))),
    Option(names: ["--patience-epochs"], dest: "patience_epochs", kind: .int, script: .num(.int(10)), factory: .num(.int(10))),
    Option(names: ["--decay-rate", "--dr"], dest: "decay_rate", kind: .float, script: .num(.float(0.1)), factory: .num(.float(0.1))),
    Option(names: ["--seed"], dest: "seed", kind: .int, script: .num(.int(42)), factory: .num(.int(42))),
    Option(names: ["--eval-metric"], dest: "eval_metric", kind: .string, script: .str("top1"), factory: .str("top1")),
    // The optimizer and batch size: they decide the lr train.py derives from --lr-base.
    Option(names: ["--opt"], dest: "opt", kind: .string, script: .str("sgd"), factory: .str("sgd")),
    Option(names: ["--momentum"], dest: "momentum", kind: .float, script: .num(.float(0.9)), factory: .num(.float(0.9))),
    Option(names: ["--weight-decay"], dest: "weight_decay", kind: .float, script: .num(.float(2e-5)), factory: .num(.float(2e-5))),
    Option(names: ["--opt-betas"], dest: "opt_betas", kind: .floats, script: .none, factory: .none),
    Option(names: ["-b", "--batch-size"], dest: "batch_size", kind: .int, script: .num(.int(128)), factory: .num(.int(128))),
    Option(names: ["--grad-accum-steps"], dest: "grad_accum_steps", kind: .int, script: .num(.int(1)), factory: .num(.int(1))),
  ]

  static var allNames: [String] { options.flatMap(\.names) }

  /// A Python value the factory passes on.
  enum Value: Equatable {
    case num(PyNumber)
    case str(String)
    case bool(Bool)
    case none
    case list([PyNumber])

    var repr: String {
      switch self {
      case .num(let n): return n.description
      case .str(let s): return "'" + s + "'"
      case .bool(let b): return b ? "True" : "False"
      case .none: return "None"
      case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
      }
    }

    var number: PyNumber? { if case .num(let n) = self { return n } else { return nil } }
    var string: String? { if case .str(let s) = self { return s } else { return nil } }
  }

  /// Parsed `train.py` arguments: `dest -> value`, plus the offset of each given option.
  struct Parsed {
    var values: [String: Value]
    var given: [String: Int]
    var notes: [String]

    func num(_ dest: String) -> PyNumber { values[dest]?.number ?? .int(0) }
    func double(_ dest: String) -> Double { num(dest).double }
    func int(_ dest: String) -> Int {
      if case .int(let i) = num(dest) { return i }
      return Int(num(dest).double)
    }
    func string(_ dest: String) -> String? { values[dest]?.string }
    func flag(_ dest: String) -> Bool { values[dest] == .bool(true) }
  }
}
