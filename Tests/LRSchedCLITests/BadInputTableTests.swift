import LRSchedCLI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Bad input through the CLI entry point, in process. Every row asserts the exit code, that
/// stderr is one clear `error:` line (plus the spec and caret for specs, or the usage and
/// help pointer for usage errors), that stdout is empty, and that nothing was created or
/// changed in the row's working folder.
@Suite(.serialized) struct BadInputTableTests {
  struct Row: CustomStringConvertible, Sendable {
    var args: [String]
    var code: Int32 = 2
    /// A fragment the error line must contain.
    var says: String
    /// Files to create in the row's folder first: name → contents (`<dir>` for a folder).
    var files: [String: String] = [:]
    var caret = false
    var description: String { args.joined(separator: " ") }
  }

  /// `@D` in an argument is replaced by the row's temporary folder.
  static let rows: [Row] = [
    // Specs: malformed and hostile.
    Row(args: ["values", "CosineAnealingLR(T_max=10)"], says: "did you mean 'CosineAnnealingLR'", caret: true),
    Row(args: ["values", "StepLR(step_size=3"], says: "unbalanced '('", caret: true),
    Row(args: ["values", "StepLR(step_size=3))"], says: "unbalanced ')'", caret: true),
    Row(args: ["values", "StepLR(step_size=-1)"], says: "step_size must be positive", caret: true),
    Row(args: ["values", "CosineAnnealingLR(T_max=0)"], says: "T_max must be positive", caret: true),
    Row(args: ["values", "CosineAnnealingLR(T_max=float('nan'))"], says: "NaN", caret: true),
    Row(args: ["values", "CosineAnnealingLR(T_max=float('inf'))"], says: "T_max must be positive", caret: true),
    Row(args: ["values", "OneCycleLR(max_lr=0.1, epochs=10**12, steps_per_epoch=391)"], says: "epochs must be between", caret: true),
    Row(args: ["values", "LambdaLR(lr_lambda=lambda e: 10 ** 10 ** 10)"], says: "OverflowError", caret: true),
    Row(args: ["values", "LambdaLR(lr_lambda=lambda e: __import__('os').system('true'))"], says: "only named functions can be called", caret: true),
    Row(args: ["values", "LambdaLR(lr_lambda=lambda e: e.real)"], says: "attribute access is limited", caret: true),
    Row(args: ["values", String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)], says: "nested too deeply", caret: true),
    Row(args: ["values", "StepLR(step_size=" + String(repeating: "9", count: 600) + ")"], says: "too long", caret: true),
    Row(args: ["values", ""], says: "empty spec", caret: true),
    Row(args: ["values", "   "], says: "empty spec", caret: true),
    Row(args: ["values", "StepLR(step_size=3, gamma='x')"], says: "gamma must be a number", caret: true),
    Row(args: ["values", "MultiStepLR(milestones=5)"], says: "milestones must be a list of numbers", caret: true),
    Row(args: ["values", "OneCycleLR(max_lr=[0.1, 0.2], total_steps=10)"], says: "max_lr must have the same length", caret: true),
    Row(args: ["values", "SequentialLR(schedulers=[], milestones=[])"], says: "expects at least one scheduler", caret: true),
    Row(args: ["values", "ReduceLROnPlateau(factor=2.0)"], says: "Factor should be < 1.0", caret: true),
    Row(args: ["values", "CyclicLR(base_lr=0.1, max_lr=1, step_size_up=0, step_size_down=0)"], says: "must be positive", caret: true),
    Row(args: ["values", "StepLR(step_size=3)\u{0}"], says: "unexpected character", caret: true),
    Row(args: ["values", "import os"], says: "the file constructs no scheduler", caret: true),
    Row(args: ["values", "StepLR(step_size=3, step_size=4)"], says: "repeated", caret: true),
    Row(args: ["values", "StepLR(step_size=3)", "--optimizer", "Adam(lr=0.1)", "StepLR(step_size=2, field='momentum')"], says: "does not exist in Adam", caret: true),
    // Python statement files (-f, -D, --name): outside the subset, hostile, from outside.
    Row(args: ["values", "-f", "@D/s.py"], says: "'try' statements are not part of the Python subset", files: ["s.py": "try:\n    pass\nexcept Exception:\n    pass\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "name 'EPOCHS' is not defined in the file: define it with -D EPOCHS=", files: ["s.py": "scheduler = CosineAnnealingLR(optimizer, T_max=EPOCHS)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "'exec' is not part of the Python subset", files: ["s.py": "exec('import os')\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "'open' is not part of the Python subset", files: ["s.py": "lr = float(open('/etc/hostname').read())\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "'getattr' is not part of the Python subset", files: ["s.py": "cls = getattr(torch.optim.lr_scheduler, 'StepLR')\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "dunder attributes", files: ["s.py": "x = (1).__class__\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], code: 1, says: "RecursionError", files: ["s.py": "def f(n):\n    return f(n + 1)\nf(0)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "too much work", files: ["s.py": "while True:\n    pass\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "list too large", files: ["s.py": "x = [0] * 10 ** 8\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "string too large", files: ["s.py": "x = 'a' * 10 ** 8\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], code: 1, says: "OverflowError", files: ["s.py": "x = 10 ** 10 ** 6\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], code: 1, says: "ZeroDivisionError: division by zero", files: ["s.py": "x = 1 / 0\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "unterminated triple-quoted string", files: ["s.py": "\"\"\"docs\nscheduler = StepLR(optimizer, 3)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "unindent does not match", files: ["s.py": "if True:\n        x = 1\n    y = 2\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "the file constructs no scheduler", files: ["s.py": "import torch\nlr = 0.1\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "'NoSuchLR' is not a scheduler lrsched models", files: ["s.py": "from torch.optim.lr_scheduler import NoSuchLR\ns = torch.optim.lr_scheduler.NoSuchLR(optimizer)\nt = NoSuchLR(optimizer)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py", "--name", "nope"], says: "defines no variable 'nope'", files: ["s.py": "s = StepLR(optimizer, 3)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py", "-D", "foo"], says: "-D expects NAME=VALUE", files: ["s.py": "s = StepLR(optimizer, 3)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py", "-D", "x=os.system('true')"], says: "must be a Python literal", files: ["s.py": "s = StepLR(optimizer, 3)\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py", "-D", "1x=3"], says: "is not a name", files: ["s.py": "s = StepLR(optimizer, 3)\n"], caret: true),
    Row(args: ["values", "-f", "@D/missing.py"], says: "cannot read"),
    Row(args: ["values", "-f", "@D/s.py", "cosine"], says: "give no SPEC with it", files: ["s.py": "s = StepLR(optimizer, 3)\n"]),
    Row(args: ["values", "-f", "@D/s.py"], says: "unexpected character", files: ["s.py": "s = StepLR(optimizer, 3) $\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py"], says: "Lightning's 'frequency' must be a positive int", files: ["s.py": "def configure_optimizers(self):\n    o = torch.optim.SGD(self.parameters(), lr=0.1)\n    s = StepLR(o, 3)\n    return {'optimizer': o, 'lr_scheduler': {'scheduler': s, 'frequency': 0}}\n"], caret: true),
    Row(args: ["values", "-f", "@D/s.py", "--save-state", "@D/state.json"], says: "--save-state is not supported", files: ["s.py": "s = StepLR(optimizer, 3)\n"]),
    Row(args: ["values", "x = 1; StepLR(optimizer, 3)", "-D", "x=(1,"], says: "never closed", caret: true),
    // Options: wrong types, out of range, contradictory.
    Row(args: ["values", "cosine", "--epochs", "0"], says: "--epochs must be at least 1"),
    Row(args: ["values", "cosine", "--epochs", "-1"], says: "--epochs must be at least 1"),
    Row(args: ["values", "cosine", "--epochs", "nan"], says: "--epochs expects an integer"),
    Row(args: ["values", "cosine", "--epochs", "1e3"], says: "--epochs expects an integer"),
    Row(args: ["values", "cosine", "--steps-per-epoch", "0"], says: "--steps-per-epoch must be at least 1"),
    Row(args: ["values", "cosine", "--epochs", "100000", "--steps-per-epoch", "100000"], says: "too large"),
    Row(args: ["values", "cosine", "--step-on", "sometimes"], says: "--step-on must be one of"),
    Row(args: ["values", "cosine", "--format", "xml"], says: "--format must be one of"),
    Row(args: ["values", "cosine", "--epochs", "3", "--epochs", "4"], says: "given twice"),
    Row(args: ["values", "cosine", "--epochs"], says: "needs a value"),
    Row(args: ["values", "cosine", "--from-step", "-1"], says: "--from-step must be at least 0"),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics", "1,nan,2"], says: "not a finite number"),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics", "1,2"], says: "--metrics has 2 values"),
    Row(args: ["values", "plateau", "--epochs", "3"], says: "give --metrics"),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics", "1,1,1", "--metrics-file", "@D/m.txt"], says: "not both", files: ["m.txt": "1\n1\n1\n"]),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics-file", "@D/missing.txt"], says: "cannot read"),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics-file", "@D/empty.txt"], says: "--metrics has 0 values", files: ["empty.txt": ""]),
    Row(args: ["values", "plateau", "--epochs", "3", "--metrics-file", "@D/sub"], says: "is a directory", files: ["sub": "<dir>"]),
    Row(args: ["values", "cosine", "--optimizer", "SGD(lr=float('nan'))"], says: "lr must be a number", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "SGD(lr=-0.1)"], says: "Invalid learning rate", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "Adam(betas=(0.9, 1.5))"], says: "Invalid beta parameter", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "SGD([])"], says: "non-empty list", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "SGD(params=2)"], says: "param groups are SGD()'s positional argument", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "SGD(lr=0.1"], says: "unbalanced '('", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "Lion(lr=0.1)"], says: "unknown optimizer", caret: true),
    Row(args: ["values", "cosine", "--optimizer", "SGD([{'lr': 0.1, 'lrr': 2}])"], says: "did you mean 'lr'", caret: true),
    Row(args: ["valeus", "cosine"], says: "Did you mean 'values'?"),
    Row(args: ["values", "cosine", "--stpes-per-epoch", "3"], says: "Did you mean '--steps-per-epoch'?"),
    Row(args: ["--verison"], says: "Did you mean '--version'?"),
    Row(args: ["help", "nope"], says: "unknown command 'nope'"),
    // Outputs: existing directory, missing folder, a file where a folder should be.
    Row(args: ["values", "cosine", "-o", "@D/out"], says: "is a directory", files: ["out": "<dir>"]),
    Row(args: ["values", "cosine", "-o", "@D/no/such/dir/v.csv"], says: "cannot write"),
    Row(args: ["values", "cosine", "-o", "@D/f.txt/v.csv"], says: "cannot write", files: ["f.txt": "keep"]),
    Row(args: ["values", "cosine", "--save-state", "@D/out", "--stop-after", "3"], says: "is a directory", files: ["out": "<dir>"]),
    // Checkpoints.
    Row(args: ["values", "--resume", "@D/missing.json"], says: "cannot read"),
    Row(args: ["values", "--resume", "@D/cp.json"], says: "not an lrsched checkpoint", files: ["cp.json": "{\"cases\": []}"]),
    Row(args: ["values", "--resume", "@D/cp.json"], says: "not a checkpoint", files: ["cp.json": "{\"lrsched_checkpoint\": 1, "]),
    Row(args: ["values", "--resume", "@D/cp.json"], says: "format 7 is not supported", files: ["cp.json": "{\"lrsched_checkpoint\": 7}"]),
    Row(args: ["values", "cosine", "--resume", "@D/cp.json"], says: "give no SPEC", files: ["cp.json": "{}"]),
    // verify: missing, empty, truncated, wrongly typed reference files.
    Row(args: ["verify", "@D/missing.json"], says: "cannot read"),
    Row(args: ["verify", "@D/sub"], says: "is a directory", files: ["sub": "<dir>"]),
    Row(args: ["verify", "@D/e.json"], says: "not a reference file", files: ["e.json": ""]),
    Row(args: ["verify", "@D/t.json"], says: "not a reference file", files: ["t.json": "{\"library\": \"torch\", \"cases\": [{\"id\": "]),
    Row(args: ["verify", "@D/n.json"], says: "no \"cases\" array", files: ["n.json": "{\"library\": \"torch\"}"]),
    Row(args: ["verify", "@D/b.json"], says: "not a reference file", files: ["b.json": "\u{89}PNG\r\n\u{1A}\n"]),
    Row(args: ["verify", "@D/x.json", "--tolerance", "-1"], says: "--tolerance must not be negative", files: ["x.json": "{}"]),
    Row(args: ["verify"], says: "missing"),
    // list, check.
    Row(args: ["list", "OneCycl"], says: "did you mean 'onecycle'"),
    Row(args: ["list", "a", "b"], says: "unexpected argument 'b'"),
    Row(args: ["check", "StepLR("], says: "unbalanced '('", caret: true),
    Row(args: ["check", "cosine", "--format", "yaml"], says: "--format must be one of"),
    Row(args: ["check"], says: "missing SPEC"),
    // plot.
    Row(args: ["plot", "cosine", "--size", "0x0", "-o", "@D/p.png"], says: "out of range"),
    Row(args: ["plot", "cosine", "--size", "100000x100000", "-o", "@D/p.png"], says: "out of range"),
    Row(args: ["plot", "cosine", "--size", "big", "-o", "@D/p.png"], says: "expects WIDTHxHEIGHT"),
    Row(args: ["plot"], says: "missing SPEC"),
    Row(args: ["plot", "cosine", "--fields", "lr,foo", "-o", "@D/p.png"], says: "unknown field 'foo'"),
    Row(args: ["plot", "cosine", "--fields", "beta1", "-o", "@D/p.png"], says: "SGD has no beta1"),
    Row(args: ["plot", "cosine", "-o", "@D/p.jpg"], says: "must end in .png or .svg"),
    Row(args: ["plot", "cosine", "-o", "@D/missing/p.png"], says: "cannot write"),
    Row(args: ["plot", "cosine", "-o", "@D/out.png"], says: "is a directory", files: ["out.png": "<dir>"]),
    Row(args: ["plot", "cosine", "--theme", "blue", "-o", "@D/p.png"], says: "--theme must be one of"),
    Row(args: ["plot", "cosine", "cosine", "--step-on", "both", "-o", "@D/p.png"], says: "takes one SPEC"),
    Row(args: ["plot", "CosineAnnealingLR(T_max=0)", "-o", "@D/p.png"], says: "T_max must be positive", caret: true),
    // compare: non-PNG, truncated, missing.
    Row(args: ["compare", "@D/a.png"], says: "missing"),
    Row(args: ["compare", "@D/a.png", "@D/b.png"], says: "is not a PNG file", files: ["a.png": "hello", "b.png": "hello"]),
    Row(args: ["compare", "@D/a.png", "@D/b.png"], says: "cannot read", files: ["a.png": "<png-truncated>"]),
    Row(args: ["compare", "@D/a.png", "@D/b.png"], says: "is not a readable PNG", files: ["a.png": "<png-truncated>", "b.png": "<png-truncated>"]),
    Row(args: ["compare", "@D/a.png", "@D/a.png", "--tolerance", "-1"], says: "--tolerance must not be negative", files: ["a.png": "x"]),
    // data, bench, find-lr: bad options before any work.
    Row(args: ["data", "info", "@D/none"], says: "no such file"),
    Row(args: ["data", "synth", "-o", "@D/s", "--train", "-5"], says: "--train must be at least 0"),
    Row(args: ["data", "synth", "-o", "@D/s", "--train", "100000000000"], says: "--train must be at most"),
    Row(args: ["data", "prepare", "--from", "@D/empty", "-o", "@D/c.cache"], says: "no such file", files: ["empty": "<dir>"]),
    Row(args: ["data", "frobnicate"], says: "unknown data action"),
    Row(args: ["bench", "--epochs", "0"], says: "--epochs must be at least 1"),
    Row(args: ["bench", "--batch-size", "0"], says: "--batch-size must be at least 1"),
    Row(args: ["bench", "--data", "@D/none"], says: "no such file"),
    Row(args: ["bench", "--plot", "@D/p.gif"], says: "must end in .png or .svg"),
    Row(args: ["find-lr", "--start", "0"], says: "--start"),
    Row(args: ["find-lr", "--runs", "0"], says: "--runs"),
    Row(args: ["find-lr", "--divisor", "0"], says: "--divisor"),
    Row(args: ["find-lr", "--verify", "--verify-lrs", "1e-3,0"], says: "--verify-lrs expects positive numbers"),
    Row(args: ["find-lr", "--verify", "--verify-lrs", "1e-3,,1e-2"], says: "got ''"),
    Row(args: ["find-lr", "--start", "10", "--end", "1"], says: "--end"),
    Row(args: ["completions", "tcsh"], says: "unknown shell"),
  ]

  @Test(arguments: rows)
  func row(_ row: Row) throws {
    let dir = makeTempDir()
    for (name, content) in row.files {
      if content == "<dir>" {
        mkdir(dir + "/" + name, 0o755)
      } else if content == "<png-truncated>" {
        // The first 100 bytes of a real PNG: a valid signature and IHDR, then nothing.
        writeBytes(dir + "/" + name, Array((readBytes(GoldenTests.goldenDir + "/torch-step.png") ?? []).prefix(100)))
      } else {
        writeFile(dir + "/" + name, content)
      }
    }
    let before = snapshot(dir)
    let args = row.args.map { $0.replacingDirMarker(with: dir) }
    let r = lrsched(args)
    #expect(r.code == row.code, "exit code; stderr: \(r.err)")
    #expect(r.out.isEmpty, "stdout must be empty: \(r.out.prefix(200))")
    let lines = r.err.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(lines.first?.hasPrefix("error: ") == true, "first line: \(lines.first ?? "")")
    #expect(lines.first?.contains(row.says) == true, "error line: \(lines.first ?? "") (expected: \(row.says))")
    let rest = Array(lines.dropFirst())
    if row.caret {
      #expect(rest.count == 2, "spec and caret lines: \(rest)")
      #expect(rest.last?.trimmingSuffixSpaces().hasSuffix("^") == true)
    } else {
      for l in rest {
        #expect(l.hasPrefix("Usage: ") || l.hasPrefix("See '"), "unexpected extra line: \(l)")
      }
    }
    #expect(snapshot(dir) == before, "files changed in \(dir)")
  }

  @Test func enoughRows() { #expect(Self.rows.count >= 60) }

  func snapshot(_ dir: String) -> [String] {
    var out: [String] = []
    func walk(_ d: String, _ prefix: String) {
      for n in listDir(d) {
        let p = d + "/" + n
        var st = stat()
        stat(p, &st)
        if (st.st_mode & S_IFMT) == S_IFDIR {
          out.append(prefix + n + "/")
          walk(p, prefix + n + "/")
        } else {
          out.append(prefix + n + ":" + (readFile(p) ?? "?"))
        }
      }
    }
    walk(dir, "")
    return out
  }
}

extension String {
  func replacingDirMarker(with dir: String) -> String {
    guard let r = range(of: "@D") else { return self }
    return String(self[..<r.lowerBound]) + dir + String(self[r.upperBound...])
  }

  func range(of s: String) -> Range<String.Index>? {
    var i = startIndex
    while i < endIndex {
      if self[i...].hasPrefix(s) { return i..<index(i, offsetBy: s.count) }
      i = index(after: i)
    }
    return nil
  }

  func trimmingSuffixSpaces() -> String {
    var s = Substring(self)
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}

extension Substring {
  func trimmingSuffixSpaces() -> String { String(self).trimmingSuffixSpaces() }
}
