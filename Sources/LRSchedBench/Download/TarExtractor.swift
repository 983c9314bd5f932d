#if canImport(Glibc)
import Glibc
#endif

/// A tar reader (POSIX ustar and GNU headers, as `tar` writes them) that extracts only what a
/// dataset archive should hold, fed the decompressed stream in chunks of any size.
///
/// It refuses rather than skips: a member outside `root/` (absolute, `..`, or another top
/// folder), a nested path, a link, a device, a FIFO, a GNU long name, a size beyond `maxMember`
/// or a total beyond `maxTotal`, more than `maxMembers` headers, more than `maxTrailer` bytes of
/// zeros after the end-of-archive marker, a bad header checksum, or an archive that ends inside a
/// member. So the stream it reads is bounded too (a gzip bomb is cut off), not only what it writes.
/// Directories named `root/` are accepted and create nothing; pax headers (`x`, `g`) are read
/// past (their size is checked; the ustar name that follows is what is validated). Files are
/// created with `O_EXCL | O_NOFOLLOW` in `destination`, which the caller made empty.
struct TarExtractor {
  let archive: String
  let destination: String
  let root: String
  var maxMember = 64 << 20
  var maxTotal = 256 << 20
  /// Headers of any kind (files, folders, pax).
  var maxMembers = 64
  /// Zeros after the end-of-archive marker: tar pads its last record (10 KiB by default; 1 MiB
  /// is a blocking factor of 2048).
  var maxTrailer = 1 << 20

  private var header = [UInt8]()
  private var remaining = 0
  private var padding = 0
  private var fd: Int32 = -1
  private var current = ""
  private var total = 0
  private var endBlocks = 0
  private var members = 0
  private var position = 0
  /// Regular files extracted, with their sizes.
  private(set) var files: [(name: String, size: Int)] = []

  init(archive: String, destination: String, root: String) {
    self.archive = archive
    self.destination = destination
    self.root = root
  }

  func hostile(_ what: String) -> BenchError { .archive(path: archive, reason: what) }

  mutating func feed(_ chunk: UnsafeRawBufferPointer) throws {
    var p = chunk.baseAddress!
    var n = chunk.count
    while n > 0 {
      if remaining > 0 {
        let k = min(n, remaining)
        if fd >= 0 { try PosixFiles.writeFully(fd: fd, path: PosixFiles.join(destination, current), p, count: k) }
        remaining -= k
        p += k
        n -= k
        position += k
        if remaining == 0 { try finishMember() }
      } else if padding > 0 {
        let k = min(n, padding)
        padding -= k
        p += k
        n -= k
        position += k
      } else {
        let k = min(n, 512 - header.count)
        header.append(contentsOf: UnsafeRawBufferPointer(start: p, count: k))
        p += k
        n -= k
        position += k
        if header.count == 512 {
          try parseHeader()
          header.removeAll(keepingCapacity: true)
        }
      }
    }
  }

  /// Closes a member left open by an error (the caller removes the folder).
  mutating func abandon() {
    if fd >= 0 { close(fd) }
    fd = -1
  }

  /// Checks that the archive ended where a tar archive may end.
  mutating func finish() throws {
    if fd >= 0 || remaining > 0 {
      throw hostile("truncated: the archive ends inside member '\(current)' (\(remaining) bytes missing)")
    }
    if !header.isEmpty { throw hostile("truncated: the archive ends inside a header at byte \(position)") }
    if files.isEmpty { throw hostile("no files in the archive") }
  }

  private mutating func finishMember() throws {
    if fd >= 0 {
      guard fsync(fd) == 0 else { throw BenchError.io(path: PosixFiles.join(destination, current), operation: "fsync", errno: errno) }
      close(fd)
      fd = -1
    }
  }

  private func octal(_ range: Range<Int>, _ field: String) throws -> Int {
    if header[range.lowerBound] & 0x80 != 0 { throw hostile("member at byte \(position - 512): base-256 \(field) is not supported") }
    var v = 0
    var seen = false
    for b in header[range] {
      if b == 0 || b == 0x20 {
        if seen { break } else { continue }
      }
      guard b >= 0x30 && b <= 0x37 else { throw hostile("member at byte \(position - 512): bad \(field) field") }
      seen = true
      v = v * 8 + Int(b - 0x30)
      if v > 1 << 40 { throw hostile("member at byte \(position - 512): \(field) out of range") }
    }
    return v
  }

  private func string(_ range: Range<Int>) -> String {
    let bytes = header[range]
    let end = bytes.firstIndex(of: 0) ?? range.upperBound
    return String(decoding: header[range.lowerBound..<end], as: UTF8.self)
  }

  private mutating func parseHeader() throws {
    if header.allSatisfy({ $0 == 0 }) {
      endBlocks += 1
      guard endBlocks * 512 <= maxTrailer + 1024 else {
        throw hostile("more than \(maxTrailer) bytes of padding after the end-of-archive marker (not a dataset archive)")
      }
      return
    }
    if endBlocks > 0 { throw hostile("data after the end-of-archive marker at byte \(position - 512)") }
    members += 1
    guard members <= maxMembers else { throw hostile("more than \(maxMembers) members (not a dataset archive)") }
    // Checksum: the sum of all bytes with the checksum field read as spaces.
    var sum = 0
    for (i, b) in header.enumerated() { sum += (148..<156).contains(i) ? 0x20 : Int(b) }
    guard try octal(148..<156, "checksum") == sum else {
      throw hostile("bad tar header checksum at byte \(position - 512) (not a tar archive, or corrupt)")
    }
    var name = string(0..<100)
    let magic = string(257..<263)
    if magic.hasPrefix("ustar") {
      let prefix = string(345..<500)
      if !prefix.isEmpty && !(header[257..<263].elementsEqual(Array("ustar ".utf8))) { name = prefix + "/" + name }
    }
    let size = try octal(124..<136, "size")
    let type = header[156]
    switch type {
    case 0x30, 0:  // '0', NUL: regular file
      let file = try checkedName(name, directory: false)
      guard size <= maxMember else { throw hostile("member '\(name)' is \(size) bytes (limit \(maxMember))") }
      total += size
      guard total <= maxTotal else { throw hostile("the archive unpacks to more than \(maxTotal) bytes") }
      current = file
      let path = PosixFiles.join(destination, file)
      fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
      guard fd >= 0 else {
        if errno == EEXIST { throw hostile("member '\(name)' appears twice") }
        throw BenchError.io(path: path, operation: "open", errno: errno)
      }
      files.append((file, size))
      remaining = size
      padding = (512 - size % 512) % 512
      if size == 0 { try finishMember() }
    case 0x35:  // '5': directory
      _ = try checkedName(name, directory: true)
      guard size == 0 else { throw hostile("directory member '\(name)' has a size") }
    case 0x78, 0x67:  // 'x', 'g': pax extended header, read past
      guard size <= 1 << 20 else { throw hostile("pax header of \(size) bytes at byte \(position - 512)") }
      current = "(pax header)"
      remaining = size
      padding = (512 - size % 512) % 512
    case 0x31, 0x32:
      throw hostile("member '\(name)' is a \(type == 0x31 ? "hard" : "symbolic") link (only regular files are accepted)")
    default:
      throw hostile("member '\(name)' has type '\(Character(Unicode.Scalar(type)))' (only regular files are accepted)")
    }
  }

  /// `root/NAME` → `NAME`; everything else is refused.
  private func checkedName(_ name: String, directory: Bool) throws -> String {
    var parts = name.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    if name.hasPrefix("/") { throw hostile("member '\(name)' has an absolute path") }
    if parts.contains("..") { throw hostile("member '\(name)' climbs out of the folder ('..')") }
    if parts.first == "." { parts.removeFirst() }
    if directory && parts.last == "" { parts.removeLast() }
    guard parts.first == root else { throw hostile("member '\(name)' is outside \(root)/") }
    if directory {
      guard parts.count == 1 else { throw hostile("unexpected folder '\(name)' (expected only \(root)/)") }
      return ""
    }
    guard parts.count == 2, let file = parts.last, !file.isEmpty, file != "." else {
      throw hostile("unexpected member '\(name)' (expected files directly in \(root)/)")
    }
    return file
  }
}
