import LRSchedCLI

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

/// A fresh temporary directory.
func makeTempDir() -> String {
  var template = Array("/tmp/lrsched-test-XXXXXX".utf8CString)
  let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  return String(cString: p!)
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func readFile(_ path: String) -> String? {
  readBytes(path).map { String(decoding: $0, as: UTF8.self) }
}

func writeFile(_ path: String, _ text: String) {
  let f = fopen(path, "w")!
  _ = text.withCString { fputs($0, f) }
  fclose(f)
}

/// Files in a directory (names only).
func listDir(_ path: String) -> [String] {
  guard let d = opendir(path) else { return [] }
  defer { closedir(d) }
  var names: [String] = []
  while let e = readdir(d) {
    let name = withUnsafePointer(to: e.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    if name != "." && name != ".." { names.append(name) }
  }
  return names.sorted()
}
