import LRSchedBench

/// `lrsched data download`: the CLI side of `CIFAR10Download` (options, progress, messages).
enum DataDownload {
  static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    guard a.positionals.count == 1 else { throw .usage("data download takes no PATH (use -o DIR)", command: "data") }
    var o = CIFAR10Download.Options()
    if let u = a.value("--url") {
      guard u.hasPrefix("https://") || u.hasPrefix("http://") else {
        throw .usage("--url must be an http:// or https:// address, got '\(u)'", command: "data")
      }
      o.url = u
    }
    if let m = a.value("--md5") { o.md5 = m }
    if a.value("--size") != nil {
      o.size = Int64(try a.int("--size", default: 0, min: 1, max: Int(CIFAR10Download.maxSize)))
    }
    o.stallSeconds = try a.int("--timeout", default: o.stallSeconds, min: 1, max: 3600)
    o.connectSeconds = min(o.connectSeconds, o.stallSeconds)
    o.cachePath = a.value("--cache") ?? CIFAR10Download.defaultCachePath
    o.directory = a.value("--output") ?? FileIO.dirname(CIFAR10Download.defaultCachePath)
    let stop = StopFlag.installInterruptHandler()
    let bar = DownloadProgress(io: io)
    let dataset: CIFAR10Dataset
    do {
      dataset = try BenchData.wrap {
        try CIFAR10Download.run(o) { event in
          switch event {
          case .progress(let now, let total): bar.update(now, total)
          case .note(let line):
            bar.clear()
            io.err.line(line)
          }
          return !stop.isRequested
        }
      }
    } catch {
      bar.clear()
      throw error
    }
    bar.clear()
    io.out.line("wrote \(o.cachePath): \(dataset.train.count) training and \(dataset.test.count) test images")
    return 0
  }
}

extension CIFAR10Download {
  static var defaultCachePath: String { CIFAR10Cache.defaultPath() }
}

extension FileIO {
  /// The folder part of a path ("." when there is none).
  static func dirname(_ path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }
}

/// `downloading 45.2 / 170.1 MB  26%` on stderr, redrawn at most once per percent; only when
/// stderr is a terminal.
final class DownloadProgress: StatusLine {
  func update(_ now: Int64, _ total: Int64) {
    let mb = 1_000_000.0
    let percent = total > 0 ? Int(now * 100 / total) : Int(now / 10_000_000)
    draw(key: percent) {
      total > 0
        ? cFormat("downloading %.1f / %.1f MB  %d%%", Double(now) / mb, Double(total) / mb, percent)
        : cFormat("downloading %.1f MB", Double(now) / mb)
    }
  }
}
