#if canImport(Glibc)
import Glibc
#endif

/// A canvas's two byte-per-pixel planes, palette indices and scratch coverage, in one
/// zero-filled block (both start at 0: the background's index, no coverage).
///
/// A large block (a 1200 × 800 chart needs 1.9 MB) is an anonymous mapping aligned to 2 MB and
/// offered to the kernel for transparent huge pages (`MADV_HUGEPAGE`): where it takes them,
/// the planes cost one page fault instead of ~470 of 4 KB each, about 1 ms of a plot
/// (docs/plotting.md, Speed). Where it does not, the same memory is faulted in page by page.
/// Small blocks come from `calloc`.
final class PixelPlanes: @unchecked Sendable {
  /// Pixels per plane.
  let count: Int
  let indices: UnsafeMutablePointer<UInt8>
  let coverage: UnsafeMutablePointer<UInt8>
  /// The whole mapping (nil: `indices` came from calloc).
  private let mapping: UnsafeMutableRawPointer?
  private let mappedBytes: Int

  static let hugePage = 2 << 20

  init(count: Int) {
    self.count = count
    let bytes = Swift.max(1, 2 * count)
    var base: UnsafeMutableRawPointer?
    var mapped: UnsafeMutableRawPointer?
    var length = 0
    #if os(Linux)
    if bytes >= Self.hugePage / 2 {
      let huge = Self.hugePage
      length = (bytes + huge - 1) / huge * huge + huge
      if let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
        p != UnsafeMutableRawPointer(bitPattern: -1)
      {
        let aligned = (UInt(bitPattern: p) + UInt(huge - 1)) & ~UInt(huge - 1)
        base = UnsafeMutableRawPointer(bitPattern: aligned)
        _ = madvise(base, length - huge, MADV_HUGEPAGE)
        mapped = p
      }
    }
    #endif
    if base == nil {
      guard let p = calloc(bytes, 1) else { fatalError("out of memory for a \(count)-pixel canvas") }
      base = p
      length = 0
    }
    mapping = mapped
    mappedBytes = length
    indices = base!.bindMemory(to: UInt8.self, capacity: bytes)
    coverage = indices + count
  }

  deinit {
    #if os(Linux)
    if let mapping {
      munmap(mapping, mappedBytes)
      return
    }
    #endif
    free(indices)
  }

  /// A new block with the same indices (coverage is all zero between shapes).
  func copy() -> PixelPlanes {
    let c = PixelPlanes(count: count)
    c.indices.update(from: indices, count: count)
    return c
  }
}
