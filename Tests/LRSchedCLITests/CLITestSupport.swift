import LRSchedCLI
@_exported import LRSchedTestSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the CLI in-process and captures its output.
struct CLIResult {
  var code: Int32
  var out: String
  var err: String
}

func lrsched(_ args: String...) -> CLIResult { lrsched(args) }

func lrsched(_ args: [String]) -> CLIResult {
  let out = StringSink()
  let err = StringSink()
  let code = CLI.run(arguments: args, io: CommandIO(out: out, err: err))
  return CLIResult(code: code, out: out.text, err: err.text)
}
