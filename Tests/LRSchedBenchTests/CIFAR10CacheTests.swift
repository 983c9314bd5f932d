#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import LRSchedBench

@Suite struct CIFAR10CacheTests {
  @Test func roundTrip() throws {
    try withTemporaryDirectory { dir in
      let d = SyntheticCIFAR.generate(train: 30, test: 11, seed: 4)
      let path = dir + "/sub/c.cache"
      try CIFAR10Cache.write(d, to: path, source: nil)
      #expect((readBytes(path) ?? []).count == 4096 + 41 * 3073)
      let c = try CIFAR10Cache.open(path)
      #expect(c.origin == .cache(path: path))
      #expect(splitBytes(c.train) == splitBytes(d.train))
      #expect(splitLabels(c.train) == splitLabels(d.train))
      #expect(splitBytes(c.test) == splitBytes(d.test))
      #expect(splitLabels(c.test) == splitLabels(d.test))
      #expect(c.stats == d.stats)
      // No temporary file left behind.
      #expect(PosixFiles.fileSize(path + ".tmp.\(getpid())") == nil)
    }
  }

  @Test func truncatedCacheIsAnErrorNotSIGBUS() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/c.cache"
      try CIFAR10Cache.write(SyntheticCIFAR.generate(train: 4, test: 2, seed: 1), to: path, source: nil)
      let full = (readBytes(path) ?? [])
      writeBytes(path, Array(full.dropLast(5000)))
      let e = expectError({ if case .cacheSize = $0 { return true } else { return false } }) {
        _ = try CIFAR10Cache.open(path)
      }
      #expect(e == .cacheSize(path: path, expected: full.count, actual: full.count - 5000))
      writeBytes(path, Array(full.prefix(100)))  // shorter than the header
      #expect(expectError({ if case .cacheSize = $0 { return true } else { return false } }) { _ = try CIFAR10Cache.open(path) } != nil)
    }
  }

  @Test func aFailedPrepareLeavesNothingItCreated() throws {
    // A truncated batch folder: the build fails, and neither the lock file nor the directories
    // made for the cache stay behind.
    try withTemporaryDirectory { dir in
      let folder = dir + "/cifar-10-batches-bin"
      #expect(mkdir(folder, 0o755) == 0)
      for name in CIFAR10.trainFiles + [CIFAR10.testFile] {
        writeBytes(folder + "/" + name, [UInt8](repeating: 7, count: 3073 * 2 + 100))
      }
      let cache = dir + "/new/deeper/c.cache"
      #expect(throws: BenchError.self) { _ = try CIFAR10Cache.prepare(from: folder, to: cache) }
      #expect(PosixFiles.fileSize(cache + ".lock") == nil)
      #expect(!PosixFiles.isDirectory(dir + "/new"))
      // A lock file that was there before is left alone.
      #expect(mkdir(dir + "/kept", 0o755) == 0)
      writeBytes(dir + "/kept/c.cache.lock", [])
      #expect(throws: BenchError.self) { _ = try CIFAR10Cache.prepare(from: folder, to: dir + "/kept/c.cache") }
      #expect(PosixFiles.fileSize(dir + "/kept/c.cache.lock") == 0)
    }
  }

  @Test func anOpenCacheSurvivesItsFileBeingTruncated() throws {
    // The cache is read into memory: another process truncating the file while a run uses it
    // changes nothing (with a mapping, touching a vanished page raised SIGBUS).
    try withTemporaryDirectory { dir in
      let path = dir + "/c.cache"
      let d = SyntheticCIFAR.generate(train: 30, test: 5, seed: 2)
      try CIFAR10Cache.write(d, to: path, source: nil)
      let c = try CIFAR10Cache.open(path)
      writeBytes(path, [])
      var sum = 0
      for i in 0..<c.train.count {
        for k in 0..<CIFAR10.imageSize { sum &+= Int(c.train.image(i)[k]) }
      }
      var expected = 0
      for i in 0..<d.train.count {
        for k in 0..<CIFAR10.imageSize { expected &+= Int(d.train.image(i)[k]) }
      }
      #expect(sum == expected)
    }
  }

  @Test func shortReadNamesTheByteOffset() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/short.bin"
      writeBytes(path, [UInt8](repeating: 7, count: 100))
      let fd = try PosixFiles.openRead(path)
      defer { close(fd) }
      let buf = UnsafeMutableRawPointer.allocate(byteCount: 200, alignment: 8)
      defer { buf.deallocate() }
      do {
        try PosixFiles.readFully(fd: fd, path: path, into: buf, count: 150, offset: 20)
        Issue.record("expected an error")
      } catch {
        #expect("\(error)".contains(path))
        #expect(error as? BenchError == .shortRead(path: path, offset: 100, expected: 170))
        #expect("\(error)".contains("the file ends at byte 100, expected 170 bytes"))
        #expect(!"\(error)".contains("Input/output"))
      }
    }
  }

  @Test func foreignVersionAndCorruptFilesAreRefused() throws {
    try withTemporaryDirectory { dir in
      let path = dir + "/c.cache"
      writeBytes(path, Array("this is not a cache at all".utf8))
      #expect(expectError({ $0 == .notACache(path: path) }) { _ = try CIFAR10Cache.open(path) } != nil)

      try CIFAR10Cache.write(SyntheticCIFAR.generate(train: 4, test: 2, seed: 1), to: path, source: nil)
      var bytes = (readBytes(path) ?? [])
      var v = bytes
      v[8] = 2  // format version 2
      writeBytes(path, v)
      #expect(expectError({ $0 == .cacheVersion(path: path, found: 2, expected: 1) }) { _ = try CIFAR10Cache.open(path) } != nil)

      v = bytes
      v[20] ^= 1  // header field changed without its checksum
      writeBytes(path, v)
      #expect(expectError({ $0 == .cacheChecksum(path: path, part: "header") }) { _ = try CIFAR10Cache.open(path) } != nil)

      bytes[4096 + 777] ^= 0x40  // one pixel bit
      writeBytes(path, bytes)
      #expect(expectError({ $0 == .cacheChecksum(path: path, part: "data") }) { _ = try CIFAR10Cache.open(path) } != nil)
      #expect((try? CIFAR10Cache.open(path, verify: false)) != nil)
    }
  }

  @Test func prepareReusesAndRebuildsWhenTheSourceChanges() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 12, test: 4, seed: 1, into: dir + "/a")
      let cache = dir + "/cache/c.cache"
      var log: [String] = []
      let first = try CIFAR10Cache.prepare(from: folder, to: cache) { log.append($0) }
      #expect(first.train.count == 12)
      #expect(log.count == 1 && log[0].hasPrefix("building cache"))
      let header = try CIFAR10Cache.readHeader(cache)
      #expect(header.source == SourceStamp(folder: folder))
      _ = try CIFAR10Cache.prepare(from: folder, to: cache) { log.append($0) }
      #expect(log.count == 1)  // up to date: reused
      // New data in the folder: the cache is stale and rebuilt.
      _ = try SyntheticCIFAR.synth(train: 15, test: 4, seed: 2, into: dir + "/a")
      let rebuilt = try CIFAR10Cache.prepare(from: folder, to: cache) { log.append($0) }
      #expect(log.count == 2 && log[1].hasPrefix("rebuilding cache"))
      #expect(rebuilt.train.count == 15)
    }
  }

  @Test func concurrentPreparesLeaveOneValidCache() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 40, test: 10, seed: 5, into: dir)
      let cache = dir + "/c.cache"
      // One slot per thread, written through a raw buffer: concurrent writes to distinct
      // elements of one Swift Array are an exclusivity violation (ThreadSanitizer reports it).
      final class Box: @unchecked Sendable {
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        init() { counts.initialize(repeating: -1, count: 4) }
        deinit { counts.deallocate() }
      }
      let box = Box()
      var threads: [pthread_t] = []
      final class Arg { let i: Int; let folder: String; let cache: String; let box: Box
        init(_ i: Int, _ f: String, _ c: String, _ b: Box) { self.i = i; folder = f; cache = c; box = b } }
      for i in 0..<4 {
        var t = pthread_t()
        let arg = Unmanaged.passRetained(Arg(i, folder, cache, box)).toOpaque()
        pthread_create(&t, nil, { raw in
          let a = Unmanaged<Arg>.fromOpaque(raw!).takeRetainedValue()
          a.box.counts[a.i] = (try? CIFAR10Cache.prepare(from: a.folder, to: a.cache).train.count) ?? -2
          return nil
        }, arg)
        threads.append(t)
      }
      for t in threads { pthread_join(t, nil) }
      #expect(Array(UnsafeBufferPointer(start: box.counts, count: 4)) == [40, 40, 40, 40])
      let c = try CIFAR10Cache.open(cache)
      #expect(splitBytes(c.train) == splitBytes(SyntheticCIFAR.generate(train: 40, test: 10, seed: 5).train))
    }
  }

  @Test func loadResolvesFoldersAndFiles() throws {
    try withTemporaryDirectory { dir in
      let folder = try SyntheticCIFAR.synth(train: 8, test: 2, seed: 1, into: dir)
      let cache = dir + "/x.cache"
      try CIFAR10Cache.write(try CIFAR10Reader.readFolder(folder), to: cache, source: nil)
      let d = try CIFAR10Cache.load(cache)
      #expect(d?.train.count == 8)
      #expect(expectError({ if case .missingFile = $0 { return true } else { return false } }) { _ = try CIFAR10Cache.load(dir + "/nope") } != nil)
    }
  }
}
