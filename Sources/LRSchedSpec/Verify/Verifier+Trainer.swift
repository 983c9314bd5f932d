import LRSchedCore

/// `trainer_cases` (shared/reference/README-frameworks.md): schedules recorded from a real
/// `transformers.Trainer.train()`. A case passes when lrsched derives the Trainer's
/// `derived` numbers from `training_args` and `train_dataset_size` (`HFTrainerResolution`,
/// on `derived.world_size` processes), writes the same `get_scheduler(...)` call and
/// optimizer, and that schedule reproduces `expect` like any other case.
extension Verifier {
  public func verify(trainerCase c: JSONValue, fileLibrary: String?) -> CaseResult {
    let id = c["id"]?.string ?? "?"
    var result = CaseResult(id: id, status: .passed, bitExact: true, problems: [], reason: nil)
    func fail(_ m: String) -> CaseResult {
      result.status = .failed
      result.bitExact = false
      result.problems.append("\(id): \(m)")
      return result
    }
    guard case .object(let args, let keys)? = c["training_args"], let n = c["train_dataset_size"]?.int,
      let derived = c["derived"]
    else { return fail("malformed trainer case (training_args, train_dataset_size, derived)") }
    let call = "TrainingArguments("
      + keys.map { "\($0)=\(HFTrainerResolution.pyValue(args[$0]!, convertStrings: false).repr)" }.joined(separator: ", ") + ")"
    let world = derived["world_size"]?.int ?? 1
    let r: HFTrainerResolution
    do {
      r = try HFTrainerResolution.resolve(try HFTrainingArguments.parse(call), datasetSize: n, worldSize: world)
    } catch {
      return fail("training_args: \(error.message)")
    }
    for (key, mine) in r.derived.fields {
      guard let want = derived[key]?.int else { continue }
      if want != mine { return fail("derived \(key): the Trainer computed \(want), lrsched \(mine)") }
    }
    let cls = r.settings.lrSchedulerType == .reduceOnPlateau ? "ReduceLROnPlateau"
      : r.settings.lrSchedulerType == .greedy ? "GreedyLR" : "LambdaLR"
    if let want = derived["scheduler_class"]?.string, want != cls {
      return fail("derived scheduler_class: the Trainer built \(want), lrsched \(cls)")
    }
    if let want = c["scheduler"]?.string, want != r.scheduler {
      return fail("scheduler: the Trainer's call is \(want), lrsched derives \(r.scheduler)")
    }
    if let want = c["optimizer"]?.string, want != r.optimizer {
      return fail("optimizer: the Trainer's is \(want), lrsched derives \(r.optimizer)")
    }
    if let spe = c["steps_per_epoch"]?.int, let e = c["epochs"]?.int, e * spe != r.epochs * r.stepsPerEpoch {
      return fail("the Trainer ran \(e * spe) optimizer steps, lrsched \(r.epochs * r.stepsPerEpoch)")
    }
    return verify(case: c, fileLibrary: fileLibrary)
  }
}
