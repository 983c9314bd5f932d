import LRSchedSpec

/// `lrsched verify FILE.json…`: runs reference cases and compares every value and error.
public enum VerifyCommand {
  public static let command = Command(
    name: "verify",
    summary: "Check lrsched against reference files recorded from the real libraries.",
    usage: ["FILE.json… [--tolerance REL] [--verbose]"],
    positionals: [("FILE.json…", "Reference files (format: docs/parity.md).")],
    options: [
      OptionSpec("--tolerance", value: "REL", help: "Relative tolerance per value.", default: "1e-12"),
      OptionSpec("--verbose", short: "-v", help: "Print a line for every case, not only failures."),
    ],
    discussion: """
      Each case runs in the training loop its `library` field names. Failing cases print
      id, step, group, field, expected, got and relative error; then 'bit-exact: K of N' and
      last 'N passed, M failed' (', S skipped' for libraries not implemented). Exit 1 on any
      failure.
      """,
    minPositionals: 1,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let tol = try a.double("--tolerance", default: 1e-12)
    guard tol >= 0 else { throw .usage("--tolerance must not be negative", command: "verify") }
    let verifier = Verifier(tolerance: tol)
    var passed = 0, failed = 0, skipped = 0, exact = 0, total = 0
    for path in a.positionals {
      let text = try FileIO.readText(path)
      let results: [Verifier.CaseResult]
      do {
        results = try verifier.verify(fileText: text)
      } catch {
        throw CLIError(error, in: path)
      }
      for r in results {
        total += 1
        switch r.status {
        case .passed:
          passed += 1
          if r.bitExact { exact += 1 }
          if a.has("--verbose") { io.out.line("ok   \(r.id)" + (r.bitExact ? "" : " (within tolerance)")) }
          for p in r.problems where a.has("--verbose") { io.out.line("     note: \(p)") }
        case .failed:
          failed += 1
          io.out.line("FAIL \(r.id)")
          for p in r.problems { io.out.line("     \(p)") }
        case .skipped:
          skipped += 1
          if a.has("--verbose") { io.out.line("skip \(r.id): \(r.reason ?? "")") }
        }
      }
    }
    io.out.line("bit-exact: \(exact) of \(total)")
    io.out.line("\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : ""))
    return failed > 0 ? 1 : 0
  }
}
