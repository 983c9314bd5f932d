/// A byte stream cut into fixed-size blocks for a streaming hash (`MD5`, `Checksum64`): bytes that
/// do not yet fill a block wait in `pending`, so any split of the same stream gives the same
/// blocks, and the stream's length is counted.
struct BlockBuffer: Sendable {
  let size: Int
  /// The bytes of the unfinished block.
  private(set) var pending: [UInt8] = []
  /// Bytes fed so far.
  private(set) var length: UInt64 = 0

  init(size: Int) { self.size = size }

  /// Feeds `bytes`, calling `blocks(start, count)` for the whole blocks they complete, in order.
  mutating func feed(_ bytes: UnsafeRawBufferPointer, _ blocks: (UnsafeRawPointer, Int) -> Void) {
    guard var p = bytes.baseAddress else { return }
    var n = bytes.count
    length &+= UInt64(n)
    // Complete a pending partial block first.
    while !pending.isEmpty && n > 0 {
      pending.append(p.load(as: UInt8.self))
      p += 1
      n -= 1
      if pending.count == size {
        pending.withUnsafeBytes { blocks($0.baseAddress!, 1) }
        pending.removeAll(keepingCapacity: true)
      }
    }
    let whole = n / size
    if whole > 0 { blocks(p, whole) }
    p += whole * size
    n -= whole * size
    if n > 0 { pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n)) }
  }
}
