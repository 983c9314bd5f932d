// Fuzz targets for lrsched (libFuzzer). Built by Scripts/fuzz.sh with
// `--sanitize=fuzzer -Xswiftc -DFUZZING`; without FUZZING the same binary replays inputs
// given as files (`lrsched-fuzz TARGET FILE…`), which is how regression inputs are re-run.
//
// Targets: spec (spec parser, lambda evaluator, builder, a bounded run), optimizer
// (optimizer spec), script (statement-file lexer, parser and interpreter, a bounded run and
// the lint), verify (reference-file reader and runner), cifar (CIFAR batch reader),
// cache (cache reader), png (PNG reader behind `compare`), pickle (torchvision batch through the
// restricted unpickler), archive (gzip + tar extraction of `data download`).
#if canImport(Glibc)
  import Glibc
#endif
import LRSchedBench
import LRSchedCore
import LRSchedSpec

nonisolated(unsafe) var target = ProcessInfoLite.env("LRSCHED_FUZZ_TARGET") ?? "spec"
nonisolated(unsafe) var scratchCounter = 0

enum ProcessInfoLite {
  static func env(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
}

/// Writes bytes to a per-process scratch file (readers that take paths).
func scratchFile(_ data: UnsafeRawBufferPointer, name: String) -> String {
  let dir = "/tmp/lrsched-fuzz-\(getpid())"
  mkdir(dir, 0o755)
  let path = dir + "/" + name
  let f = fopen(path, "wb")!
  if data.count > 0 { fwrite(data.baseAddress, 1, data.count, f) }
  fclose(f)
  return path
}

func fuzzSpec(_ text: String) {
  var groups = [ParamGroup(lr: 0.1, momentum: 0.9), ParamGroup(lr: 0.01, momentum: 0.8)]
  let ctx = BuildContext(
    optimizer: OptimizerConfig(kind: .sgd, groups: groups, mentionsMomentum: true), epochs: 4, stepsPerEpoch: 5,
    stepOn: .batch, strict: false)
  guard let stepper = try? SpecBuilder.buildStepper(text, groups: &groups, context: ctx) else { return }
  var run = ScheduleRun(groups: groups, steppers: [stepper], epochs: 4, stepsPerEpoch: 5, metrics: [1, 0.9, 0.9, 0.8])
  while run.step < run.totalSteps {
    do { try run.advance() } catch { break }
  }
  _ = Lint.text(Lint.check(plan: RunPlan(specs: [text], epochs: 3, stepsPerEpoch: 4, metrics: [1, 1, 1], strict: false)))
}

/// A Python statement file: parsed, interpreted with a small work budget (so one input stays
/// well inside libFuzzer's timeout), run for a few steps and linted.
func fuzzScript(_ text: String) {
  _ = try? ScriptParser.parse(text)
  var plan = RunPlan(specs: ["fuzz.py"], epochs: 3, stepsPerEpoch: 4, metrics: [1, 0.9, 0.8], strict: false)
  plan.script = ScriptSource(text: text, path: "fuzz.py", defines: ["args.lr=0.1", "EPOCHS=3", "cfg.steps=[2, 4]"])
  var settings = plan.scriptSettings
  settings.maxWork = 200_000
  guard let outcome = try? ScriptProgram.run(plan.script!, settings: settings) else { return }
  var run = ScheduleRun(groups: outcome.groups, steppers: [outcome.stepper], epochs: 3, stepsPerEpoch: 4, metrics: [1, 0.9, 0.8])
  while run.step < run.totalSteps {
    do { try run.advance() } catch { break }
  }
  _ = Lint.text(Lint.check(plan: plan))
}

func fuzzOne(_ data: UnsafeRawBufferPointer) {
  let text = String(decoding: data, as: UTF8.self)
  switch target {
  case "spec":
    fuzzSpec(text)
  case "script":
    fuzzScript(text)
  case "optimizer":
    if let opt = try? OptimizerSpec.parse(text) { _ = opt.recordedFields }
  case "verify":
    guard let root = try? JSONParser.parse(text), let cases = root["cases"]?.array else { return }
    for c in cases {
      let n = (c["epochs"]?.int ?? 0).multipliedReportingOverflow(by: c["steps_per_epoch"]?.int ?? 0)
      if n.overflow || n.partialValue > 5_000 { continue }
      _ = Verifier().verify(case: c, fileLibrary: root["library"]?.string)
    }
  case "cifar":
    let dir = "/tmp/lrsched-fuzz-\(getpid())/cifar-10-batches-bin"
    mkdir("/tmp/lrsched-fuzz-\(getpid())", 0o755)
    mkdir(dir, 0o755)
    _ = scratchFile(data, name: "cifar-10-batches-bin/data_batch_1.bin")
    _ = try? CIFAR10Reader.readFolder(dir)
  case "cache":
    let path = scratchFile(data, name: "fuzz.cache")
    _ = try? CIFAR10Cache.open(path)
  case "pickle":
    let path = scratchFile(data, name: "data_batch_1")
    _ = try? CIFAR10Pickle.readBatch(path)
  case "archive":
    let path = scratchFile(data, name: "a.tar.gz")
    let dir = "/tmp/lrsched-fuzz-\(getpid())/out"
    mkdir(dir, 0o755)
    _ = try? CIFAR10Download.unpack(path, into: dir)
  default:
    fuzzExtra(target, data)
  }
}

#if FUZZING
  /// libFuzzer's entry point; its own `main` drives the fuzzing loop.
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzEntry(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(UnsafeRawBufferPointer(start: data, count: size))
    return 0
  }
#else
  /// Replay: `lrsched-fuzz TARGET FILE…` runs each file through the target once.
  @main struct FuzzReplay {
    static func main() {
      let args = Array(CommandLine.arguments.dropFirst())
      guard let t = args.first else {
        print("usage: lrsched-fuzz TARGET FILE…  (targets: spec optimizer script verify cifar cache png pickle archive)")
        exit(2)
      }
      target = t
      for path in args.dropFirst() {
        guard let f = fopen(path, "rb") else { continue }
        var bytes = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
          let n = fread(&buf, 1, buf.count, f)
          if n <= 0 { break }
          bytes += buf[0..<n]
        }
        fclose(f)
        bytes.withUnsafeBytes { fuzzOne($0) }
        print("ok \(path)")
      }
    }
  }
#endif
