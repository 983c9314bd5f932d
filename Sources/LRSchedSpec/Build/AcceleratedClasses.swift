import LRSchedCore

extension Registry {
  /// `pytorch_accelerated.schedulers` (0.1.61). Both classes are stepped after every
  /// optimizer update (what the library's Trainer does); `field=` drives any group field
  /// (the library's `param_group_field`).
  static let acceleratedClasses: [SchedulerClass] = [
    SchedulerClass(
      "CosineLrScheduler", .accelerated,
      [Param("total_num_epochs"), Param("num_update_steps_per_epoch"), Param("k_decay", "1.0"),
       Param("lr_min", "1e-06"), Param("min_lr_ratio", "None"), Param("num_warmup_epochs", "0"),
       Param("warmup_starting_lr", "1e-06"), Param("warmup_starting_lr_ratio", "None"),
       Param("num_cooldown_epochs", "0")],
      "warm-up, cosine to lr_min (or min_lr_ratio·base) with k-decay, cooldown; first value repeats, warm-up cuts the cosine short"
    ) { groups, a, ctx throws(SpecError) in
      // Counts may be floats: the library only multiplies and compares them.
      guard let epochs = try a.number("total_num_epochs") else { throw a.missing("total_num_epochs") }
      guard let spe = try a.number("num_update_steps_per_epoch") else { throw a.missing("num_update_steps_per_epoch") }
      let k = try a.number("k_decay") ?? .float(1.0)
      let lrMin = try a.double("lr_min", 1e-6)
      let ratio = try a.number("min_lr_ratio")?.double
      let warmup = try a.number("num_warmup_epochs") ?? .int(0)
      let wsl = try a.double("warmup_starting_lr", 1e-6)
      let wslRatio = try a.number("warmup_starting_lr_ratio")?.double
      let cooldown = try a.number("num_cooldown_epochs") ?? .int(0)
      if ctx.strict {
        try a.require(epochs.double > 0, "total_num_epochs", "must be positive, got \(epochs)")
        try a.require(spe.double > 0, "num_update_steps_per_epoch", "must be positive, got \(spe)")
        try a.require(lrMin >= 0, "lr_min", "must not be negative, got \(PyFormat.repr(lrMin))")
        try a.require(warmup.double >= 0, "num_warmup_epochs", "must not be negative, got \(warmup)")
        try a.require(cooldown.double >= 0, "num_cooldown_epochs", "must not be negative, got \(cooldown)")
      }
      let s = try construct(a) { () throws(ScheduleError) in
        try AcceleratedCosineLR(
          groups: &groups, field: ctx.field, totalNumEpochs: epochs, numUpdateStepsPerEpoch: spe, kDecay: k,
          lrMin: lrMin, minLRRatio: ratio, numWarmupEpochs: warmup, warmupStartingLR: wsl,
          warmupStartingLRRatio: wslRatio, numCooldownEpochs: cooldown)
      }
      return .stepper(AcceleratedStepper(s, stepOn: ctx.stepOn))
    },
    SchedulerClass(
      "WSDLrScheduler", .accelerated,
      [Param("num_epochs", "None"), Param("num_update_steps_per_epoch", "None"), Param("total_steps", "None"),
       Param("num_warmup_steps", "0"), Param("decay_phase_ratio", "0.1"), Param("lr_min", "1e-06"),
       Param("warmup_starting_lr", "1e-06"), Param("use_inverse_sqrt_decay", "True"),
       Param("num_checkpoints", "1"), Param("is_continuation_from_checkpoint", "False")],
      "warmup–stable–decay; decays to lr_min·base before each checkpoint (sqrt or inverse-proportional)"
    ) { groups, a, ctx throws(SpecError) in
      let epochs = try a.number("num_epochs")
      let spe = try a.number("num_update_steps_per_epoch")
      let total = try a.number("total_steps")
      // Absent: 0 warm-up steps; an explicit None: int(0.01 · total_steps).
      let warmup: PyNumber? = a.node("num_warmup_steps") == nil ? .int(0) : try a.number("num_warmup_steps")
      let ratio = try a.number("decay_phase_ratio") ?? .float(0.1)
      let lrMin = try a.double("lr_min", 1e-6)
      let wsl = try a.double("warmup_starting_lr", 1e-6)
      let sqrtDecay = try a.bool("use_inverse_sqrt_decay", true)
      let checkpoints = try a.number("num_checkpoints") ?? .int(1)
      let continuation = try a.bool("is_continuation_from_checkpoint", false)
      if ctx.strict {
        if epochs == nil || spe == nil {
          try a.require(total != nil, "total_steps", "is required unless num_epochs and num_update_steps_per_epoch are given")
        }
      }
      let s = try construct(a) { () throws(ScheduleError) in
        try AcceleratedWSD(
          groups: &groups, field: ctx.field, numEpochs: epochs, numUpdateStepsPerEpoch: spe, totalSteps: total,
          numWarmupSteps: warmup, decayPhaseRatio: ratio, lrMin: lrMin, warmupStartingLR: wsl,
          useInverseSqrtDecay: sqrtDecay, numCheckpoints: checkpoints, isContinuationFromCheckpoint: continuation)
      }
      return .stepper(AcceleratedStepper(s, stepOn: ctx.stepOn))
    },
  ]
}
