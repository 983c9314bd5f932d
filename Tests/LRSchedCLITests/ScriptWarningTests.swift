import LRSchedCLI
import Testing

/// A statement file goes through the spec's settings and warning path: a removed argument
/// (`verbose=`) is the same one-line `warning:` as in a spec, not a note.
@Suite struct ScriptWarningTests {
  func values(_ args: [String], stdin: String? = nil) -> CLIResult {
    let out = StringSink()
    let err = StringSink()
    let code = CLI.run(arguments: ["values"] + args, io: CommandIO(out: out, err: err, stdin: stdin))
    return CLIResult(code: code, out: out.text, err: err.text)
  }

  @Test func removedArgumentInAFileWarnsLikeTheSpec() {
    let common = ["--epochs", "3", "--steps-per-epoch", "1", "--step-on", "epoch"]
    let spec = values(["StepLR(step_size=1, gamma=0.5, verbose=True)"] + common)
    let file = values(["-f", "-"] + common, stdin: "s = torch.optim.lr_scheduler.StepLR(optimizer, 1, gamma=0.5, verbose=True)\n")
    #expect(spec.code == 0 && file.code == 0, "\(file.err)")
    #expect(file.out == spec.out)
    #expect(spec.err.hasPrefix("warning: StepLR(verbose=…) ignored"))
    #expect(file.err == spec.err)
  }
}
