/// A Python unpickler that understands only what CIFAR-10's `cifar-10-batches-py` files use and
/// refuses everything else, so loading a file never runs anything (`pickle.load` would call any
/// global a file names; CPython's docs warn never to unpickle untrusted data).
///
/// Accepted: protocols 2–5; `dict`, `list`, `tuple`, ints, `None`/bools, byte and text strings
/// (Python 2 `str` as bytes, decoded as latin-1 where a key or dtype code is read, as
/// torchvision's `pickle.load(f, encoding="latin1")`); memo get/put; and exactly three globals,
/// `numpy.core.multiarray._reconstruct` (or numpy 2's `numpy._core.multiarray._reconstruct`),
/// `numpy.ndarray` and `numpy.dtype`, which are never called: `_reconstruct(ndarray, (0,), b'b')`,
/// `dtype('u1', 0, 1)` and their `BUILD` states (numpy's `ndarray.__setstate__`:
/// `(version, shape, dtype, is_fortran, raw bytes)`) are recognised as data and become an
/// `array` value pointing into the file. Any other global, call, opcode or shape is an error
/// naming the byte offset. Lengths are checked against the bytes left; the memo and the stack
/// are bounded, and so are the values made in all (`maxValues`) and nesting (`maxDepth`: a value nested a million deep would overflow the
/// thread's stack when it is freed); a list or dict is memoised only while empty, as `pickle`
/// writes them (so appending never copies it: a file that re-memoises a growing list would
/// otherwise cost time quadratic in its length).
struct RestrictedUnpickler {
  indirect enum Value: Equatable {
    case none
    case bool(Bool)
    case int(Int)
    /// A byte string (Python 2 `str`, Python 3 `bytes`): its range in the file.
    case bytes(Range<Int>)
    case text(String)
    case list([Value])
    case tuple([Value])
    case dict([Value], [Value])
    case global(Global)
    /// `_reconstruct(ndarray, (0,), b'b')` before its `BUILD`.
    case emptyArray
    case dtype(String)
    /// A C-ordered uint8 array: its shape and its bytes' range in the file.
    case array(shape: [Int], data: Range<Int>)
    case mark
  }

  enum Global: Equatable {
    case reconstruct, ndarray, dtype
  }

  let bytes: [UInt8]
  let path: String
  private var pos = 0
  private var opStart = 0
  private var stack: [Value] = []
  /// How deeply each value on `stack` nests (0 for a scalar), kept beside it.
  private var depths: [Int] = []
  private var memo: [Int: (value: Value, depth: Int)] = [:]
  static let maxStack = 1 << 20
  /// Values created in all (each opcode makes at most one): a real batch makes about 20,000
  /// (10,000 labels, 10,000 file names; CIFAR-100's 50,000-image train file about 150,000);
  /// this bounds memory and time whatever the file's size.
  static let maxValues = 1 << 18
  private var created = 0
  /// CIFAR-10's pickles nest three deep (a dict of lists; a tuple of a tuple in an array's state).
  static let maxDepth = 64

  init(bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
  }

  func fail(_ reason: String, at offset: Int? = nil) -> BenchError {
    .pickle(path: path, offset: offset ?? opStart, reason: reason)
  }

  /// Latin-1 text of a byte or text string.
  func text(_ v: Value) -> String? {
    switch v {
    case .text(let s): return s
    case .bytes(let r): return String(bytes[r].map { Character(Unicode.Scalar($0)) })
    default: return nil
    }
  }

  private mutating func take(_ n: Int) throws -> Range<Int> {
    guard n >= 0, n <= bytes.count - pos else {
      throw fail("truncated: \(n) bytes needed at byte \(pos), the file has \(bytes.count - pos) left", at: pos)
    }
    defer { pos += n }
    return pos..<(pos + n)
  }

  private mutating func uint(_ n: Int) throws -> Int {
    let r = try take(n)
    var v = 0
    for (k, i) in r.enumerated() { v |= Int(bytes[i]) << (8 * k) }
    return v
  }

  private mutating func length(_ n: Int) throws -> Int {
    let v = n == 4 ? Int(Int32(truncatingIfNeeded: try uint(4))) : try uint(n)
    guard v >= 0, v <= bytes.count - pos else {
      throw fail("a length of \(v) bytes at byte \(opStart) runs past the end of the file (\(bytes.count - pos) left)")
    }
    return v
  }

  private mutating func pop() throws -> Value { try popWithDepth().value }

  private mutating func popWithDepth() throws -> (value: Value, depth: Int) {
    guard let v = stack.last, v != .mark else { throw fail("stack underflow") }
    stack.removeLast()
    return (v, depths.removeLast())
  }

  /// The values above the topmost mark (which is removed), and the deepest one's depth.
  private mutating func popToMark() throws -> (items: [Value], depth: Int) {
    guard let m = stack.lastIndex(of: .mark) else { throw fail("no mark on the stack") }
    let items = Array(stack[(m + 1)...])
    let depth = depths[(m + 1)...].max() ?? 0
    stack.removeSubrange(m...)
    depths.removeSubrange(m...)
    return (items, depth)
  }

  private mutating func push(_ v: Value, depth: Int = 0) throws {
    guard stack.count < Self.maxStack else { throw fail("the stack grows past \(Self.maxStack) values") }
    created += 1
    guard created <= Self.maxValues else { throw fail("more than \(Self.maxValues) values; refused (a CIFAR-10 batch has about 20,000)") }
    guard depth <= Self.maxDepth else { throw fail("values nested more than \(Self.maxDepth) deep; refused") }
    stack.append(v)
    depths.append(depth)
  }

  /// A container of values at most `depth` deep.
  private mutating func pushContainer(_ v: Value, holding depth: Int) throws { try push(v, depth: depth + 1) }

  /// The container on top of the stack grows: its depth covers the new items'.
  private mutating func deepen(to itemDepth: Int) throws {
    let d = max(depths[depths.count - 1], itemDepth + 1)
    guard d <= Self.maxDepth else { throw fail("values nested more than \(Self.maxDepth) deep; refused") }
    depths[depths.count - 1] = d
  }

  private mutating func appendToList(_ items: [Value], depth: Int) throws {
    let i = stack.count - 1
    guard i >= 0, case .list(var l) = stack[i] else { throw fail("APPEND to something that is not a list") }
    try deepen(to: depth)
    stack[i] = .none  // the list is now only referenced here: appended in place
    l += items
    stack[i] = .list(l)
  }

  private func global(_ module: String, _ name: String) throws -> Global {
    switch (module, name) {
    case ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"): return .reconstruct
    case ("numpy", "ndarray"): return .ndarray
    case ("numpy", "dtype"): return .dtype
    default:
      throw fail("refers to \(module).\(name): refused (only numpy's array reconstruction is accepted; nothing is executed)")
    }
  }

  /// Runs the opcodes up to `STOP` and returns the result.
  mutating func load() throws -> Value {
    while true {
      opStart = pos
      let op = bytes[try take(1).lowerBound]
      switch op {
      case 0x80:  // PROTO
        let v = try uint(1)
        guard (2...5).contains(v) else { throw fail("pickle protocol \(v) (expected 2 to 5)") }
      case 0x95: _ = try take(8)  // FRAME: a hint, the bytes follow inline
      case 0x7D: try push(.dict([], []))  // }
      case 0x5D: try push(.list([]))  // ]
      case 0x29: try push(.tuple([]))  // )
      case 0x28: try push(.mark)  // (
      case 0x71, 0x72, 0x94:  // BINPUT, LONG_BINPUT, MEMOIZE
        let index = op == 0x71 ? try uint(1) : op == 0x72 ? try uint(4) : memo.count
        guard let top = stack.last, top != .mark else { throw fail("memo put with an empty stack") }
        guard memo.count < Self.maxStack else { throw fail("the memo grows past \(Self.maxStack) values") }
        if case .list(let l) = top, !l.isEmpty { throw fail("a list memoised after it was filled; refused") }
        if case .dict(let k, _) = top, !k.isEmpty { throw fail("a dict memoised after it was filled; refused") }
        memo[index] = (top, depths[depths.count - 1])
      case 0x68, 0x6A:  // BINGET, LONG_BINGET
        let index = try uint(op == 0x68 ? 1 : 4)
        guard let (v, depth) = memo[index] else { throw fail("memo entry \(index) does not exist") }
        // Lists and dicts are memoised only while empty (above) and never shared in these files;
        // a copy of an empty one is a new, independent one.
        try push(v, depth: depth)
      case 0x63:  // GLOBAL module\nname\n
        var parts: [String] = []
        for _ in 0..<2 {
          let start = pos
          while pos < bytes.count && bytes[pos] != 0x0A && pos - start < 256 { pos += 1 }
          guard pos < bytes.count, bytes[pos] == 0x0A else { throw fail("truncated or overlong GLOBAL name") }
          parts.append(String(decoding: bytes[start..<pos], as: UTF8.self))
          pos += 1
        }
        try push(.global(try global(parts[0], parts[1])))
      case 0x93:  // STACK_GLOBAL
        let name = try pop()
        let module = try pop()
        guard let n = text(name), let m = text(module) else { throw fail("STACK_GLOBAL without two strings") }
        try push(.global(try global(m, n)))
      case 0x55, 0x43: try push(.bytes(try take(try length(1))))  // SHORT_BINSTRING, SHORT_BINBYTES
      case 0x54, 0x42: try push(.bytes(try take(try length(4))))  // BINSTRING, BINBYTES
      case 0x8E: try push(.bytes(try take(try length(8))))  // BINBYTES8
      case 0x8C, 0x58, 0x8D:  // SHORT_BINUNICODE, BINUNICODE, BINUNICODE8
        let r = try take(try length(op == 0x8C ? 1 : op == 0x58 ? 4 : 8))
        try push(.text(String(decoding: bytes[r], as: UTF8.self)))
      case 0x4B: try push(.int(try uint(1)))  // BININT1
      case 0x4D: try push(.int(try uint(2)))  // BININT2
      case 0x4A: try push(.int(Int(Int32(truncatingIfNeeded: try uint(4)))))  // BININT
      case 0x4E: try push(.none)
      case 0x88: try push(.bool(true))
      case 0x89: try push(.bool(false))
      case 0x74:  // TUPLE
        let (items, depth) = try popToMark()
        try pushContainer(.tuple(items), holding: depth)
      case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
        var items: [Value] = []
        var depth = 0
        for _ in 0..<Int(op - 0x84) {
          let (v, d) = try popWithDepth()
          items.insert(v, at: 0)
          depth = max(depth, d)
        }
        try pushContainer(.tuple(items), holding: depth)
      case 0x61:  // APPEND
        let (v, d) = try popWithDepth()
        try appendToList([v], depth: d)
      case 0x65:  // APPENDS
        let (items, depth) = try popToMark()
        try appendToList(items, depth: depth)
      case 0x73, 0x75:  // SETITEM, SETITEMS
        var items: [Value] = []
        var depth = 0
        if op == 0x73 {
          let (v, dv) = try popWithDepth()
          let (k, dk) = try popWithDepth()
          (items, depth) = ([k, v], max(dk, dv))
        } else {
          (items, depth) = try popToMark()
        }
        let i = stack.count - 1
        guard items.count % 2 == 0, i >= 0, case .dict(var keys, var values) = stack[i] else {
          throw fail("SETITEMS on something that is not a dict")
        }
        try deepen(to: depth)
        stack[i] = .none  // the dict's arrays are now only referenced here: appended in place
        for k in stride(from: 0, to: items.count, by: 2) {
          keys.append(items[k])
          values.append(items[k + 1])
        }
        stack[i] = .dict(keys, values)
      case 0x52: try push(try reduce())  // REDUCE
      case 0x62: try push(try build())  // BUILD
      case 0x2E:  // STOP
        let v = try pop()
        guard stack.isEmpty else { throw fail("values left on the stack at STOP") }
        return v
      default:
        let shown = op >= 0x20 && op < 0x7F ? " ('\(Character(Unicode.Scalar(op)))')" : ""
        throw fail(String(format2(op)) + shown + " is not an opcode CIFAR-10's pickles use; refused")
      }
    }
  }

  private func format2(_ op: UInt8) -> String {
    let d = Array("0123456789abcdef")
    return "opcode 0x" + String([d[Int(op >> 4)], d[Int(op & 15)]])
  }

  /// The two calls a numpy array's pickle makes, recognised, not performed.
  private mutating func reduce() throws -> Value {
    let args = try pop()
    let callable = try pop()
    guard case .global(let g) = callable, case .tuple(let a) = args else {
      throw fail("REDUCE calls something that is not an accepted numpy global; refused")
    }
    switch g {
    case .reconstruct:
      guard a.count == 3, a[0] == .global(.ndarray), a[1] == .tuple([.int(0)]), text(a[2]) == "b" else {
        throw fail("numpy _reconstruct with other arguments than (ndarray, (0,), b'b'); refused")
      }
      return .emptyArray
    case .dtype:
      guard a.count == 3, text(a[0]) == "u1", a[1] == .int(0) || a[1] == .bool(false),
        a[2] == .int(1) || a[2] == .bool(true)
      else { throw fail("numpy.dtype other than uint8 ('u1'); refused") }
      return .dtype("u1")
    case .ndarray:
      throw fail("a direct numpy.ndarray call; refused")
    }
  }

  /// `BUILD` on a dtype (its state is checked, then dropped) or on an empty array.
  private mutating func build() throws -> Value {
    let state = try pop()
    let target = try pop()
    guard case .tuple(let s) = state else { throw fail("BUILD with a state that is not a tuple") }
    switch target {
    case .dtype(let code):
      guard s.count == 8, s[0] == .int(3), let order = text(s[1]), order == "|" || order == "<" else {
        throw fail("unexpected numpy dtype state")
      }
      return .dtype(code)
    case .emptyArray:
      guard s.count == 5, s[0] == .int(1), case .tuple(let dims) = s[1], s[2] == .dtype("u1"),
        s[3] == .bool(false) || s[3] == .int(0), case .bytes(let data) = s[4]
      else { throw fail("unexpected numpy array state (expected a C-ordered uint8 array with its raw bytes)") }
      var shape: [Int] = []
      var count = 1
      for d in dims {
        guard case .int(let n) = d, n >= 0 else { throw fail("bad array dimension") }
        let (p, overflow) = count.multipliedReportingOverflow(by: n)
        guard !overflow else { throw fail("array shape overflows") }
        count = p
        shape.append(n)
      }
      guard count == data.count else {
        throw fail("array shape \(shape) needs \(count) bytes, the pickle holds \(data.count)")
      }
      return .array(shape: shape, data: data)
    default:
      throw fail("BUILD on something other than a numpy array or dtype; refused")
    }
  }
}
