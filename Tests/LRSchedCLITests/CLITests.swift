import LRSchedCLI
import Testing

@Suite struct CLIBasicsTests {
  @Test func versionAndHelp() {
    let v = lrsched("--version")
    #expect(v.code == 0)
    #expect(v.out == "lrsched \(CLI.version)\n")
    let h = lrsched("--help")
    #expect(h.code == 0)
    for c in CLI.commands { #expect(h.out.contains("  \(c.name)"), "main help lists \(c.name)") }
  }

  @Test func fileValuesReadThroughTheCLI() {
    // `file('…')` in a spec reads through the CLI's file access, passed down with the plan.
    let dir = makeTempDir()
    writeFile(dir + "/lrs.csv", "lr\n0.5\n0.25\n")
    let r = lrsched(
      "values", "ListScheduler(lrs=file('\(dir)/lrs.csv'))", "--epochs", "2", "--steps-per-epoch", "1", "--step-on", "epoch")
    #expect(r.code == 0, "\(r.err)")
    let lrs = r.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[2] }
    #expect(lrs == ["0.5", "0.25"])  // ListScheduler sets the listed values as they are
    let missing = lrsched("values", "ListScheduler(lrs=file('\(dir)/nope.csv'))", "--epochs", "2", "--steps-per-epoch", "1")
    #expect(missing.code == 2)
    #expect(missing.err.contains("cannot read '\(dir)/nope.csv': OSError: No such file or directory"), "\(missing.err)")
  }

  @Test func helpIsTheSameThreeWays() {
    for c in CLI.commands {
      let a = lrsched(c.name, "--help")
      let b = lrsched("help", c.name)
      let d = lrsched(c.name, "-h")
      #expect(a.code == 0)
      #expect(a.out == b.out)
      #expect(a.out == d.out)
      #expect(a.out.hasPrefix("OVERVIEW: "))
      #expect(a.out.contains("USAGE:\n  lrsched \(c.name) "))
      for o in c.options { #expect(a.out.contains(o.name), "\(c.name) help shows \(o.name)") }
    }
  }

  @Test func valuesHelpText() {
    let h = lrsched("values", "--help").out
    #expect(h.contains("  --epochs N                Epochs of the training loop. (default: 15)\n"))
    #expect(h.contains("  -o, --output FILE         Write to FILE (atomically) instead of stdout.\n"))
    #expect(h.contains("  --format FMT              csv, tsv or json. (default: csv)\n"))
  }

  @Test func unknownCommandSuggests() {
    let r = lrsched("valeus")
    #expect(r.code == 2)
    #expect(r.out.isEmpty)
    #expect(r.err.hasPrefix("error: unknown command 'valeus'. Did you mean 'values'?\n"))
  }

  @Test func unknownOptionSuggestsAndShowsUsage() {
    let r = lrsched("values", "cosine", "--epoch", "3")
    #expect(r.code == 2)
    #expect(r.err.hasPrefix("error: unknown option '--epoch'. Did you mean '--epochs'?\n"))
    #expect(r.err.contains("\nUsage: lrsched values SPEC…"))
    #expect(r.err.hasSuffix("See 'lrsched values --help'.\n"))
  }

  @Test func optionEqualsFormIsTheSameAsSeparateValue() {
    let a = lrsched("values", "cosine", "--epochs=2", "--steps-per-epoch=3")
    let b = lrsched("values", "cosine", "--epochs", "2", "--steps-per-epoch", "3")
    #expect(a.code == 0)
    #expect(a.out == b.out)
    #expect(a.out.split(separator: "\n").count == 7)
  }

  @Test(arguments: [
    ["values", "cosine", "--epochs", "0"], ["values", "cosine", "--epochs", "-3"], ["values", "cosine", "--epochs", "nan"],
    ["values", "cosine", "--epochs", "10000000000000"], ["values", "cosine", "--step-on", "bacth"],
    ["values", "cosine", "--format", "xml"], ["values"], ["values", "cosine", "--epochs"],
    ["values", "cosine", "--epochs", "100000", "--steps-per-epoch", "100000"],
    ["values", "cosine", "--optimizer", "SGDD(lr=0.1)"], ["values", "cosine", "--optimizer", "SGD(lr=-1)"],
    ["values", "plateau", "--epochs", "3"], ["values", "plateau", "--epochs", "3", "--metrics", "1,x,3"],
    ["list", "OneCycle"], ["verify", "/nonexistent.json"],
  ])
  func badInputExitsTwoWithOneLine(args: [String]) {
    let r = lrsched(args)
    #expect(r.code == 2, "\(args): \(r.err)")
    #expect(r.out.isEmpty)
    #expect(r.err.hasPrefix("error: "))
  }
}

@Suite struct ValuesCommandTests {
  @Test func headerAndColumnsPerGroup() {
    let r = lrsched(
      "values", "StepLR(step_size=2, gamma=0.5)", "--optimizer", "SGD([{'lr': 0.1}, {'lr': 0.01}], momentum=0.9)",
      "--epochs", "3", "--steps-per-epoch", "1", "--step-on", "epoch")
    #expect(r.code == 0)
    #expect(r.out == """
      step,epoch,lr[0],lr[1],momentum[0],momentum[1]
      0,0,0.1,0.01,0.9,0.9
      1,1,0.1,0.01,0.9,0.9
      2,2,0.05,0.005,0.9,0.9

      """)
  }

  @Test func adamRecordsBeta1() {
    let r = lrsched("values", "ExponentialLR(gamma=0.5)", "--optimizer", "Adam(lr=1.0, betas=(0.8, 0.99))", "--epochs", "2", "--steps-per-epoch", "1")
    #expect(r.out == "step,epoch,lr,beta1\n0,0,1.0,0.8\n1,1,0.5,0.8\n")
  }

  @Test func aSecondSpecDrivesWeightDecay() {
    let r = lrsched(
      "values", "ExponentialLR(gamma=0.5)", "StepLR(step_size=1, gamma=2.0, field='weight_decay')",
      "--optimizer", "SGD(lr=1.0, weight_decay=0.25)", "--epochs", "3", "--steps-per-epoch", "1")
    #expect(r.code == 0)
    #expect(r.out == "step,epoch,lr,weight_decay\n0,0,1.0,0.25\n1,1,0.5,0.5\n2,2,0.25,1.0\n")
  }

  @Test func fromStepPrintsTheTail() {
    let full = lrsched("values", "onecycle", "--epochs", "2", "--steps-per-epoch", "10").out.split(separator: "\n")
    let tail = lrsched("values", "onecycle", "--epochs", "2", "--steps-per-epoch", "10", "--from-step", "13").out.split(separator: "\n")
    #expect(tail.first == full.first)
    #expect(Array(tail.dropFirst()) == Array(full.dropFirst(14)))
  }

  @Test func theClassicOneCycleMistakeIsVisible() {
    // Sized per batch, stepped per epoch: 15 of 5,865 steps, lr never reaches max_lr.
    let r = lrsched(
      "values", "OneCycleLR(max_lr=0.1, epochs=15, steps_per_epoch=391)", "--step-on", "epoch", "--format", "tsv")
    #expect(r.code == 0)
    let lrs = r.out.split(separator: "\n").dropFirst().map { Double($0.split(separator: "\t")[2])! }
    #expect(lrs.count == 5865)
    #expect(lrs.max()! < 0.0045)
  }

  @Test func overSteppingOneCycleFailsLikeTorch() {
    let dir = makeTempDir()
    let r = lrsched("values", "OneCycleLR(max_lr=0.1, total_steps=20)", "--epochs", "3", "--steps-per-epoch", "10", "-o", dir + "/v.csv")
    #expect(r.code == 1)
    #expect(r.err.contains("Tried to step 21 times. The specified number of total steps is 20"))
    #expect(r.err.contains("after optimizer step 20"))
    #expect(listDir(dir).isEmpty, "no partial file")
  }

  @Test func outputIsAtomicAndKeepsAnExistingFileOnError() {
    let dir = makeTempDir()
    let path = dir + "/v.csv"
    writeFile(path, "previous\n")
    let bad = lrsched("values", "CosineAnnealingLR(T_maxx=3)", "-o", path)
    #expect(bad.code == 2)
    #expect(readFile(path) == "previous\n")
    let good = lrsched("values", "cosine", "--epochs", "1", "--steps-per-epoch", "4", "-o", path)
    #expect(good.code == 0)
    #expect(good.out.isEmpty)
    #expect(readFile(path)?.hasPrefix("step,epoch,lr,momentum\n0,0,0.1,0.9\n") == true)
    #expect(listDir(dir) == ["v.csv"])
  }

  @Test func outputToADirectoryOrMissingDirIsRefused() {
    let dir = makeTempDir()
    #expect(lrsched("values", "cosine", "-o", dir).code == 2)
    #expect(lrsched("values", "cosine", "-o", dir + "/no/such/dir/x.csv").code == 2)
    #expect(listDir(dir).isEmpty)
  }

  @Test func jsonIsWellFormed() {
    let r = lrsched("values", "cosine", "--epochs", "1", "--steps-per-epoch", "2", "--format", "json")
    #expect(r.out.hasPrefix("{\"specs\": [\"cosine\"], \"groups\": 1, \"fields\": [\"lr\", \"momentum\"],"))
    #expect(r.out.contains("{\"step\": 1, \"epoch\": 0, \"lr\": [0.05], \"momentum\": [0.9]}"))
  }

  @Test func streamsAMillionSteps() {
    // Streaming: a 1,000,000-step run (10,000,000 in `make bench`) goes to a file row by
    // row. Checked for the row count, not the time.
    let dir = makeTempDir()
    let r = lrsched("values", "ExponentialLR(gamma=0.9999999)", "--epochs", "1000", "--steps-per-epoch", "1000", "-o", dir + "/big.csv", "--optimizer", "SGD(lr=0.1)")
    #expect(r.code == 0)
    var lines = 0
    if let f = fopen(dir + "/big.csv", "r") {
      var buf = [CChar](repeating: 0, count: 256)
      while fgets(&buf, 256, f) != nil { lines += 1 }
      fclose(f)
    }
    #expect(lines == 1_000_001)
    unlink(dir + "/big.csv")
  }
}

@Suite struct VerifyCommandTests {
  static let fixtures: String = {
    let f = #filePath
    let dir = f[..<f.lastIndex(of: "/")!]
    let testsDir = dir[..<dir.lastIndex(of: "/")!]
    return testsDir + "/LRSchedSpecTests/Fixtures"
  }()

  @Test func torchFilePassesEveryCase() {
    let r = lrsched("verify", Self.fixtures + "/torch.json")
    #expect(r.code == 0)
    let lines = r.out.split(separator: "\n")
    #expect(lines.last == "90 passed, 0 failed")
    #expect(lines.dropLast().last == "bit-exact: 90 of 90")
  }

  @Test func aWrongValueFailsWithTheCaseLine() {
    let dir = makeTempDir()
    let text = """
      {"library": "torch", "cases": [{"id": "t-1", "library": "torch", "scheduler": "StepLR(step_size=1, gamma=0.5)",
      "optimizer": "SGD(lr=1.0)", "epochs": 3, "steps_per_epoch": 1, "step_on": "epoch",
      "expect": {"lr": [[1.0, 0.5, 0.3]]}}]}
      """
    writeFile(dir + "/c.json", text)
    let r = lrsched("verify", dir + "/c.json")
    #expect(r.code == 1)
    #expect(r.out.contains("t-1 step 2 group 0 lr: expected 0.3 got 0.25"))
    #expect(r.out.hasSuffix("0 passed, 1 failed\n"))
  }

  @Test func notJSONIsBadInput() {
    let dir = makeTempDir()
    writeFile(dir + "/c.json", "{not json")
    let r = lrsched("verify", dir + "/c.json")
    #expect(r.code == 2)
    #expect(r.err.contains("c.json"))
  }
}

#if canImport(Glibc)
  import Glibc
#endif

@Suite struct CompletionsTests {
  @Test(arguments: ["bash", "zsh", "fish"])
  func scriptsNameEveryCommandAndScheduler(shell: String) {
    let r = lrsched("completions", shell)
    #expect(r.code == 0)
    for c in CLI.commands { #expect(r.out.contains(c.name)) }
    #expect(r.out.contains("OneCycleLR"))
    #expect(r.out.contains("CosineLRScheduler"))
    #expect(r.out.contains("--steps-per-epoch") || r.out.contains("steps-per-epoch"))
  }

  @Test func bashScriptIsValidBash() throws {
    let dir = makeTempDir()
    writeFile(dir + "/c.bash", lrsched("completions", "bash").out)
    #expect(system("bash -n '\(dir)/c.bash'") == 0)
  }

  @Test func unknownShell() {
    let r = lrsched("completions", "tcsh")
    #expect(r.code == 2)
    #expect(r.err.hasPrefix("error: unknown shell 'tcsh'"))
  }
}
