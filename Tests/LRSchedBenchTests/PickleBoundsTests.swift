import LRSchedBench
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The restricted unpickler's bounds on memory and time: pickles that are valid by the format
/// (opcodes as `pickletools` documents them, written byte by byte here) but built to exhaust a
/// reader — nesting a million deep, re-memoising a growing list, a file far larger than a batch.
@Suite struct PickleBoundsTests {
  /// PROTO 2, `body`, STOP.
  static func pickle(_ body: [UInt8]) -> [UInt8] { [0x80, 2] + body + [0x2E] }

  /// Writes `bytes` to a fresh file and reads it as a batch; returns the error's text.
  static func refusal(_ bytes: [UInt8], seconds limit: Double = 60) -> String {
    let path = makeTempDir() + "/data_batch_1"
    #expect(writeBytes(path, bytes))
    var start = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    defer {
      var end = timespec()
      clock_gettime(CLOCK_MONOTONIC, &end)
      let elapsed = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
      #expect(elapsed < limit, "took \(elapsed) s")
    }
    do {
      _ = try CIFAR10Pickle.readBatch(path)
      return "accepted"
    } catch {
      return "\(error)"
    }
  }

  @Test func aMillionNestedTuplesAreRefusedNotFreedRecursively() {
    // None, then TUPLE1 a million times: (((None,),),)… A reader that builds it overflows the
    // stack when the value is freed.
    let bytes = Self.pickle([0x4E] + [UInt8](repeating: 0x85, count: 1_000_000))
    #expect(Self.refusal(bytes).contains("byte 67: values nested more than 64 deep"))
  }

  @Test func nestedListsAndDictsAreBoundedToo() {
    // 100 empty lists, then APPEND 99 times: each list goes into the one below it.
    let lists = Self.pickle([UInt8](repeating: 0x5D, count: 100) + [UInt8](repeating: 0x61, count: 99))
    #expect(Self.refusal(lists).contains("values nested more than 64 deep"))
    // A dict holding a dict holding … (EMPTY_DICT, key, then SETITEM from the inside out).
    var body: [UInt8] = []
    for _ in 0..<100 { body += [0x7D, 0x4B, 1] }  // {  1
    body += [0x4E] + [UInt8](repeating: 0x73, count: 100)  // None, SETITEM × 100
    #expect(Self.refusal(Self.pickle(body)).contains("values nested more than 64 deep"))
    // Through the memo: t = (t, t) sixty-five times.
    var memo: [UInt8] = [0x4E, 0x85, 0x71, 0]  // (None,) BINPUT 0
    for _ in 0..<70 { memo += [0x68, 0, 0x68, 0, 0x86, 0x71, 0] }  // BINGET 0 BINGET 0 TUPLE2 BINPUT 0
    #expect(Self.refusal(Self.pickle(memo)).contains("values nested more than 64 deep"))
  }

  @Test func nestingAsDeepAsARealBatchIsRead() {
    // {'data': …} shapes aside, 60 nested tuples are within the bound and reach the dict check.
    let bytes = Self.pickle([0x4E] + [UInt8](repeating: 0x85, count: 60))
    #expect(Self.refusal(bytes).contains("the pickle is not a dict"))
  }

  @Test func aListRememoisedAfterEachAppendIsRefused() {
    // EMPTY_LIST, then (None APPEND BINPUT 0) 400,000 times: the memo would hold the growing
    // list, so each append would copy it (time quadratic in its length). pickle memoises a list
    // once, while it is empty.
    let step = [UInt32](repeating: UInt32(littleEndian: 0x0071_614E), count: 400_000).withUnsafeBytes { Array($0) }
    let body: [UInt8] = [0x5D, 0x71, 0] + step
    #expect(Self.refusal(Self.pickle(body)).contains("byte 7: a list memoised after it was filled; refused"))
  }

  /// `count` BININT1 1 opcodes (0x4B 0x01), built as 16-bit words so a debug build is quick.
  static func ones(_ count: Int) -> [UInt8] {
    [UInt16](repeating: UInt16(littleEndian: 0x014B), count: count).withUnsafeBytes { Array($0) }
  }

  @Test func aListOfMillionsOfValuesIsRefusedEarly() {
    // EMPTY_LIST BINPUT 0, then APPENDS batches of 1,000 ints (as pickle writes them): 100,000
    // items are read (then the file is found not to be a dict); 4,000,000 (an 8 MB file; a
    // 256 MB one would hold 128 million values, gigabytes in memory) are refused once the value
    // budget is spent.
    let batch = [0x28] + Self.ones(1_000) + [0x65]
    func list(_ batches: Int) -> [UInt8] {
      var out: [UInt8] = [0x5D, 0x71, 0]
      out.reserveCapacity(batches * batch.count + 8)
      for _ in 0..<batches { out += batch }
      return Self.pickle(out)
    }
    #expect(Self.refusal(list(100)).contains("the pickle is not a dict"))
    #expect(Self.refusal(list(4_000)).contains("more than 262144 values; refused"))
  }

  @Test func aFileLargerThanAnyBatchIsNotRead() {
    // A sparse 1 GiB file: refused by its size, before any byte is read into memory.
    let path = makeTempDir() + "/data_batch_1"
    let fd = open(path, O_WRONLY | O_CREAT, 0o644)
    #expect(fd >= 0)
    #expect(ftruncate(fd, 1 << 30) == 0)
    close(fd)
    do {
      _ = try CIFAR10Pickle.readBatch(path)
      Issue.record("accepted")
    } catch {
      #expect("\(error)" == "\(path): byte 0: 1073741824 bytes is larger than any CIFAR-10 batch")
    }
  }
}
