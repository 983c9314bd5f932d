import LRSchedCLI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `plot --term` against golden text, and shell completions of option values.
@Suite struct TermPlotTests {
  static let goldenDir: String = {
    let f = #filePath
    return String(f[..<f.lastIndex(of: "/")!]) + "/Golden"
  }()

  static let args = ["plot", "onecycle", "--epochs", "15", "--term"]

  func run(_ env: [String: String], tty: Bool, size: (Int, Int)? = nil) -> PlotOutputTests.Run {
    let out = StringSink()
    let err = StringSink()
    let io = CommandIO(out: out, err: err, environment: env, stdoutIsTerminal: tty, terminalSize: size)
    let code = CLI.run(arguments: Self.args, io: io)
    return PlotOutputTests.Run(code: code, out: out.bytes, text: out.text, err: err.text)
  }

  /// Compares with `Golden/NAME` (LRSCHED_RECORD=1 re-records it).
  func matches(_ text: String, golden name: String) {
    let path = Self.goldenDir + "/" + name
    if getenv("LRSCHED_RECORD") != nil {
      writeBytes(path, Array(text.utf8))
      Issue.record("recorded \(path); run again without LRSCHED_RECORD")
      return
    }
    guard let expected = readFile(path) else {
      Issue.record("missing golden \(path): run `make goldens`")
      return
    }
    #expect(text == expected, "see \(name)")
  }

  @Test func plainTextFitsTheTerminalAndMatchesTheGolden() {
    let r = run(["COLUMNS": "80", "LINES": "24", "NO_COLOR": "1"], tty: true, size: (132, 50))
    #expect(r.code == 0)
    #expect(!r.text.contains("\u{1B}"))  // NO_COLOR
    let lines = r.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.count <= 23)  // a line left for the prompt
    #expect(lines.allSatisfy { $0.count <= 80 })
    #expect(r.text.contains("learning rate"))
    #expect(r.text.contains("momentum"))
    #expect(r.text.contains("optimizer step"))
    #expect(r.text.contains("── lr"))
    #expect(r.text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })  // braille
    matches(r.text, golden: "term-onecycle-80x24.txt")
  }

  @Test func colourOnATerminalSizedByIoctl() {
    let r = run([:], tty: true, size: (100, 30))
    #expect(r.code == 0)
    // Okabe–Ito blue (0, 114, 178) is xterm colour 16 + 36·0 + 6·1 + 3 = 25.
    #expect(r.text.contains("\u{1B}[38;5;25m"))
    let plain = r.text.replacing(/\x1B\[[0-9;]*m/, with: "")
    let lines = plain.split(separator: "\n").map(\.count)
    #expect(lines.max() == 100)
    matches(r.text, golden: "term-onecycle-100x30-color.txt")
  }

  @Test func noColourWhenStdoutIsNotATerminal() {
    let r = run([:], tty: false)
    #expect(!r.text.contains("\u{1B}"))
    #expect(r.text.split(separator: "\n").allSatisfy { $0.count <= 80 })  // 80 × 24 by default
  }
}

@Suite struct CompletionValueTests {
  /// Runs the bash completion function for a command line (the last word being completed).
  func complete(_ words: [String]) throws -> [String] {
    let dir = makeTempDir()
    writeFile(dir + "/c.bash", lrsched("completions", "bash").out)
    let quoted = words.map { "'\($0)'" }.joined(separator: " ")
    let script = """
      source '\(dir)/c.bash'
      COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _lrsched
      printf '%s\\n' "${COMPREPLY[@]}" > '\(dir)/out'
      """
    writeFile(dir + "/run.bash", script)
    #expect(system("bash '\(dir)/run.bash'") == 0)
    return (readFile(dir + "/out") ?? "").split(separator: "\n").map(String.init)
  }

  @Test func optionValuesComplete() throws {
    #expect(try complete(["lrsched", "plot", "onecycle", "--step-on", ""]) == ["batch", "optimizer-step", "epoch", "both"])
    #expect(try complete(["lrsched", "plot", "--theme", "d"]) == ["dark"])
    #expect(try complete(["lrsched", "plot", "--format", ""]) == ["png", "svg"])
    #expect(try complete(["lrsched", "plot", "--x", ""]) == ["step", "epoch"])
    #expect(try complete(["lrsched", "values", "--step-on", ""]) == ["batch", "optimizer-step", "epoch"])
    #expect(try complete(["lrsched", "values", "--loop", "l"]) == ["lightning"])
    #expect(try complete(["lrsched", "values", "--format", "j"]) == ["json"])
    // A free value (a file) completes nothing from the word list: the shell offers files.
    #expect(try complete(["lrsched", "plot", "-o", ""]) == [])
  }

  /// Every option of every command with a closed value set completes exactly those values,
  /// so options added later are covered without touching the generator.
  @Test func everyClosedOptionCompletesItsValues() throws {
    for c in CLI.commands {
      for o in c.options {
        guard let choices = o.choices else { continue }
        #expect(try complete(["lrsched", c.name, o.name, ""]) == choices, "\(c.name) \(o.name)")
      }
    }
  }

  @Test func positionalsComplete() throws {
    #expect(try complete(["lrsched", "data", "s"]) == ["synth"])
    #expect(try complete(["lrsched", "list", "OneCycle"]).contains("OneCycleLR"))
    #expect(try complete(["lrsched", "plot", "cosine-r"]) == ["cosine-restarts"])
    let zsh = lrsched("completions", "zsh").out
    #expect(zsh.contains(":when:(batch optimizer-step epoch both)'"))
    #expect(zsh.contains("'--theme[light or dark.]:name:(light dark)'"))
    let fish = lrsched("completions", "fish").out
    #expect(fish.contains("-l theme -r -a 'light dark'"))
    #expect(fish.contains("__fish_seen_subcommand_from data' -a 'prepare synth info'"))
  }
}

@Suite struct DefaultNameTests {
  /// The file `plot` writes without -o (in a fresh folder).
  func name(_ args: [String]) -> String {
    let dir = makeTempDir()
    let out = StringSink()
    let err = StringSink()
    let code = CLI.run(
      arguments: ["plot"] + args + ["--size", "300x200"], io: CommandIO(out: out, err: err, workingDirectory: dir))
    #expect(code == 0, "\(err.text)")
    let path = String(out.text.dropLast())
    #expect(fileExists(path))
    return String(path.dropFirst(dir.count + 1))
  }

  @Test func namesTellSchedulesApart() {
    #expect(name(["onecycle"]) == "onecycle.png")
    #expect(name(["onecycle", "--epochs", "3"]) == "onecycle-epochs-3.png")
    #expect(name(["onecycle", "--epochs", "4"]) == "onecycle-epochs-4.png")
    #expect(name(["StepLR(step_size=5, gamma=0.5)", "--epochs", "3"]) == "steplr-step_size-5-gamma-0.5-epochs-3.png")
    #expect(name(["StepLR(step_size=5, gamma=0.1)", "--epochs", "3"]) == "steplr-step_size-5-gamma-0.1-epochs-3.png")
    #expect(name(["cosine", "cosine-restarts", "--epochs", "3", "--format", "svg"]) == "cosine-vs-cosine-restarts-epochs-3.svg")
    // Long specs are cut and end in a hash of the whole text: still different names.
    let a = name(["LambdaLR(lr_lambda=lambda e: min(1.0, (e + 1) / 5) * 0.5 ** (e // 10))", "--epochs", "3"])
    let b = name(["LambdaLR(lr_lambda=lambda e: min(1.0, (e + 1) / 5) * 0.5 ** (e // 20))", "--epochs", "3"])
    #expect(a != b)
    #expect(a.count <= 64)
  }
}
