import LRSchedBench
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Replays the data readers' fuzz inputs (Sources/LRSchedFuzz, Scripts/fuzz.sh): the committed
/// seed corpus and any crash or hang saved under `Tests/Fuzz/regressions/TARGET/`, through the
/// same calls the `pickle`, `archive`, `cifar` and `cache` targets make. Each input may be
/// refused with an error; none may crash or hang the process.
@Suite struct FuzzReplayTests {
  static let fuzz = "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/Fuzz"

  static func inputs(_ target: String) -> [String] {
    ["corpus", "regressions"].flatMap { kind in
      let dir = "\(fuzz)/\(kind)/\(target)"
      return listDir(dir).map { dir + "/" + $0 }
    }
  }

  @Test(arguments: ["pickle", "archive", "cifar", "cache"])
  func inputsAreReadOrRefused(target: String) throws {
    let files = Self.inputs(target)
    if target == "pickle" || target == "archive" { #expect(!files.isEmpty) }
    for file in files {
      let bytes = readBytes(file) ?? []
      let dir = makeTempDir()
      switch target {
      case "pickle":
        writeBytes(dir + "/data_batch_1", bytes)
        _ = try? CIFAR10Pickle.readBatch(dir + "/data_batch_1")
      case "archive":
        writeBytes(dir + "/a.tar.gz", bytes)
        mkdir(dir + "/out", 0o755)
        _ = try? CIFAR10Download.unpack(dir + "/a.tar.gz", into: dir + "/out")
      case "cifar":
        mkdir(dir + "/cifar-10-batches-bin", 0o755)
        writeBytes(dir + "/cifar-10-batches-bin/data_batch_1.bin", bytes)
        _ = try? CIFAR10Reader.readFolder(dir + "/cifar-10-batches-bin")
      default:
        writeBytes(dir + "/fuzz.cache", bytes)
        _ = try? CIFAR10Cache.open(dir + "/fuzz.cache")
      }
    }
  }
}
