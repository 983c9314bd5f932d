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

  /// argparse, as `train.py` configures it: `--opt value`, `--opt=value`, unique prefixes,
  /// `nargs='+'` lists, `store_true` flags.
  struct ArgParser {
    let source: String
    let defaults: Defaults

    struct Token {
      var text: String
      var offset: Int
    }

    func fail(_ message: String, _ at: Int) -> SpecError { SpecError(message, source: source, column: at) }

    /// Splits like a POSIX shell: whitespace separates, quotes group, backslash escapes.
    func tokens() throws(SpecError) -> [Token] {
      var out: [Token] = []
      var cur = ""
      var start = -1
      var quote: Character?
      var escaped = false
      for (i, ch) in source.enumerated() {
        if escaped {
          cur.append(ch)
          escaped = false
          continue
        }
        if let q = quote {
          if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { cur.append(ch) }
          continue
        }
        if ch == "\\" {
          if start < 0 { start = i }
          escaped = true
        } else if ch == "'" || ch == "\"" {
          if start < 0 { start = i }
          quote = ch
        } else if ch == " " || ch == "\t" || ch == "\n" {
          if start >= 0 { out.append(Token(text: cur, offset: start)) }
          cur = ""
          start = -1
        } else {
          if start < 0 { start = i }
          cur.append(ch)
        }
      }
      if quote != nil { throw fail("unterminated quote in the timm arguments", source.count) }
      if start >= 0 { out.append(Token(text: cur, offset: start)) }
      return out
    }

    static func looksLikeOption(_ s: String) -> Bool {
      guard s.hasPrefix("-"), s.count > 1 else { return false }
      let second = s[s.index(after: s.startIndex)]
      return !(second.isNumber || second == ".")
    }

    /// What a command-line option names: a schedule option, or another `train.py` option.
    enum Match {
      case schedule(Option)
      case other(String, TimmTrainFlags.Arity)
    }

    /// argparse's lookup: the exact name, else a unique prefix of a long option among all of
    /// `train.py`'s options (an ambiguous prefix is argparse's error).
    func match(_ name: String, at: Int) throws(SpecError) -> Match? {
      if let exact = TimmFactory.options.first(where: { $0.names.contains(name) }) { return .schedule(exact) }
      if let f = TimmTrainFlags.find(name) { return .other(f.names.last!, f.arity) }
      guard name.hasPrefix("--") else { return nil }
      var hits: [(String, Match)] = []
      for o in TimmFactory.options where o.names.contains(where: { $0.hasPrefix(name) }) {
        hits.append((o.names.last!, .schedule(o)))
      }
      for f in TimmTrainFlags.all where f.names.contains(where: { $0.hasPrefix(name) }) {
        let display = f.names.last!
        if !hits.contains(where: { $0.0 == display }) { hits.append((display, .other(display, f.arity))) }
      }
      if hits.count == 1 { return hits[0].1 }
      if hits.count > 1 {
        throw fail("ambiguous option: \(name) could match \(hits.map(\.0).joined(separator: ", "))", at)
      }
      return nil
    }

    /// Consumes the values argparse gives a skipped option, failing where argparse fails.
    func skipValues(
      _ display: String, _ arity: TimmTrainFlags.Arity, inline: String?, at: Int, _ toks: [Token], _ i: inout Int
    ) throws(SpecError) {
      func next() -> Bool {
        guard i < toks.count, !Self.looksLikeOption(toks[i].text) else { return false }
        i += 1
        return true
      }
      switch arity {
      case .none:
        if let inline { throw fail("argument \(display): ignored explicit argument '\(inline)'", at) }
      case .one:
        if inline == nil && !next() { throw fail("argument \(display): expected one argument", at) }
      case .optional:
        if inline == nil { _ = next() }
      case .oneOrMore, .any:
        var n = inline == nil ? 0 : 1
        while next() { n += 1 }
        if arity == .oneOrMore && n == 0 { throw fail("argument \(display): expected at least one argument", at) }
      case .exactly(let k):
        var n = inline == nil ? 0 : 1
        while n < k && next() { n += 1 }
        if n < k { throw fail("argument \(display): expected \(k) arguments", at) }
      }
    }

    func convert(_ text: String, _ kind: Kind, option: String, at: Int) throws(SpecError) -> PyNumber {
      let clean = text.filter { $0 != "_" }
      switch kind {
      case .int, .ints:
        guard let i = Int(clean.hasPrefix("+") ? String(clean.dropFirst()) : clean) else {
          throw fail("argument \(option): invalid int value: '\(text)'", at)
        }
        return .int(i)
      default:
        let lower = clean.lowercased()
        let d: Double?
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": d = .infinity
        case "-inf", "-infinity": d = -.infinity
        default: d = Double(clean)
        }
        guard let d, !d.isNaN else { throw fail("argument \(option): invalid float value: '\(text)'", at) }
        return .float(d)
      }
    }

    func parse() throws(SpecError) -> Parsed {
      var values: [String: Value] = [:]
      for o in TimmFactory.options { values[o.dest] = defaults == .trainScript ? o.script : o.factory }
      var given: [String: Int] = [:]
      var notes: [String] = []
      let toks = try tokens()
      var i = 0
      // A leading `python train.py` / `train.py` is allowed.
      while i < toks.count, !Self.looksLikeOption(toks[i].text),
        toks[i].text.hasSuffix("python") || toks[i].text.hasSuffix("python3") || toks[i].text.hasSuffix(".py")
      {
        i += 1
      }
      while i < toks.count {
        let tok = toks[i]
        i += 1
        guard Self.looksLikeOption(tok.text) else {
          notes.append("ignored positional argument '\(tok.text)' (train.py's data directory)")
          continue
        }
        var name = tok.text
        var inline: String?
        if let eq = name.firstIndex(of: "=") {
          inline = String(name[name.index(after: eq)...])
          name = String(name[..<eq])
        }
        if name == "-c" || name == "--config" {
          throw fail("\(name): YAML config files are not read; pass the arguments they set", tok.offset)
        }
        let found = try match(name, at: tok.offset)
        guard case .schedule(let opt)? = found else {
          if case .other(let display, let arity)? = found {
            // A train.py option that does not shape the schedule: skip exactly its values.
            try skipValues(display, arity, inline: inline, at: tok.offset, toks, &i)
            notes.append("ignored \(display) (does not affect the schedule)")
            continue
          }
          if name.hasPrefix("--"), let near = Suggest.closest(to: name, in: TimmFactory.allNames, maxDistance: 2) {
            throw fail("unrecognized argument \(name); did you mean \(near)?", tok.offset)
          }
          // Not an option lrsched knows train.py to have (a newer or local one): skip it and
          // the values after it.
          if inline == nil {
            while i < toks.count, !Self.looksLikeOption(toks[i].text) { i += 1 }
          }
          notes.append("ignored \(name) (not a train.py option lrsched knows; does not affect the schedule)")
          continue
        }
        let display = opt.names.last!
        given[opt.dest] = tok.offset
        switch opt.kind {
        case .flag:
          if inline != nil { throw fail("argument \(display): ignored explicit argument '\(inline!)'", tok.offset) }
          values[opt.dest] = .bool(true)
        case .string, .int, .float:
          let text: String
          let at: Int
          if let inline {
            text = inline
            at = tok.offset
          } else {
            guard i < toks.count, !Self.looksLikeOption(toks[i].text) else {
              throw fail("argument \(display): expected one argument", tok.offset)
            }
            text = toks[i].text
            at = toks[i].offset
            i += 1
          }
          if opt.kind == .string {
            values[opt.dest] = .str(text)
          } else {
            values[opt.dest] = .num(try convert(text, opt.kind, option: display, at: at))
          }
        case .ints, .floats:
          var items: [PyNumber] = []
          if let inline { items.append(try convert(inline, opt.kind, option: display, at: tok.offset)) }
          while i < toks.count, !Self.looksLikeOption(toks[i].text) {
            items.append(try convert(toks[i].text, opt.kind, option: display, at: toks[i].offset))
            i += 1
          }
          if items.isEmpty { throw fail("argument \(display): expected at least one argument", tok.offset) }
          values[opt.dest] = .list(items)
        }
      }
      return Parsed(values: values, given: given, notes: notes)
    }
  }

  // MARK: - create_scheduler_v2

  static func mul(_ a: PyNumber, _ b: PyNumber) -> PyNumber {
    if case .int(let x) = a, case .int(let y) = b { return .int(x * y) }
    return .float(a.double * b.double)
  }

  static func sub(_ a: PyNumber, _ b: PyNumber) -> PyNumber {
    if case .int(let x) = a, case .int(let y) = b { return .int(x - y) }
    return .float(a.double - b.double)
  }

  static func build(_ p: inout Parsed, source: String, updatesPerEpoch: Int?) throws(SpecError) -> Resolution {
    func fail(_ m: String, _ dest: String? = nil) -> SpecError {
      SpecError(m, source: source, column: dest.flatMap { p.given[$0] } ?? 0)
    }
    let sched = p.string("sched") ?? "cosine"
    let known = ["cosine", "tanh", "step", "multistep", "plateau", "poly", "wsd", "rsqrt"]
    guard known.contains(sched) else {
      let hint = Suggest.closest(to: sched, in: known).map { "; did you mean '\($0)'?" } ?? ""
      throw fail(
        "--sched \(sched): timm's factory builds no scheduler for it (the lr stays constant)\(hint); one of \(known.joined(separator: ", "))",
        "sched")
    }
    let stepOnEpochs = !p.flag("sched_on_updates")
    // scheduler_kwargs(args)
    let evalMetric = p.string("eval_metric") ?? "top1"
    let plateauMode = evalMetric.contains("loss") ? "min" : "max"
    let numEpochs = p.num("epochs")
    var decayEpochs: Value = p.values["decay_epochs"] ?? .none
    if decayEpochs == .none { decayEpochs = sched == "wsd" || sched == "rsqrt" ? .num(.float(0.2)) : .num(.int(90)) }
    var tInitial = numEpochs
    var warmupT = p.num("warmup_epochs")
    var decayT = decayEpochs.number!
    var milestones: [PyNumber] = { if case .list(let l)? = p.values["decay_milestones"] { return l } else { return [] } }()
    var cooldownT = p.num("cooldown_epochs")
    var timescaleT = p.values["lr_stable_timescale"]?.number
    var upe: Int?
    if !stepOnEpochs {
      guard let u = updatesPerEpoch, u > 0 else {
        throw fail(
          "--sched-on-updates needs the number of updates per epoch (train.py takes it from the data loader; give --steps-per-epoch)",
          "sched_on_updates")
      }
      upe = u
      let n = PyNumber.int(u)
      tInitial = mul(tInitial, n)
      warmupT = mul(warmupT, n)
      decayT = mul(decayT, n)
      milestones = milestones.map { mul($0, n) }
      cooldownT = mul(cooldownT, n)
      timescaleT = timescaleT.map { mul($0, n) }
    }
    let warmupLR = p.values["warmup_lr"]!
    let warmupPrefix = p.flag("warmup_prefix")
    var noiseRange: Value = .none
    if case .list(let l)? = p.values["lr_noise"] {
      let r = l.map { mul($0, tInitial) }
      noiseRange = r.count == 1 ? .num(r[0]) : .list(r)
    }
    let noiseArgs: [(String, Value)] = [
      ("noise_range_t", noiseRange), ("noise_pct", p.values["lr_noise_pct"]!),
      ("noise_std", p.values["lr_noise_std"]!), ("noise_seed", p.values["seed"]!),
    ]
    let warmupArgs: [(String, Value)] = [
      ("warmup_t", .num(warmupT)), ("warmup_lr_init", warmupLR), ("warmup_prefix", .bool(warmupPrefix)),
    ]
    let cycleArgs: [(String, Value)] = [
      ("cycle_mul", p.values["lr_cycle_mul"]!), ("cycle_decay", p.values["lr_cycle_decay"]!),
      ("cycle_limit", p.values["lr_cycle_limit"]!),
    ]
    let minLR = p.values["min_lr"]!
    let tInEpochs: (String, Value) = ("t_in_epochs", .bool(stepOnEpochs))
    var className: String
    var kwargs: [(String, Value)]
    switch sched {
    case "cosine":
      className = "CosineLRScheduler"
      kwargs = [("t_initial", .num(tInitial)), ("lr_min", minLR)] + cycleArgs + warmupArgs + [tInEpochs] + noiseArgs
        + [("k_decay", p.values["lr_k_decay"]!)]
    case "tanh":
      className = "TanhLRScheduler"
      kwargs = [("t_initial", .num(tInitial)), ("lr_min", minLR)] + cycleArgs + warmupArgs + [tInEpochs] + noiseArgs
    case "poly":
      className = "PolyLRScheduler"
      kwargs = [("t_initial", .num(tInitial)), ("power", p.values["decay_rate"]!), ("lr_min", minLR)] + cycleArgs
        + warmupArgs + [tInEpochs] + noiseArgs + [("k_decay", p.values["lr_k_decay"]!)]
    case "step":
      className = "StepLRScheduler"
      kwargs = [("decay_t", .num(decayT)), ("decay_rate", p.values["decay_rate"]!)] + warmupArgs + [tInEpochs] + noiseArgs
    case "multistep":
      className = "MultiStepLRScheduler"
      kwargs = [("decay_t", .list(milestones)), ("decay_rate", p.values["decay_rate"]!)] + warmupArgs + [tInEpochs]
        + noiseArgs
    case "plateau":
      guard stepOnEpochs else { throw fail("AssertionError: Plateau LR only supports step per epoch.", "sched_on_updates") }
      className = "PlateauLRScheduler"
      kwargs = [
        ("decay_rate", p.values["decay_rate"]!), ("patience_t", p.values["patience_epochs"]!), ("cooldown_t", .num(.int(0))),
        ("warmup_t", .num(warmupT)), ("warmup_lr_init", warmupLR), ("lr_min", minLR), ("mode", .str(plateauMode)),
      ] + noiseArgs
    default:  // wsd, rsqrt
      className = "WSDLRScheduler"
      let tSched = warmupPrefix ? tInitial : sub(tInitial, warmupT)
      var d = decayT
      if let de = decayEpochs.number, 0 < de.double, de.double < 1 { d = mul(de, tSched) }
      let rounded = Int(d.double.rounded(.toNearestOrEven))
      guard 0 < rounded, Double(rounded) <= tSched.double else {
        throw fail(
          "ValueError: \(sched) schedule requires 0 < decay_epochs <= epochs\(warmupPrefix ? "" : " - warmup_epochs"), got decay \(rounded) and stable + decay length \(tSched).",
          "decay_epochs")
      }
      let decayFn = p.string("lr_decay_fn") ?? (sched == "rsqrt" ? "linear" : "1-sqrt")
      kwargs = [
        ("t_initial", .num(tSched)), ("decay_t", .num(.int(rounded))), ("lr_min", minLR),
        ("stable_fn", .str(sched == "rsqrt" ? "rsqrt" : "constant")), ("stable_timescale", timescaleT.map { .num($0) } ?? .none),
        ("decay_fn", .str(decayFn)), ("warmup_t", .num(warmupT)), ("warmup_lr_init", warmupLR), tInEpochs,
      ] + noiseArgs
    }
    let call = className + "(" + kwargs.map { "\($0.0)=\($0.1.repr)" }.joined(separator: ", ") + ")"

    // The scheduler as built, for get_cycle_length() and to surface constructor errors.
    var groups = [ParamGroup(lr: 1)]
    let built: any Stepper
    do {
      built = try SpecBuilder.buildStepper(
        call, groups: &groups,
        context: BuildContext(optimizer: .defaultSGD, epochs: 1, stepsPerEpoch: 1, stepOn: .epoch, strict: false))
    } catch {
      throw SpecError(
        "\(className)() as the factory calls it raised: \(error.scheduleError?.description ?? error.message)", source: source,
        column: 0, scheduleError: error.scheduleError)
    }
    var epochs = numEpochs.double
    let cycle: Double?
    switch (built as? TimmLoopStepper)?.scheduler {
    case let s as TimmCosineLR: cycle = try? s.cycleLength()
    case let s as TimmTanhLR: cycle = try? s.cycleLength()
    case let s as TimmPolyLR: cycle = try? s.cycleLength()
    case let s as TimmWSDLR: cycle = s.cycleLength()
    default: cycle = nil
    }
    if let cycle {
      let total = cycle + cooldownT.double
      epochs = stepOnEpochs ? total : Py.floorDiv(total, Double(upe!))
    } else if warmupPrefix {
      epochs += p.double("warmup_epochs")
    }

    // The optimizer and its lr (train.py: lr = lr_base * global_batch / lr_base_size).
    var notes = p.notes
    let opt = (p.string("opt") ?? "sgd").lowercased()
    var lr = p.values["lr"]?.number?.double ?? 0
    if lr == 0 {
      let global = Double(p.int("batch_size") * p.int("grad_accum_steps"))
      var ratio = global / p.double("lr_base_size")
      var scale = p.string("lr_base_scale") ?? ""
      if scale.isEmpty { scale = ["ada", "lamb"].contains { opt.contains($0) } ? "sqrt" : "linear" }
      if scale == "sqrt" { ratio = LibM.pow(ratio, 0.5) }
      lr = p.double("lr_base") * ratio
      notes.append(
        "lr \(PyFormat.repr(lr)) = --lr-base \(p.num("lr_base")) scaled (\(scale)) by the batch size \(Int(global)) / \(p.int("lr_base_size")) (one process)")
    }
    let wd = p.num("weight_decay").description
    var optimizer: String
    switch opt {
    case "sgd", "nesterov":
      optimizer = "SGD(lr=\(PyFormat.repr(lr)), momentum=\(p.num("momentum")), weight_decay=\(wd), nesterov=True)"
    case "momentum":
      optimizer = "SGD(lr=\(PyFormat.repr(lr)), momentum=\(p.num("momentum")), weight_decay=\(wd))"
    case "adam", "adamw":
      var betas = ""
      if case .list(let b)? = p.values["opt_betas"], b.count == 2 { betas = ", betas=(\(b[0]), \(b[1]))" }
      optimizer = "\(opt == "adam" ? "Adam" : "AdamW")(lr=\(PyFormat.repr(lr))\(betas), weight_decay=\(wd))"
    default:
      optimizer = "SGD(lr=\(PyFormat.repr(lr)))"
      notes.append("--opt \(opt) is shown as SGD: the schedule does not depend on the optimizer")
    }
    return Resolution(
      scheduler: call, className: className, numEpochs: Int(epochs), stepOn: stepOnEpochs ? .epoch : .batch,
      updatesPerEpoch: upe, optimizer: optimizer, lr: lr, notes: notes)
  }
}
