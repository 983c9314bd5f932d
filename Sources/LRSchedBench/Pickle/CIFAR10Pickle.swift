#if canImport(Glibc)
import Glibc
#endif

/// torchvision's `cifar-10-batches-py` folder (what `torchvision.datasets.CIFAR10(download=True)`
/// unpacks from cifar-10-python.tar.gz): `data_batch_1` … `data_batch_5` and `test_batch`, each a
/// pickled dict whose `data` is a uint8 array N × 3072 (R plane, G plane, B plane per row, the
/// binary format's pixel layout) and whose `labels` is a list of N ints 0–9. torchvision reads
/// them in `CIFAR10._load_meta`/`__init__` (`pickle.load(f, encoding="latin1")`); here they go
/// through `RestrictedUnpickler`, which never executes anything.
public enum CIFAR10Pickle {
  public static let folderName = "cifar-10-batches-py"
  public static let trainFiles = (1...5).map { "data_batch_\($0)" }
  public static let testFile = "test_batch"
  /// Larger than any real batch (31 MB); a bound on what is read into memory.
  static let maxFileSize = 256 << 20

  /// `path` or `path/cifar-10-batches-py` when it holds the pickled batches.
  public static func batchFolder(_ path: String) -> String? {
    for candidate in [path, PosixFiles.join(path, folderName)] {
      if PosixFiles.fileSize(PosixFiles.join(candidate, testFile)) != nil
        || PosixFiles.fileSize(PosixFiles.join(candidate, trainFiles[0])) != nil
      {
        return candidate
      }
    }
    return nil
  }

  public static func files(in folder: String) -> [String] {
    (trainFiles + [testFile]).map { PosixFiles.join(folder, $0) }
  }

  /// One batch: its pixels (`count` × 3,072 bytes) and labels.
  public struct Batch {
    public var count: Int
    public var pixels: ArraySlice<UInt8>
    public var labels: [UInt8]
  }

  public static func readBatch(_ path: String) throws -> Batch {
    guard let size = PosixFiles.fileSize(path) else { throw BenchError.missingFile(path: path) }
    guard size <= maxFileSize else {
      throw BenchError.pickle(path: path, offset: 0, reason: "\(size) bytes is larger than any CIFAR-10 batch")
    }
    var bytes = [UInt8](repeating: 0, count: size)
    if size > 0 {
      let fd = try PosixFiles.openRead(path)
      defer { close(fd) }
      try bytes.withUnsafeMutableBytes { try PosixFiles.readFully(fd: fd, path: path, into: $0.baseAddress!, count: size, offset: 0) }
    }
    guard size >= 2, bytes[0] == 0x80 else {
      throw BenchError.pickle(path: path, offset: 0, reason: "not a pickle (protocol 2 or later)")
    }
    var u = RestrictedUnpickler(bytes: bytes, path: path)
    let value = try u.load()
    func fail(_ why: String) -> BenchError { .pickle(path: path, offset: 0, reason: why) }
    guard case .dict(let keys, let values) = value else { throw fail("the pickle is not a dict") }
    func entry(_ name: String) -> RestrictedUnpickler.Value? {
      keys.firstIndex { u.text($0) == name }.map { values[$0] }
    }
    guard case .array(let shape, let data)? = entry("data") else { throw fail("no 'data' array") }
    guard shape.count == 2, shape[1] == CIFAR10.imageSize else {
      throw fail("'data' has shape \(shape), expected (N, 3072)")
    }
    guard case .list(let items)? = entry("labels") ?? entry("fine_labels") else { throw fail("no 'labels' list") }
    guard items.count == shape[0] else { throw fail("\(items.count) labels for \(shape[0]) images") }
    var labels = [UInt8](repeating: 0, count: items.count)
    for (i, v) in items.enumerated() {
      guard case .int(let l) = v, (0...9).contains(l) else { throw fail("label \(i) is not an int 0-9") }
      labels[i] = UInt8(l)
    }
    return Batch(count: shape[0], pixels: bytes[data], labels: labels)
  }

  /// Reads the six batches into one block laid out as the cache's data region.
  static func readFolder(_ folder: String) throws -> CIFAR10Dataset {
    let batches = try files(in: folder).map(readBatch)
    let trainCount = batches.dropLast().reduce(0) { $0 + $1.count }
    let testCount = batches.last!.count
    let storage = ByteStorage(allocating: CIFAR10Dataset.dataSize(train: trainCount, test: testCount))
    let pixels = storage.base.assumingMemoryBound(to: UInt8.self)
    let labels = pixels + (trainCount + testCount) * CIFAR10.imageSize
    var first = 0
    for b in batches {
      b.pixels.withUnsafeBufferPointer { (pixels + first * CIFAR10.imageSize).update(from: $0.baseAddress!, count: $0.count) }
      b.labels.withUnsafeBufferPointer { (labels + first).update(from: $0.baseAddress!, count: $0.count) }
      first += b.count
    }
    return CIFAR10Dataset(
      storage: storage, offset: 0, trainCount: trainCount, testCount: testCount, stats: nil, origin: .folder(path: folder))
  }
}
