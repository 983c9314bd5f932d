import LRSchedCore

/// `create_scheduler_v2` (timm 1.0.31, `timm/scheduler/scheduler_factory.py`): the parsed
/// `train.py` arguments turned into the scheduler class and its arguments.
extension TimmFactory {
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
