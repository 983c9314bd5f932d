import LRSchedCore

/// `math.*` (CPython's `Modules/mathmodule.c`), `np.*` / `numpy.*` scalar functions
/// (float64 results with NumPy's rules: no exceptions, `inf`/`nan` instead), and the
/// methods of lists, dicts and strings the subset keeps.
extension ScriptInterpreter {
  static let mathConstants: [String: Double] = [
    "pi": Double.pi, "e": 2.718281828459045, "tau": 6.283185307179586, "inf": .infinity, "nan": .nan,
  ]
  static let mathFunctions: [String: ClosedRange<Int>] = [
    "cos": 1...1, "sin": 1...1, "tan": 1...1, "tanh": 1...1, "exp": 1...1, "log": 1...2, "log10": 1...1,
    "log2": 1...1, "sqrt": 1...1, "floor": 1...1, "ceil": 1...1, "pow": 2...2, "fabs": 1...1,
    "isnan": 1...1, "isinf": 1...1, "isfinite": 1...1, "trunc": 1...1,
  ]
  static let numpyConstants: [String: Double] = ["pi": Double.pi, "e": 2.718281828459045, "inf": .infinity, "nan": .nan]
  static let numpyFunctions: Set<String> = [
    "cos", "sin", "tan", "tanh", "exp", "log", "log2", "log10", "sqrt", "floor", "ceil", "abs", "absolute", "fabs",
    "power", "minimum", "maximum", "clip", "float64", "isnan", "isinf", "isfinite", "round", "around",
  ]

  func mathFunction(_ name: String, _ args: [SValue], at offset: Int) throws(ScriptFailure) -> SValue {
    guard let a = Self.mathFunctions[name] else {
      throw unsupported("math.\(name) is not part of the Python subset lrsched reads", offset)
    }
    try arity("math." + name, args, a, offset)
    var nums: [Num] = []
    for v in args { nums.append(try number(v, "math.\(name)()", offset)) }
    switch name {
    case "isnan", "isinf", "isfinite":
      let d = try pyCall(offset) { () throws(ScheduleError) in try nums[0].toDouble() }
      return .bool(name == "isnan" ? d.isNaN : (name == "isinf" ? d.isInfinite : d.isFinite))
    case "trunc":
      if nums[0].isInt { return SValue(nums[0]) }
      return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.toInt(nums[0]) })
    default:
      return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.math(name, nums) })
    }
  }

  /// NumPy on one scalar: float64 in and out. The C library computes exp/log/cos/sin/pow
  /// (NumPy's own SIMD kernels on AVX-512 machines may differ by an ulp: docs/parity.md).
  func numpyFunction(_ name: String, _ args: [SValue], _ kw: [(String, SValue)], at offset: Int) throws(ScriptFailure) -> SValue {
    guard Self.numpyFunctions.contains(name) else {
      throw unsupported("numpy.\(name) is not part of the Python subset lrsched reads", offset)
    }
    var xs: [Double] = []
    for v in args {
      if case .list = v { throw unsupported("numpy arrays are not part of the subset; numpy functions take one number", offset) }
      let n = try number(v, "numpy.\(name)()", offset)
      xs.append(try pyCall(offset) { () throws(ScheduleError) in try n.toDouble() })
    }
    let want: ClosedRange<Int> = ["power", "minimum", "maximum"].contains(name) ? 2...2 : (name == "clip" ? 3...3 : (["round", "around"].contains(name) ? 1...2 : 1...1))
    try arity("numpy." + name, args, want, offset)
    if let k = kw.first { throw raise("TypeError", "numpy.\(name)() keyword '\(k.0)' is not supported by lrsched", offset) }
    let x = xs[0]
    switch name {
    case "cos": return .float(LibM.cos(x))
    case "sin": return .float(LibM.sin(x))
    case "tan": return .float(LibM.tan(x))
    case "tanh": return .float(LibM.tanh(x))
    case "exp": return .float(LibM.exp(x))
    case "log": return .float(LibM.log(x))
    case "log2": return .float(LibM.log2(x))
    case "log10": return .float(LibM.log10(x))
    case "sqrt": return .float(LibM.sqrt(x))
    case "floor": return .float(LibM.floor(x))
    case "ceil": return .float(LibM.ceil(x))
    case "abs", "absolute", "fabs": return .float(Swift.abs(x))
    case "power": return .float(LibM.pow(x, xs[1]))
    case "minimum": return .float(x.isNaN || xs[1].isNaN ? .nan : Swift.min(x, xs[1]))
    case "maximum": return .float(x.isNaN || xs[1].isNaN ? .nan : Swift.max(x, xs[1]))
    case "clip": return .float(Swift.min(Swift.max(x, xs[1]), xs[2]))
    case "float64": return .float(x)
    case "isnan": return .bool(x.isNaN)
    case "isinf": return .bool(x.isInfinite)
    case "isfinite": return .bool(x.isFinite)
    default:
      // np.round: half to even at `decimals` digits (NumPy scales by 10**decimals).
      let d = xs.count == 2 ? Int(xs[1]) : 0
      if d == 0 { return .float(x.rounded(.toNearestOrEven)) }
      let f = LibM.pow(10, Double(Swift.abs(d)))
      return .float(d > 0 ? (x * f).rounded(.toNearestOrEven) / f : (x / f).rounded(.toNearestOrEven) * f)
    }
  }

  func method(_ recv: SValue, _ name: String, _ args: [SValue], _ kw: [(String, SValue)], at offset: Int) throws(ScriptFailure) -> SValue {
    switch (recv, name) {
    case (.list(let l), "append"):
      try arity(name, args, 1...1, offset)
      if l.items.count >= Self.maxLength { throw unsupported("list too large (limit \(Self.maxLength) items)", offset) }
      l.items.append(args[0])
      return .none
    case (.list(let l), "extend"):
      try arity(name, args, 1...1, offset)
      l.items = try sized(l.items + (try iterate(args[0], at: offset, loop: false)), offset)
      return .none
    case (.list(let l), "insert"):
      try arity(name, args, 2...2, offset)
      let i = try intArg(args[0], offset)
      let j = Swift.min(Swift.max(i < 0 ? i + l.items.count : i, 0), l.items.count)
      l.items.insert(args[1], at: j)
      return .none
    case (.list(let l), "pop"):
      guard !l.items.isEmpty else { throw raise("IndexError", "pop from empty list", offset) }
      let i = try args.first.map { (a) throws(ScriptFailure) in try listIndex(a, count: l.items.count, at: offset) } ?? l.items.count - 1
      return l.items.remove(at: i)
    case (.list(let l), "index"):
      guard let i = l.items.firstIndex(where: { $0.pyEquals(args.first ?? .none) }) else {
        throw raise("ValueError", "\(args.first?.repr ?? "None") is not in list", offset)
      }
      return .int(i)
    case (.list(let l), "count"): return .int(l.items.filter { $0.pyEquals(args.first ?? .none) }.count)
    case (.list(let l), "copy"): return .list(ListBox(l.items))
    case (.list(let l), "reverse"):
      l.items.reverse()
      return .none
    case (.dict(let d), "get"):
      try arity(name, args, 1...2, offset)
      return d.index(of: args[0]).map { d.values[$0] } ?? (args.count == 2 ? args[1] : .none)
    case (.dict(let d), "items"): return .list(ListBox(zip(d.keys, d.values).map { .tuple([$0, $1]) }))
    case (.dict(let d), "keys"): return .list(ListBox(d.keys))
    case (.dict(let d), "values"): return .list(ListBox(d.values))
    case (.dict(let d), "copy"): return .dict(DictBox(keys: d.keys, values: d.values))
    case (.dict(let d), "update"):
      if let src = args.first { for pair in try builtinPairs(src, offset) { try setItem(recv, pair.0, pair.1, at: offset) } }
      for (k, v) in kw { try setItem(recv, .str(k), v, at: offset) }
      _ = d
      return .none
    case (.dict(let d), "setdefault"):
      try arity(name, args, 1...2, offset)
      if let i = d.index(of: args[0]) { return d.values[i] }
      try setItem(recv, args[0], args.count == 2 ? args[1] : .none, at: offset)
      return args.count == 2 ? args[1] : .none
    case (.dict(let d), "pop"):
      try arity(name, args, 1...2, offset)
      guard let i = d.index(of: args[0]) else {
        if args.count == 2 { return args[1] }
        throw raise("KeyError", args[0].repr, offset)
      }
      d.keys.remove(at: i)
      return d.values.remove(at: i)
    case (.str(let s), _): return try stringMethod(s, name, args, at: offset)
    case (.float(let d), "is_integer"): return .bool(d.isFinite && d == d.rounded(.towardZero))
    default: throw raise("AttributeError", "'\(recv.typeName)' object has no attribute '\(name)'", offset)
    }
  }

  func builtinPairs(_ v: SValue, _ offset: Int) throws(ScriptFailure) -> [(SValue, SValue)] {
    if case .dict(let d) = v { return Array(zip(d.keys, d.values)) }
    var out: [(SValue, SValue)] = []
    for p in try iterate(v, at: offset, loop: false) {
      let kv = try iterate(p, at: offset, loop: false)
      guard kv.count == 2 else { throw raise("ValueError", "dictionary update sequence element has length \(kv.count); 2 is required", offset) }
      out.append((kv[0], kv[1]))
    }
    return out
  }

  func stringMethod(_ s: String, _ name: String, _ args: [SValue], at offset: Int) throws(ScriptFailure) -> SValue {
    func strArg(_ i: Int) throws(ScriptFailure) -> String {
      guard i < args.count, case .str(let a) = args[i] else { throw raise("TypeError", "str.\(name)() needs a string argument", offset) }
      return a
    }
    switch name {
    case "join":
      var parts: [String] = []
      for v in try iterate(args.first ?? .none, at: offset, loop: false) {
        guard case .str(let p) = v else { throw raise("TypeError", "sequence item: expected str instance, \(v.typeName) found", offset) }
        parts.append(p)
      }
      return .str(parts.joined(separator: s))
    case "lower": return .str(s.lowercased())
    case "upper": return .str(s.uppercased())
    case "startswith": return .bool(s.hasPrefix(try strArg(0)))
    case "endswith": return .bool(s.hasSuffix(try strArg(0)))
    case "strip": return .str(s.trimmingSpaces())
    case "replace": return .str(s.split(separator: try strArg(0), omittingEmptySubsequences: false).joined(separator: try strArg(1)))
    case "split":
      if args.isEmpty { return .list(ListBox(s.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { .str(String($0)) })) }
      return .list(ListBox(s.split(separator: try strArg(0), omittingEmptySubsequences: false).map { .str(String($0)) }))
    default: throw unsupported("str.\(name)() is not part of the Python subset lrsched reads", offset)
    }
  }
}

extension String {
  func split(separator: String, omittingEmptySubsequences: Bool) -> [Substring] {
    guard !separator.isEmpty else { return [Substring(self)] }
    var out: [Substring] = []
    var rest = self[...]
    while let r = rest.firstRange(of: separator) {
      out.append(rest[..<r.lowerBound])
      rest = rest[r.upperBound...]
    }
    out.append(rest)
    return omittingEmptySubsequences ? out.filter { !$0.isEmpty } : out
  }
}
