#if canImport(Glibc)
import Glibc
#endif

/// Everything that can go wrong in `LRSchedBench`: each case names the file (and byte offset
/// where it applies) so the CLI can print it as is.
public enum BenchError: Error, Equatable, CustomStringConvertible, Sendable {
  /// A system call failed (`open`, `read`, `write`, `mmap`, `rename`, ...).
  case io(path: String, operation: String, errno: Int32)
  /// A file ended before the bytes a read needed (it shrank after its size was checked).
  case shortRead(path: String, offset: Int, expected: Int)
  /// A required CIFAR-10 batch file is missing from the folder.
  case missingFile(path: String)
  /// The file size is not a multiple of 3,073 bytes; `offset` is where the incomplete record starts.
  case truncatedRecord(path: String, offset: Int, fileSize: Int)
  /// A record's label byte is outside 0...9.
  case badLabel(path: String, offset: Int, label: UInt8)
  /// The file does not start with the cache magic.
  case notACache(path: String)
  /// The cache was written by another format version.
  case cacheVersion(path: String, found: UInt32, expected: UInt32)
  /// The file is shorter (or longer) than its header says.
  case cacheSize(path: String, expected: Int, actual: Int)
  /// Header or data checksum mismatch.
  case cacheChecksum(path: String, part: String)
  /// A cache built from a folder whose files changed since.
  case cacheStale(path: String, reason: String)
  /// A parameter value out of range.
  case invalidArgument(name: String, value: String, reason: String)
  /// The schedule failed to advance.
  case schedule(message: String)
  /// A downloaded or given archive is corrupt, truncated or holds a member it must not.
  case archive(path: String, reason: String)
  /// A file's MD5 differs from the published one.
  case checksum(path: String, expected: String, actual: String)
  /// The server or the network failed (HTTP error, refused connection, timeout, libcurl missing).
  case network(url: String, reason: String)
  /// A Python pickle the restricted reader refuses (unknown opcode, a call, bad structure).
  case pickle(path: String, offset: Int, reason: String)

  public var description: String {
    switch self {
    case let .io(path, operation, errno):
      return "\(path): \(operation) failed: \(String(cString: strerror(errno)))"
    case let .shortRead(path, offset, expected):
      return "\(path): truncated while reading: the file ends at byte \(offset), expected \(expected) bytes"
    case let .missingFile(path):
      return "\(path): no such file (a cifar-10-batches-bin folder holds data_batch_1.bin ... data_batch_5.bin and test_batch.bin)"
    case let .truncatedRecord(path, offset, fileSize):
      return "\(path): truncated: incomplete record at byte offset \(offset) (file size \(fileSize) is not a multiple of \(CIFAR10.recordSize))"
    case let .badLabel(path, offset, label):
      return "\(path): bad label \(label) at byte offset \(offset) (labels are 0-9)"
    case let .notACache(path):
      return "\(path): not an lrsched CIFAR-10 cache (bad magic); pass a cache file or a cifar-10-batches-bin folder"
    case let .cacheVersion(path, found, expected):
      return "\(path): cache format version \(found), expected \(expected); rebuild it with 'lrsched data prepare --from DIR'"
    case let .cacheSize(path, expected, actual):
      return "\(path): cache is \(actual) bytes but its header says \(expected) (truncated or corrupt); rebuild it with 'lrsched data prepare --from DIR'"
    case let .cacheChecksum(path, part):
      return "\(path): \(part) checksum mismatch (corrupt cache); rebuild it with 'lrsched data prepare --from DIR'"
    case let .cacheStale(path, reason):
      return "\(path): stale cache: \(reason)"
    case let .invalidArgument(name, value, reason):
      return "invalid \(name) \(value): \(reason)"
    case let .schedule(message):
      return "schedule: \(message)"
    case let .archive(path, reason):
      return "\(path): \(reason)"
    case let .checksum(path, expected, actual):
      return "\(path): MD5 \(actual), expected \(expected) (corrupt or wrong file; it was removed)"
    case let .network(url, reason):
      return "\(url): \(reason)"
    case let .pickle(path, offset, reason):
      return "\(path): byte \(offset): \(reason)"
    }
  }
}
