import Testing

/// `--data` and `data info/prepare` on torchvision's `cifar-10-batches-py` (fixtures of
/// LRSchedBenchTests, written by Scripts/gen-cifar-pickles.py with the real Python and numpy).
@Suite struct PickleDataTests {
  static let pickles =
    "/" + #filePath.split(separator: "/").dropLast(2).joined(separator: "/") + "/LRSchedBenchTests/Fixtures/pickles"

  @Test func infoPrepareAndBenchReadThePickles() {
    let folder = Self.pickles + "/good/cifar-10-batches-py"
    let info = lrsched("data", "info", Self.pickles + "/good")
    #expect(info.code == 0, "\(info.err)")
    #expect(info.out.hasPrefix("source: folder \(folder)\nimages: 35 train, 5 test (32x32x3, uint8)\n"))
    let cache = makeTempDir() + "/p.cache"
    let prep = lrsched("data", "prepare", "--from", folder, "-o", cache)
    #expect(prep.code == 0, "\(prep.err)")
    #expect(prep.out == "wrote \(cache): 35 training and 5 test images\n")
    let bench = lrsched("bench", "--data", cache, "--epochs", "1", "--batch-size", "8", "--threads", "1")
    #expect(bench.code == 0, "\(bench.err)")
    #expect(!bench.out.contains("synthetic"))
  }

  @Test func aHostilePickleIsBadInputAndNothingRuns() {
    let dir = makeTempDir()
    mkdir(dir + "/cifar-10-batches-py", 0o755)
    func put(_ name: String, _ bytes: [UInt8]) {
      let f = fopen(dir + "/cifar-10-batches-py/" + name, "wb")!
      fwrite(bytes, 1, bytes.count, f)
      fclose(f)
    }
    for name in ["data_batch_1", "data_batch_2", "data_batch_4", "data_batch_5", "test_batch"] {
      put(name, readBytes(Self.pickles + "/good/cifar-10-batches-py/" + name)!)
    }
    put("data_batch_3", readBytes(Self.pickles + "/hostile/os-system")!)
    // The offset is GLOBAL 'posix system''s, as `python3 -m pickletools` lists it.
    let r = lrsched("data", "info", dir)
    #expect(r.code == 2)
    #expect(r.err == "error: \(dir)/cifar-10-batches-py/data_batch_3: byte 17: refers to posix.system: refused (only numpy's array reconstruction is accepted; nothing is executed)\n")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
