import Testing

/// Metric-driven schedules in `bench`: each epoch's test loss is the metric, and the lr trained
/// with at every step is what `lrsched values` (checked against torch and timm by the fixtures)
/// computes when given those same losses with `--metrics`.
@Suite struct MetricBenchTests {
  func numbers(_ json: String, _ key: String) -> [Double] {
    var out: [Double] = []
    var rest = Substring(json)
    while let r = rest.firstRange(of: "\"\(key)\": ") {
      rest = rest[r.upperBound...]
      if rest.first == "[" {
        let end = rest.firstIndex(of: "]")!
        return rest[rest.index(after: rest.startIndex)..<end].split(separator: ",").map { Double($0.filter { $0 != " " })! }
      }
      let end = rest.firstIndex { $0 == "," || $0 == "\n" || $0 == "}" }!
      out.append(Double(rest[..<end])!)
    }
    return out
  }

  func cache() -> String {
    let dir = makeTempDir()
    #expect(lrsched("data", "synth", "-o", dir, "--train", "200", "--test", "50", "--seed", "4").code == 0)
    #expect(lrsched("data", "prepare", "--from", dir + "/cifar-10-batches-bin", "-o", dir + "/c.cache").code == 0)
    return dir + "/c.cache"
  }

  @Test(arguments: [
    ("ReduceLROnPlateau(patience=0, factor=0.5, threshold=0.2)", "epoch"),
    ("PlateauLRScheduler(decay_rate=0.5, patience_t=0, threshold=0.2)", "epoch"),
    ("ReduceLROnPlateau(mode='max', patience=1, factor=0.3, cooldown=1)", "epoch"),
    // transformers: the Trainer's plateau schedule and GreedyLR go through the same mechanism.
    ("get_reduce_on_plateau_schedule(patience=0, factor=0.5, threshold=0.2)", "epoch"),
    ("GreedyLR(patience=1, factor=0.5)", "epoch"),
  ])
  func theTestLossDrivesTheSchedule(spec: String, stepOn: String) {
    let c = cache()
    let json = makeTempDir() + "/b.json"
    let opt = "SGD(lr=0.01, momentum=0.9)"
    let r = lrsched(
      "bench", "--data", c, "--epochs", "5", "--batch-size", "50", "--threads", "1", "--sched", spec, "--step-on", stepOn,
      "--optimizer", opt, "--json", json)
    #expect(r.code == 0, "\(r.err)")
    let text = readFile(json) ?? ""
    let losses = numbers(text, "test_loss")
    let lrs = numbers(text, "lr_per_step")
    #expect(losses.count == 5 && lrs.count == 20)
    let metrics = losses.map { "\($0)" }.joined(separator: ",")
    let v = lrsched(
      "values", spec, "--epochs", "5", "--steps-per-epoch", "4", "--step-on", stepOn, "--optimizer", opt, "--metrics", metrics)
    #expect(v.code == 0, "\(v.err)")
    let expected = v.out.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! }
    #expect(lrs == expected)
    #expect(Set(lrs).count > 1, "the schedule should have reduced the lr at least once")
    // --metrics given to bench is used as given.
    let fixed = lrsched(
      "bench", "--data", c, "--epochs", "5", "--batch-size", "50", "--threads", "1", "--sched", spec, "--step-on", stepOn,
      "--optimizer", opt, "--metrics", "1,1,1,1,1", "--json", json)
    #expect(fixed.code == 0)
    let flat = lrsched(
      "values", spec, "--epochs", "5", "--steps-per-epoch", "4", "--step-on", stepOn, "--optimizer", opt, "--metrics", "1,1,1,1,1")
    #expect(numbers(readFile(json) ?? "", "lr_per_step") == flat.out.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[2])! })
  }
}
