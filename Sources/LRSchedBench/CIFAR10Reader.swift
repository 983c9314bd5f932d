#if canImport(Glibc)
import Glibc
#endif

/// Reads the CIFAR-10 binary format: `data_batch_1.bin` ... `data_batch_5.bin` and `test_batch.bin`.
///
/// Every file is validated before its bytes are used: the size must be a multiple of 3,073
/// (otherwise `BenchError.truncatedRecord` names the byte offset of the incomplete record) and every
/// label must be 0-9 (`BenchError.badLabel` names the record's offset). Any record count works, so
/// the real files (10,000 records each) and small generated ones go through the same code.
public enum CIFAR10Reader {
  /// Resolves `path` to the folder holding the batch files: `path` itself or
  /// `path/cifar-10-batches-bin`, else torchvision's pickles (`CIFAR10Pickle.batchFolder`).
  public static func batchFolder(_ path: String) -> String? {
    binaryFolder(path) ?? CIFAR10Pickle.batchFolder(path)
  }

  static func binaryFolder(_ path: String) -> String? {
    for candidate in [path, PosixFiles.join(path, CIFAR10.folderName)] {
      if PosixFiles.fileSize(PosixFiles.join(candidate, CIFAR10.testFile)) != nil
        || PosixFiles.fileSize(PosixFiles.join(candidate, CIFAR10.trainFiles[0])) != nil
      {
        return candidate
      }
    }
    return nil
  }

  /// The six files in reading order (train files first); the pickles' names in a
  /// `cifar-10-batches-py` folder.
  public static func files(in folder: String) -> [String] {
    if binaryFolder(folder) == nil && CIFAR10Pickle.batchFolder(folder) == folder { return CIFAR10Pickle.files(in: folder) }
    return (CIFAR10.trainFiles + [CIFAR10.testFile]).map { PosixFiles.join(folder, $0) }
  }

  /// Number of records in `path`, after checking that the size is a whole number of records.
  public static func recordCount(_ path: String) throws -> Int {
    guard let size = PosixFiles.fileSize(path) else { throw BenchError.missingFile(path: path) }
    if size % CIFAR10.recordSize != 0 {
      throw BenchError.truncatedRecord(
        path: path, offset: size / CIFAR10.recordSize * CIFAR10.recordSize, fileSize: size)
    }
    return size / CIFAR10.recordSize
  }

  /// Reads the whole folder into one block laid out as the cache's data region.
  public static func readFolder(_ path: String) throws -> CIFAR10Dataset {
    guard let folder = batchFolder(path) else {
      throw BenchError.missingFile(path: PosixFiles.join(path, CIFAR10.testFile))
    }
    if binaryFolder(folder) == nil { return try CIFAR10Pickle.readFolder(folder) }
    let paths = files(in: folder)
    let counts = try paths.map(recordCount)
    let trainCount = counts.dropLast().reduce(0, +)
    let testCount = counts.last!
    let storage = ByteStorage(allocating: CIFAR10Dataset.dataSize(train: trainCount, test: testCount))
    let pixels = storage.base.assumingMemoryBound(to: UInt8.self)
    let labels = pixels + (trainCount + testCount) * CIFAR10.imageSize
    var first = 0
    for (path, count) in zip(paths, counts) {
      try readFile(path, count: count, pixels: pixels + first * CIFAR10.imageSize, labels: labels + first)
      first += count
    }
    return CIFAR10Dataset(
      storage: storage, offset: 0, trainCount: trainCount, testCount: testCount, stats: nil,
      origin: .folder(path: folder))
  }

  /// Reads `count` records of `path`, scattering pixels and labels into the two destinations.
  static func readFile(
    _ path: String, count: Int, pixels: UnsafeMutablePointer<UInt8>, labels: UnsafeMutablePointer<UInt8>
  ) throws {
    let fd = try PosixFiles.openRead(path)
    defer { close(fd) }
    let chunkRecords = 1024
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkRecords * CIFAR10.recordSize, alignment: 64)
    defer { buffer.deallocate() }
    var record = 0
    while record < count {
      let n = min(chunkRecords, count - record)
      try PosixFiles.readFully(fd: fd, path: path, into: buffer, count: n * CIFAR10.recordSize, offset: record * CIFAR10.recordSize)
      let bytes = buffer.assumingMemoryBound(to: UInt8.self)
      for k in 0..<n {
        let rec = bytes + k * CIFAR10.recordSize
        let label = rec[0]
        if label > 9 {
          throw BenchError.badLabel(path: path, offset: (record + k) * CIFAR10.recordSize, label: label)
        }
        labels[record + k] = label
        (pixels + (record + k) * CIFAR10.imageSize).update(from: rec + 1, count: CIFAR10.imageSize)
      }
      record += n
    }
  }

  /// Writes records in the CIFAR-10 binary format (label byte + 3,072 pixel bytes each).
  public static func writeFile(
    _ path: String, pixels: UnsafePointer<UInt8>, labels: UnsafePointer<UInt8>, count: Int
  ) throws {
    try PosixFiles.writeAtomically(path) { fd, tmp in
      let chunk = 1024
      let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: chunk * CIFAR10.recordSize)
      defer { buffer.deallocate() }
      var i = 0
      while i < count {
        let n = min(chunk, count - i)
        for k in 0..<n {
          let rec = buffer + k * CIFAR10.recordSize
          rec[0] = labels[i + k]
          (rec + 1).update(from: pixels + (i + k) * CIFAR10.imageSize, count: CIFAR10.imageSize)
        }
        try PosixFiles.writeFully(fd: fd, path: tmp, buffer, count: n * CIFAR10.recordSize)
        i += n
      }
    }
  }

  /// Writes `dataset` as a `cifar-10-batches-bin` folder: the training split divided over the
  /// five `data_batch_*.bin` files as evenly as possible, the test split in `test_batch.bin`.
  public static func writeFolder(_ dataset: CIFAR10Dataset, to folder: String) throws {
    try PosixFiles.makeDirectories(folder)
    let n = dataset.train.count
    for (k, name) in CIFAR10.trainFiles.enumerated() {
      let lo = n * k / 5
      let hi = n * (k + 1) / 5
      try writeFile(
        PosixFiles.join(folder, name), pixels: dataset.train.image(lo), labels: dataset.train.labels + lo, count: hi - lo)
    }
    try writeFile(
      PosixFiles.join(folder, CIFAR10.testFile), pixels: dataset.test.pixels, labels: dataset.test.labels,
      count: dataset.test.count)
    let meta = CIFAR10.classNames.joined(separator: "\n") + "\n\n"
    try PosixFiles.writeFile(PosixFiles.join(folder, "batches.meta.txt"), bytes: Array(meta.utf8))
  }
}
