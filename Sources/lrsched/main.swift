#if canImport(Glibc)
  import Glibc
#endif
import LRSchedCLI

signal(SIGPIPE, SIG_DFL)
let io = CommandIO.process()
let code = CLI.run(arguments: Array(CommandLine.arguments.dropFirst()), io: io)
exit(code)
