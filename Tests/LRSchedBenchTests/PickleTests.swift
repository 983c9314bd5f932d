import LRSchedBench
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// torchvision's `cifar-10-batches-py` through the restricted unpickler, on fixtures written by
/// `Scripts/gen-cifar-pickles.py` with the real Python and numpy (and read back there as
/// torchvision reads them); `expected.txt` holds each image's label and byte sum from numpy.
@Suite struct PickleTests {
  static let fixtures = "/" + #filePath.split(separator: "/").dropLast().joined(separator: "/") + "/Fixtures/pickles"

  static func expected() -> [(file: String, index: Int, label: Int, sum: Int)] {
    let text = String(decoding: readAll(fixtures + "/expected.txt"), as: UTF8.self)
    return text.split(separator: "\n").map { line in
      let f = line.split(separator: " ")
      return (String(f[0]), Int(f[1])!, Int(f[2])!, Int(f[3])!)
    }
  }

  static func readAll(_ path: String) -> [UInt8] {
    guard let f = fopen(path, "rb") else { return [] }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buf, 1, buf.count, f)
      if n <= 0 { break }
      out += buf[0..<n]
    }
    return out
  }

  @Test(arguments: ["good", "py3"])
  func batchesMatchNumpy(variant: String) throws {
    let folder = Self.fixtures + "/\(variant)/cifar-10-batches-py"
    for e in Self.expected() {
      let b = try CIFAR10Pickle.readBatch(folder + "/" + e.file)
      #expect(b.count == (e.file == "test_batch" ? 5 : 7))
      #expect(Int(b.labels[e.index]) == e.label)
      let start = b.pixels.startIndex + e.index * 3072
      #expect(b.pixels[start..<(start + 3072)].reduce(0) { $0 + Int($1) } == e.sum, "\(e.file) \(e.index)")
    }
  }

  @Test func aFolderReadsLikeTheBinaryFormat() throws {
    // The parent folder or the folder itself, as for cifar-10-batches-bin.
    for path in [Self.fixtures + "/good", Self.fixtures + "/good/cifar-10-batches-py"] {
      #expect(CIFAR10Reader.batchFolder(path) == Self.fixtures + "/good/cifar-10-batches-py")
      let d = try CIFAR10Reader.readFolder(path)
      #expect(d.train.count == 35 && d.test.count == 5)
      let e = Self.expected()
      // Image 2 of data_batch_2 is training image 7 + 2.
      let row = e.first { $0.file == "data_batch_2" && $0.index == 2 }!
      #expect(d.train.label(9) == row.label)
      #expect((0..<3072).reduce(0) { $0 + Int(d.train.image(9)[$1]) } == row.sum)
      let t = e.first { $0.file == "test_batch" && $0.index == 4 }!
      #expect(d.test.label(4) == t.label)
    }
  }

  @Test(arguments: [
    ("os-system", "refers to posix.system: refused"),
    ("builtins-eval", "refers to builtins.eval: refused"),
    ("reconstruct-other", "refers to os.system: refused"),
    ("truncated", "truncated"),
    ("huge-length", "runs past the end of the file"),
    ("unknown-opcode", "opcode 0x49 ('I') is not an opcode"),
    ("not-a-pickle", "not a pickle"),
    ("shape-mismatch", "array shape [3, 2816] needs 8448 bytes, the pickle holds 9216"),
  ])
  func hostileOrBrokenPicklesAreRefused(name: String, reason: String) {
    let path = Self.fixtures + "/hostile/" + name
    unlink("/tmp/lrsched-pickle-pwned")
    do {
      _ = try CIFAR10Pickle.readBatch(path)
      Issue.record("\(name) was accepted")
    } catch let e as BenchError {
      #expect(e.description.contains(reason), "\(e.description)")
      #expect(e.description.hasPrefix(path + ": byte "))
    } catch {
      Issue.record("unexpected \(error)")
    }
    #expect(access("/tmp/lrsched-pickle-pwned", F_OK) != 0)
  }
}
