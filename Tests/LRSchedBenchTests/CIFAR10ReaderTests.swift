import Testing
@testable import LRSchedBench

@Suite struct CIFAR10ReaderTests {
  @Test func synthFolderRoundTrip() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 23, test: 7, seed: 3, into: dir)
      #expect(folder == dir + "/cifar-10-batches-bin")
      // 23 records over five files: 4, 5, 4, 5, 5 (n·k/5 boundaries).
      let counts = try CIFAR10Reader.files(in: folder).map(CIFAR10Reader.recordCount)
      #expect(counts == [4, 5, 4, 5, 5, 7])
      #expect((readBytes(folder + "/test_batch.bin") ?? []).count == 7 * 3073)
      let d = try CIFAR10Reader.readFolder(dir)  // parent folder works too
      let g = SyntheticCIFAR.generate(train: 23, test: 7, seed: 3)
      #expect(d.train.count == 23 && d.test.count == 7)
      #expect(splitBytes(d.train) == splitBytes(g.train))
      #expect(splitLabels(d.train) == splitLabels(g.train))
      #expect(splitBytes(d.test) == splitBytes(g.test))
      #expect(splitLabels(d.test) == splitLabels(g.test))
      #expect(d.stats == g.stats)
    }
  }

  @Test func recordLayoutIsLabelThenPlanarPixels() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 5, test: 1, seed: 1, into: dir)
      let raw = (readBytes(folder + "/data_batch_1.bin") ?? [])
      #expect(raw.count == 3073)
      let d = try CIFAR10Reader.readFolder(folder)
      #expect(raw[0] == d.train.labels[0])
      // Red plane first, then green, then blue, as stored.
      #expect(Array(raw[1...1024]) == Array(UnsafeBufferPointer(start: d.train.image(0), count: 1024)))
      #expect(raw[2049] == d.train.image(0)[2048])
    }
  }

  @Test func truncatedFileNamesFileAndOffset() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 10, test: 3, seed: 1, into: dir)
      let path = folder + "/data_batch_3.bin"
      let bytes = (readBytes(path) ?? [])
      writeBytes(path, Array(bytes.dropLast(100)))
      let e = expectError({ if case .truncatedRecord = $0 { return true } else { return false } }) {
        _ = try CIFAR10Reader.readFolder(folder)
      }
      #expect(e == .truncatedRecord(path: path, offset: 3073, fileSize: 2 * 3073 - 100))
      #expect(e?.description.contains("data_batch_3.bin: truncated: incomplete record at byte offset 3073") == true)
    }
  }

  @Test func badLabelNamesFileAndOffset() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 10, test: 3, seed: 1, into: dir)
      let path = folder + "/test_batch.bin"
      var bytes = (readBytes(path) ?? [])
      bytes[2 * 3073] = 10
      writeBytes(path, bytes)
      let e = expectError({ if case .badLabel = $0 { return true } else { return false } }) {
        _ = try CIFAR10Reader.readFolder(folder)
      }
      #expect(e == .badLabel(path: path, offset: 6146, label: 10))
      #expect(e?.description == "\(path): bad label 10 at byte offset 6146 (labels are 0-9)")
    }
  }

  @Test func missingFileIsReported() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 10, test: 3, seed: 1, into: dir)
      _ = unlink(folder + "/data_batch_5.bin")
      let e = expectError({ if case .missingFile = $0 { return true } else { return false } }) {
        _ = try CIFAR10Reader.readFolder(folder)
      }
      #expect(e == .missingFile(path: folder + "/data_batch_5.bin"))
    }
  }

  @Test func infoCountsHistogramAndStats() throws {
    let d = SyntheticCIFAR.generate(train: 200, test: 50, seed: 9)
    let info = DatasetInfo(d)
    #expect(info.trainHistogram.reduce(0, +) == 200)
    #expect(info.testHistogram.reduce(0, +) == 50)
    // Direct computation in Double.
    for c in 0..<3 {
      var s = 0.0
      var q = 0.0
      for i in 0..<200 {
        for k in 0..<1024 {
          let v = Double(d.train.image(i)[c * 1024 + k]) / 255
          s += v
          q += v * v
        }
      }
      let n = 200.0 * 1024
      let mean = s / n
      let std = (q / n - mean * mean).squareRoot()
      #expect(abs(info.trainStats.mean[c] - mean) < 1e-12)
      #expect(abs(info.trainStats.std[c] - std) < 1e-9)
    }
  }
}
