import LRSchedCore

extension SpecBuilder {
  /// Wires a built torch (or transformers) scheduler into a framework loop. The batches
  /// before optimizer step 0 run here, so a scheduler that raises there raises at
  /// construction, like the library (`at_step` -1).
  static func loopStepper(
    _ s: any TorchScheduler, loop: TrainingLoop, groups: inout [ParamGroup], source: String
  ) throws(SpecError) -> any Stepper {
    if s.needsMetric {
      throw SpecError(
        "a metric-driven scheduler (ReduceLROnPlateau) is stepped with an evaluation metric, not by the training loop: use it without --loop/--accum/--world-size",
        source: source, column: 0)
    }
    do {
      return try LoopStepper(s, loop: loop, groups: &groups)
    } catch {
      throw SpecError(
        "the scheduler raised before optimizer step 0: \(error)", source: source, column: 0, scheduleError: error)
    }
  }

  /// timm, pytorch-accelerated and lr-momentum-scheduler schedulers have their own loops.
  static func loopRefusal(_ name: String, library: Library, source: String) -> SpecError {
    if library == .transformers {
      return SpecError(
        "\(name) here is metric-driven (GreedyLR): the Trainer steps it after an evaluation with the metric, not in the training loop; use it without --loop/--accum/--world-size",
        source: source, column: 0)
    }
    return SpecError(
      "\(name) is a \(library.rawValue) scheduler with its own training loop: the framework loop model (--loop, --accum, --world-size, --skipped-steps) drives torch.optim.lr_scheduler and transformers schedulers",
      source: source, column: 0)
  }
}

extension RunPlan {
  /// Runs the plan in `loop`: epochs and steps per epoch become the loop's (optimizer
  /// steps per epoch, per process). A plain PyTorch loop without accumulation steps the
  /// scheduler exactly like the plain loop (`stepOn`), so it is run as one: every
  /// scheduler family works there and results are identical.
  public mutating func setLoop(_ loop: TrainingLoop) {
    epochs = loop.epochs
    stepsPerEpoch = loop.optimizerStepsPerEpoch
    if loop.isPlainTorchLoop {
      stepOn = loop.plainStepOn
      self.loop = nil
    } else {
      self.loop = loop
    }
  }

  /// The loop the plan runs in, plain or not.
  public var effectiveLoop: TrainingLoop {
    loop
      ?? TrainingLoop(
        framework: .torch, batchesPerEpoch: stepsPerEpoch, epochs: epochs,
        callSite: stepOn == .epoch ? .epoch : .batch)
  }
}
