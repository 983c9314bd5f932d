#if canImport(Glibc)
  import Glibc
#endif
import LRSchedBench

/// `lrsched data prepare|synth|info`: the CIFAR-10 cache, synthetic data and dataset summaries.
public enum DataCommand {
  public static let command = Command(
    name: "data",
    summary: "Prepare the CIFAR-10 cache, write synthetic CIFAR-format data, or describe a dataset.",
    usage: [
      "download [-o DIR] [--url URL] [--md5 HEX] [--size BYTES] [--timeout S] [--cache FILE]", "prepare --from DIR [-o CACHE]",
      "synth [-o DIR] [--train N] [--test N] [--seed S]", "info PATH",
    ],
    positionals: [
      ("ACTION", "download, prepare, synth or info."),
      ("PATH", "info: a cache file, a cifar-10-batches-bin or cifar-10-batches-py folder, or cifar-cache."),
    ],
    options: [
      OptionSpec("--from", value: "DIR", help: "prepare: the cifar-10-batches-bin or cifar-10-batches-py folder (or its parent)."),
      OptionSpec(
        "--output", short: "-o", value: "PATH",
        help:
          "prepare: the cache file (default: the cifar-cache location); synth: the folder to write into (default .); download: the folder for the archive and cifar-10-batches-bin (default: the cache's folder)."),
      OptionSpec("--url", value: "URL", help: "download: where to fetch the binary archive (a mirror).", default: CIFAR10Download.url),
      OptionSpec("--md5", value: "HEX", help: "download: the archive's MD5.", default: CIFAR10Download.md5),
      OptionSpec(
        "--size", value: "BYTES",
        help:
          "download: the archive's size; a server that sends more is stopped (default: 170052171 with the default --md5, else a 1 GiB cap)."
      ),
      OptionSpec(
        "--timeout", value: "S",
        help: "download: give up when under 1 KiB a second arrives for S seconds (connecting: at most 30).", default: "60"),
      OptionSpec("--cache", value: "FILE", help: "download: the cache file to prepare (default: the cifar-cache location)."),
      OptionSpec("--train", value: "N", help: "synth: training images.", default: "50000"),
      OptionSpec("--test", value: "N", help: "synth: test images.", default: "10000"),
      OptionSpec("--seed", value: "S", help: "synth: random seed.", default: "0"),
    ],
    discussion: """
      The cache is one file read into memory as is by 'lrsched bench' and 'lrsched find-lr': a 4 KiB
      header (magic, format version, counts, checksums, per-channel statistics, source folder) then
      the pixels and labels. Its default location is $LRSCHED_CACHE, else
      $XDG_CACHE_HOME/lrsched/cifar10.cache, else ~/.cache/lrsched/cifar10.cache.

      'download' fetches CIFAR-10's binary archive (170,052,171 bytes) over HTTPS with libcurl,
      checks its MD5, unpacks cifar-10-batches-bin/ (regular files only, sizes bounded by
      CIFAR-10's) and prepares the cache. A download cut short (a dropped connection, a stall)
      keeps its bytes in DIR/cifar-10-binary.tar.gz.part and the next run resumes it, or starts
      again when the server cannot resume; on any other failure nothing half-written is left
      (exit 1 for a network or server failure, 2 for a bad archive or option).

      EXAMPLES:
        lrsched data download
        lrsched data prepare --from ~/data/cifar-10-batches-bin
        lrsched data synth -o /tmp/synth --train 5000 --test 1000 --seed 1
        lrsched data info /tmp/synth/cifar-10-batches-bin
      """,
    minPositionals: 1, maxPositionals: 2, positionalChoices: actions,
    run: run)

  /// The actions, in the order help lists them.
  static let actions = ["prepare", "synth", "info"]

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let action = a.positionals[0]
    switch action {
    case "download":
      return try DataDownload.run(a, io)
    case "prepare":
      guard let from = a.value("--from") else { throw .usage("data prepare needs --from DIR", command: "data") }
      let out = a.value("--output") ?? CIFAR10Cache.defaultPath()
      let d = try BenchData.wrap {
        try CIFAR10Cache.prepare(from: from, to: out, force: true) { io.err.line($0) }
      }
      io.out.line("wrote \(out): \(d.train.count) training and \(d.test.count) test images")
      return 0
    case "synth":
      let train = try a.int("--train", default: 50_000, min: 0, max: 10_000_000)
      let test = try a.int("--test", default: 10_000, min: 0, max: 10_000_000)
      let seed = try BenchData.seed(a)
      let dir = a.value("--output") ?? "."
      let folder = try BenchData.wrap { try SyntheticCIFAR.synth(train: train, test: test, seed: seed, into: dir) }
      io.out.line("wrote \(folder): \(train) training and \(test) test images (seed \(seed))")
      return 0
    case "info":
      guard a.positionals.count == 2 else { throw .usage("data info needs a PATH", command: "data") }
      let path = a.positionals[1]
      let d: CIFAR10Dataset = try BenchData.wrap { () throws -> CIFAR10Dataset? in
        if let c = CIFAR10Reader.batchFolder(path) { return try CIFAR10Reader.readFolder(c) }
        if let d = try CIFAR10Cache.load(path) { return d }
        return nil
      } ?? {
        // `cifar-cache` without a cache: what bench and find-lr would train on.
        io.err.line("no CIFAR-10 cache at \(CIFAR10Cache.defaultPath()): bench and find-lr use " + BenchData.syntheticSource)
        return SyntheticCIFAR.generate(train: 50_000, test: 10_000, seed: 0)
      }()
      for line in BenchData.infoLines(DatasetInfo(d), origin: d.origin) { io.out.line(line) }
      if let note = BenchData.syntheticNote(d.origin) { io.out.line("note: " + note) }
      return 0
    default:
      let hint = Suggestions.closest(action, ["download", "prepare", "synth", "info"]).map { "; did you mean '\($0)'?" } ?? ""
      throw .usage("unknown data action '\(action)'\(hint)", command: "data")
    }
  }
}

/// Helpers shared by `bench`, `find-lr` and `data`.
enum BenchData {
  /// Maps `BenchError` to CLI errors: argument errors are usage errors (2), I/O and format
  /// problems are input errors (2) with the library's message (it names file and offset).
  static func wrap<T>(_ body: () throws -> T) throws(CLIError) -> T {
    do {
      return try body()
    } catch {
      throw CLIError(any: error)
    }
  }

  // The options `bench` and `find-lr` share.
  static let dataOption = OptionSpec(
    "--data", value: "DATA", help: "cifar-cache (the default cache), a cache file, or a cifar-10-batches-bin folder.",
    default: "cifar-cache")
  static let seedOption = OptionSpec("--seed", value: "S", help: "Seed for initialisation and shuffling.", default: "0")
  static let threadsOption = OptionSpec(
    "--threads", value: "N",
    help: "Threads splitting each batch; auto: one per CPU, at most 4 (results do not depend on N).", default: "auto")

  /// `--threads N|auto` (default auto: `TrainingConfig.automaticThreads`).
  static func threads(_ a: ParsedArguments) throws(CLIError) -> Int {
    if a.value("--threads") == nil || a.value("--threads") == "auto" { return TrainingConfig.automaticThreads }
    return try a.int("--threads", default: 1, min: 1, max: 64)
  }

  static func seed(_ a: ParsedArguments) throws(CLIError) -> UInt64 {
    guard let s = a.value("--seed") else { return 0 }
    guard let v = UInt64(s) else { throw .usage("--seed expects a non-negative integer, got '\(s)'", command: a.command) }
    return v
  }

  /// `--data`: the cache (or a folder/cache path); built-in synthetic data of the real size when
  /// `cifar-cache` has no cache yet, announced in one line on stderr (and by `syntheticNote` in
  /// the summary, the JSON and the plot title).
  static func load(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> CIFAR10Dataset {
    let spec = a.value("--data") ?? "cifar-cache"
    if let d = try wrap({ try CIFAR10Cache.load(spec) { io.err.line($0) } }) { return d }
    io.err.line("no CIFAR-10 cache at \(CIFAR10Cache.defaultPath()): using " + syntheticSource)
    return SyntheticCIFAR.generate(train: 50_000, test: 10_000, seed: 0)
  }

  static let syntheticSource =
    "built-in synthetic data (50000 + 10000 images; 'lrsched data download' or 'lrsched data prepare --from DIR' to use the real set)"

  /// One line when the data is the built-in synthetic set (nil for real data).
  static func syntheticNote(_ origin: CIFAR10Dataset.Origin) -> String? {
    guard case .synthetic = origin else { return nil }
    return describe(origin) + ": no CIFAR-10 cache at \(CIFAR10Cache.defaultPath()); figures are not CIFAR-10's"
  }

  static func describe(_ origin: CIFAR10Dataset.Origin) -> String {
    switch origin {
    case .cache(let p): return "cache \(p)"
    case .folder(let p): return "folder \(p)"
    case .synthetic(let s): return "synthetic data (seed \(s))"
    }
  }

  static func infoLines(_ info: DatasetInfo, origin: CIFAR10Dataset.Origin) -> [String] {
    var lines = [
      "source: \(describe(origin))",
      "images: \(info.trainCount) train, \(info.testCount) test (32x32x3, uint8)",
      "class          train    test",
    ]
    for k in 0..<10 {
      lines.append(
        CIFAR10.classNames[k].padded(12) + cFormat("%8d %7d", info.trainHistogram[k], info.testHistogram[k]))
    }
    lines.append("channel   train mean  train std   test mean   test std")
    for (c, name) in ["R", "G", "B"].enumerated() {
      lines.append(
        name.padded(7)
          + cFormat(
            "%12.4f %10.4f %11.4f %10.4f", info.trainStats.mean[c], info.trainStats.std[c], info.testStats.mean[c],
            info.testStats.std[c]))
    }
    return lines
  }
}

extension String {
  fileprivate func padded(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
