import LRSchedBench
import LRSchedCLI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `lrsched data`, `bench` and `find-lr` in-process on tiny synthetic data (a few hundred
/// images, so every test runs in well under a second).
@Suite struct BenchCommandTests {
  /// `data synth` into a fresh temp dir: returns (dir, its cifar-10-batches-bin folder).
  func synth(train: Int = 300, test: Int = 100, seed: Int = 1) -> (String, String) {
    let dir = makeTempDir()
    let r = lrsched("data", "synth", "-o", dir, "--train", "\(train)", "--test", "\(test)", "--seed", "\(seed)")
    #expect(r.code == 0, "synth: \(r.err)")
    return (dir, dir + "/cifar-10-batches-bin")
  }

  /// `synth` then `data prepare` into `DIR/c.cache`; returns the cache path.
  func cache(train: Int = 300, test: Int = 100) -> String {
    let (dir, folder) = synth(train: train, test: test)
    let path = dir + "/c.cache"
    let r = lrsched("data", "prepare", "--from", folder, "-o", path)
    #expect(r.code == 0, "prepare: \(r.err)")
    #expect(r.out == "wrote \(path): \(train) training and \(test) test images\n")
    #expect(fileExists(path))
    return path
  }

  /// The numbers of a one-line JSON array `"key": [a, b, …]`.
  func jsonNumbers(_ text: String, _ key: String) -> [Double]? {
    guard let k = text.range(of: "\"\(key)\": [") else { return nil }
    guard let end = text[k.upperBound...].firstIndex(of: "]") else { return nil }
    return text[k.upperBound..<end].split(separator: ",").map { Double(String($0.filter { $0 != " " && $0 != "\n" })) ?? .nan }
  }

  /// The value of the first `"key": number` in `text`.
  func jsonNumber(_ text: String, _ key: String) -> Double? {
    guard let k = text.range(of: "\"\(key)\": ") else { return nil }
    let rest = text[k.upperBound...]
    let end = rest.firstIndex { $0 == "," || $0 == "\n" || $0 == "}" } ?? rest.endIndex
    return Double(rest[..<end])
  }

  @Test func synthThenInfo() {
    let (_, folder) = synth()
    let names = listDir(folder)
    for f in ["data_batch_1.bin", "data_batch_5.bin", "test_batch.bin"] { #expect(names.contains(f)) }
    let r = lrsched("data", "info", folder)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("images: 300 train, 100 test (32x32x3, uint8)\n"))
    // Histogram: one row per class whose counts add up to the split sizes.
    var train = 0
    var test = 0
    for name in ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"] {
      let row = r.out.split(separator: "\n").first { $0.hasPrefix(name + " ") }
      #expect(row != nil, "class row \(name)")
      let cols = row.map { $0.split(separator: " ") } ?? []
      if cols.count == 3 {
        train += Int(cols[1]) ?? 0
        test += Int(cols[2]) ?? 0
      }
    }
    #expect(train == 300 && test == 100)
    for c in ["R ", "G ", "B "] { #expect(r.out.contains("\n" + c), "channel row \(c)") }
    // Same seed, same files; info on the cache agrees with info on the folder.
    let (_, again) = synth()
    #expect(readFile(folder + "/data_batch_3.bin") == readFile(again + "/data_batch_3.bin"))
  }

  @Test func kernelsAndThreadsAreChosenAndReported() {
    let path = cache()
    func bench(_ env: [String: String], _ extra: [String] = []) -> CLIResult {
      let out = StringSink()
      let err = StringSink()
      let code = CLI.run(
        arguments: ["bench", "--data", path, "--epochs", "1", "--batch-size", "64"] + extra,
        io: CommandIO(out: out, err: err, environment: env))
      return CLIResult(code: code, out: out.text, err: err.text)
    }
    let base = bench(["LRSCHED_KERNELS": "baseline"], ["--threads", "1"])
    #expect(base.code == 0, "\(base.err)")
    #expect(base.out.contains("threads: 1  kernels: baseline"))
    let auto = bench([:])
    #expect(auto.code == 0, "\(auto.err)")
    #expect(auto.out.contains("threads: \(TrainingConfig.automaticThreads)  kernels: \(KernelSet.best.name)"))
    // Same losses whatever the kernels and threads: the epoch lines differ only in the times.
    func losses(_ r: CLIResult) -> [[Substring]] {
      r.out.split(separator: "\n").filter { $0.hasPrefix("epoch:") }.map {
        Array($0.split(separator: " ").drop { $0 != "loss:" })
      }
    }
    #expect(losses(base) == losses(auto))
    let bad = bench(["LRSCHED_KERNELS": "sse9"])
    #expect(bad.code == 2)
    #expect(bad.err.hasPrefix("error: LRSCHED_KERNELS"), "\(bad.err)")
  }

  @Test func prepareThenBenchJSON() {
    let path = cache()
    let info = lrsched("data", "info", path)
    #expect(info.code == 0)
    #expect(info.out.contains("images: 300 train, 100 test"))
    let json = makeTempDir() + "/bench.json"
    let r = lrsched("bench", "--data", path, "--epochs", "1", "--batch-size", "64", "--json", json)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.hasPrefix("epoch: 0/1 t_ep: "))
    #expect(r.out.contains("summary over 1 epoch (300 samples each):"))
    guard let text = readFile(json) else {
      Issue.record("no JSON written")
      return
    }
    for key in [
      "tool", "config", "epochs", "summary", "lr_per_step", "t_ep", "t_load", "t_fwd", "t_bwd", "t_opt", "t_sch",
      "t_eval", "train_loss", "train_acc", "test_loss", "test_acc", "samples_per_s", "t_opt_per_step",
      "t_sch_per_step",
    ] {
      #expect(text.contains("\"\(key)\": "), "JSON key \(key)")
    }
    for key in ["train_loss", "test_loss"] {
      let v = jsonNumber(text, key)
      #expect(v != nil && v!.isFinite && v! > 0, "\(key) = \(String(describing: v))")
    }
    for key in ["t_ep", "t_fwd", "t_bwd", "t_opt", "t_sch"] {
      let v = jsonNumber(text, key)
      #expect(v != nil && v! >= 0 && v! < 60, "\(key) = \(String(describing: v))")
    }
    // 300 images in batches of 64: 5 steps, the last one short.
    #expect(jsonNumbers(text, "lr_per_step")?.count == 5)
    #expect(jsonNumber(text, "batch_size") == 64)
    #expect(jsonNumber(text, "train_count") == 300)
  }

  @Test func lrPerStepEqualsValues() {
    let path = cache()
    let dir = makeTempDir()
    for (spec, optimizer, stepOn) in [
      ("onecycle", "SGD(lr=0.01, momentum=0.9)", "batch"),
      ("CosineAnnealingLR(T_max=3)", "AdamW(lr=3e-3, weight_decay=0.01)", "epoch"),
    ] {
      let json = dir + "/\(stepOn).json"
      let r = lrsched(
        "bench", "--data", path, "--epochs", "3", "--batch-size", "64", "--sched", spec, "--optimizer", optimizer,
        "--step-on", stepOn, "--json", json)
      #expect(r.code == 0, "\(r.err)")
      let used = readFile(json).flatMap { jsonNumbers($0, "lr_per_step") } ?? []
      let v = lrsched(
        "values", spec, "--optimizer", optimizer, "--epochs", "3", "--steps-per-epoch", "5", "--step-on", stepOn)
      #expect(v.code == 0, "\(v.err)")
      let rows = v.out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
      guard let lrColumn = rows.first?.firstIndex(of: "lr") else {
        Issue.record("no lr column in \(v.out)")
        continue
      }
      let expected = rows.dropFirst().map { Double($0[lrColumn])! }
      #expect(expected.count == 15)
      #expect(used == expected, "\(spec) \(stepOn)")
    }
  }

  /// The JSON records the scheduler's stepping as asked, not how often the trainer reads
  /// the engine's run (every batch: the run applies --step-on itself).
  @Test func jsonRecordsTheStepOnAskedFor() {
    let path = cache()
    let dir = makeTempDir()
    for stepOn in ["epoch", "batch"] {
      let json = dir + "/\(stepOn).json"
      let r = lrsched(
        "bench", "--data", path, "--epochs", "2", "--batch-size", "100", "--sched", "CosineAnnealingLR(T_max=2)",
        "--step-on", stepOn, "--json", json)
      #expect(r.code == 0, "\(r.err)")
      let text = readFile(json) ?? ""
      #expect(text.contains("\"step_on\": \"\(stepOn)\""), "\(text.prefix(400))")
    }
  }

  @Test func sameSeedSameLosses() {
    let path = cache()
    let a = lrsched("bench", "--data", path, "--epochs", "2", "--batch-size", "32", "--seed", "7")
    let b = lrsched("bench", "--data", path, "--epochs", "2", "--batch-size", "32", "--seed", "7", "--threads", "2")
    func losses(_ s: String) -> [String] {
      s.split(separator: "\n").filter { $0.hasPrefix("epoch: ") }.map { line in
        // Everything from " loss: " on (the times before it differ between runs).
        let text = String(line)
        return text.range(of: " loss: ").map { String(text[$0.lowerBound...]) } ?? text
      }
    }
    #expect(a.code == 0 && b.code == 0)
    #expect(losses(a.out).count == 2)
    #expect(losses(a.out) == losses(b.out))
  }

  @Test func truncatedBatchFileNamesFileAndOffset() {
    let (dir, folder) = synth()
    let file = folder + "/data_batch_1.bin"
    // 60 records of 3,073 bytes; cut inside record 32.
    #expect(truncate(file, 100_000) == 0)
    for args in [["data", "info", folder], ["data", "prepare", "--from", folder, "-o", dir + "/c.cache"]] {
      let r = lrsched(args)
      #expect(r.code == 2)
      let errors = r.err.split(separator: "\n").filter { $0.hasPrefix("error: ") }
      #expect(errors.count == 1, "\(r.err)")
      #expect(errors.first?.contains(file) == true, "\(r.err)")
      #expect(errors.first?.contains("byte offset 98336") == true, "\(r.err)")
      #expect(!fileExists(dir + "/c.cache"))
    }
  }

  @Test func findLRPrintsOneCycleSpec() {
    let path = cache()
    let r = lrsched("find-lr", "--data", path, "--steps", "30", "--batch-size", "32")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.hasPrefix("lr range test: 30 steps, 1e-05 to 10 (exp), smoothing 0.01, stop at 5 x best loss, 5 runs (seeds 0-4)"))
    #expect(r.out.split(separator: "\n").filter { $0.hasPrefix("run seed ") }.count == 5)
    #expect(r.out.contains("recommended max lr: "))
    let spec = r.out.split(separator: "\n").first { $0.hasPrefix("OneCycleLR(max_lr=") }
    #expect(spec != nil, "\(r.out)")
    #expect(spec?.hasSuffix(", epochs=15, steps_per_epoch=10)") == true, "300 images in batches of 32: \(r.out)")
    // The printed spec is ready to paste: `values` and `bench --sched` accept it as it stands.
    if let spec {
      let v = lrsched("values", String(spec), "--epochs", "15", "--steps-per-epoch", "10")
      #expect(v.code == 0, "\(v.err)")
      #expect(v.out.split(separator: "\n").count == 151)
      let b = lrsched("bench", "--data", path, "--epochs", "1", "--batch-size", "64", "--sched", String(spec))
      #expect(b.code == 0, "\(b.err)")
    }
    let alias = r.out.split(separator: "\n").first { $0.hasPrefix("onecycle(max_lr=") }
    if let alias, let spec = alias.split(separator: " ").first {
      let b = lrsched("bench", "--data", path, "--epochs", "2", "--batch-size", "64", "--sched", String(spec))
      #expect(b.code == 0, "\(b.err)")
    } else {
      Issue.record("no onecycle(max_lr=…) line: \(r.out)")
    }
  }

  @Test(arguments: [
    (["--epochs", "0"], "--epochs"), (["--batch-size", "-1"], "--batch-size"), (["--threads", "0"], "--threads"),
    (["--bogus", "1"], "--bogus"), (["--step-on", "never"], "--step-on"), (["--seed", "x"], "--seed"),
  ])
  func badBenchOptions(_ extra: [String], _ name: String) {
    let path = "/nonexistent/never-read.cache"
    let r = lrsched(["bench", "--data", path] + extra)
    #expect(r.code == 2)
    #expect(r.out.isEmpty)
    let lines = r.err.split(separator: "\n")
    #expect(lines.first?.hasPrefix("error: ") == true, "\(r.err)")
    #expect(lines.first?.contains(name) == true, "\(r.err)")
    #expect(lines.filter { $0.hasPrefix("error: ") }.count == 1)
  }

  @Test(arguments: [
    ["find-lr", "--steps", "1"], ["find-lr", "--batch-size", "0"], ["find-lr", "--threads", "0"],
    ["find-lr", "--mode", "log"], ["data", "synth", "--train", "-5"], ["data", "frobnicate"], ["data", "info"],
  ])
  func badFindLRAndDataOptions(_ args: [String]) {
    let r = lrsched(args)
    #expect(r.code == 2)
    let lines = r.err.split(separator: "\n")
    #expect(lines.first?.hasPrefix("error: ") == true, "\(r.err)")
    #expect(lines.filter { $0.hasPrefix("error: ") }.count == 1)
  }

  @Test func missingCacheFileIsAnError() {
    let r = lrsched("bench", "--data", makeTempDir() + "/none.cache", "--epochs", "1")
    #expect(r.code == 2)
    #expect(r.err.hasPrefix("error: "))
    #expect(r.out.isEmpty)
  }
}
