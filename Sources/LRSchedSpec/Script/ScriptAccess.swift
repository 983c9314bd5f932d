import LRSchedCore

/// Iteration, indexing, slicing and attributes of the interpreter's values.
extension ScriptInterpreter {
  /// The items of an iterable. `loop`: a `for` over something from outside the file is
  /// the training loop, which lrsched runs itself.
  func iterate(_ v: SValue, at offset: Int, loop: Bool) throws(ScriptFailure) -> [SValue] {
    switch v {
    case .list(let l): return l.items
    case .tuple(let l): return l
    case .dict(let d): return d.keys
    case .str(let s): return s.map { .str(String($0)) }
    case .range(let a, let b, let s):
      let n = s > 0 ? (b > a ? (b - a - 1) / s + 1 : 0) : (a > b ? (a - b - 1) / -s + 1 : 0)
      if n > Self.maxLength { throw unsupported("range too long for lrsched to iterate (limit \(Self.maxLength) items)", offset) }
      try spend(offset, n / 16)
      return (0..<n).map { .int(a + $0 * s) }
    case .opaque(let name):
      // A loop over a loader (or anything from outside) is the training loop.
      if loop { throw .loop(offset) }
      throw undefined(name, offset)
    default:
      throw raise("TypeError", "'\(v.typeName)' object is not iterable", offset)
    }
  }

  func listIndex(_ key: SValue, count: Int, at offset: Int) throws(ScriptFailure) -> Int {
    guard case .int(let i)? = key.num, !(key.typeName == "float") else {
      throw raise("TypeError", "list indices must be integers or slices, not \(key.typeName)", offset)
    }
    let j = i < 0 ? i + count : i
    guard j >= 0 && j < count else { throw raise("IndexError", "list index out of range", offset) }
    return j
  }

  func requireHashable(_ key: SValue, at offset: Int) throws(ScriptFailure) {
    switch key {
    case .list, .dict: throw raise("TypeError", "unhashable type: '\(key.typeName)'", offset)
    default: return
    }
  }

  func getItem(_ container: SValue, _ key: SValue, at offset: Int) throws(ScriptFailure) -> SValue {
    if case .tuple(let parts) = key, parts.count == 4, case .str("slice") = parts[0] {
      return try slice(container, Array(parts[1...]), at: offset)
    }
    switch container {
    case .list(let l): return l.items[try listIndex(key, count: l.items.count, at: offset)]
    case .tuple(let l): return l[try listIndex(key, count: l.count, at: offset)]
    case .str(let s):
      let chars = Array(s)
      return .str(String(chars[try listIndex(key, count: chars.count, at: offset)]))
    case .range:
      let items = try iterate(container, at: offset, loop: false)
      return items[try listIndex(key, count: items.count, at: offset)]
    case .dict(let d):
      try requireHashable(key, at: offset)
      guard let i = d.index(of: key) else { throw raise("KeyError", key.repr, offset) }
      return d.values[i]
    case .opaque(let name): return .opaque(name + "[" + key.repr + "]")
    default: throw raise("TypeError", "'\(container.typeName)' object is not subscriptable", offset)
    }
  }

  /// `seq[lower:upper:step]` with Python's clamping (`PySlice_AdjustIndices`).
  func slice(_ container: SValue, _ parts: [SValue], at offset: Int) throws(ScriptFailure) -> SValue {
    var bounds: [Int?] = []
    for p in parts {
      if case .none = p { bounds.append(nil); continue }
      guard case .int(let i)? = p.num, p.typeName != "float" else {
        throw raise("TypeError", "slice indices must be integers or None", offset)
      }
      bounds.append(i)
    }
    let step = bounds[2] ?? 1
    if step == 0 { throw raise("ValueError", "slice step cannot be zero", offset) }
    let items: [SValue]
    switch container {
    case .list(let l): items = l.items
    case .tuple(let l): items = l
    case .str(let s): items = s.map { .str(String($0)) }
    case .range: items = try iterate(container, at: offset, loop: false)
    case .opaque(let name): return .opaque(name + "[…]")
    default: throw raise("TypeError", "'\(container.typeName)' object is not subscriptable", offset)
    }
    let n = items.count
    func adjust(_ v: Int?, _ def: Int) -> Int {
      guard var v else { return def }
      if v < 0 {
        v += n
        if v < 0 { v = step < 0 ? -1 : 0 }
      } else if v >= n {
        v = step < 0 ? n - 1 : n
      }
      return v
    }
    let start = adjust(bounds[0], step < 0 ? n - 1 : 0)
    let stop = adjust(bounds[1], step < 0 ? -1 : n)
    var out: [SValue] = []
    var i = start
    while step > 0 ? i < stop : i > stop {
      out.append(items[i])
      i += step
    }
    switch container {
    case .list: return .list(ListBox(out))
    case .str: return .str(out.map { if case .str(let c) = $0 { return c } else { return "" } }.joined())
    default: return .tuple(out)
    }
  }

  func attribute(_ base: SValue, _ attr: String, at offset: Int) throws(ScriptFailure) -> SValue {
    switch base {
    case .module(let m): return try ScriptNames.attribute(of: m, attr, at: offset, interpreter: self)
    case .opaque(let path):
      let full = path + "." + attr
      if let v = defines[full] { return v }
      // `optimizer.param_groups` of an optimizer the file doesn't construct: --optimizer's.
      if attr == "param_groups" || attr == "defaults" { return try attribute(.optimizer(currentOptimizer()), attr, at: offset) }
      return .opaque(full)
    case .optimizer(let i):
      switch attr {
      case "param_groups": return paramGroups(i)
      case "defaults":
        let groups = paramGroups(i)
        if case .list(let l) = groups, let first = l.items.first { return first }
        return .dict(DictBox())
      case "step", "zero_grad": throw .loop(offset)
      default: throw unsupported("optimizer.\(attr) is not supported (optimizer.param_groups is)", offset)
      }
    case .scheduler:
      switch attr {
      case "step", "step_update": throw .loop(offset)
      default:
        throw unsupported("scheduler.\(attr) has no value before lrsched runs the schedule", offset)
      }
    case .list(let l):
      guard ["append", "extend", "insert", "pop", "index", "count", "copy", "reverse"].contains(attr) else { break }
      if l.readOnly, ["append", "extend", "insert", "pop", "reverse"].contains(attr) {
        throw unsupported("optimizer.param_groups is read-only in lrsched (a scheduler sets the values)", offset)
      }
      return .method(base, attr)
    case .dict(let d):
      guard ["get", "items", "keys", "values", "update", "setdefault", "copy", "pop"].contains(attr) else { break }
      if d.readOnly, ["update", "setdefault", "pop"].contains(attr) {
        throw unsupported("optimizer.param_groups is read-only in lrsched (a scheduler sets the values)", offset)
      }
      return .method(base, attr)
    case .str:
      guard ["join", "lower", "upper", "startswith", "endswith", "strip", "replace", "split", "format"].contains(attr) else { break }
      return .method(base, attr)
    case .float:
      if attr == "is_integer" { return .method(base, attr) }
    default: break
    }
    throw raise("AttributeError", "'\(base.typeName)' object has no attribute '\(attr)' (in lrsched's Python subset)", offset)
  }

  /// A read-only snapshot of an optimizer's groups as torch shows them.
  func paramGroups(_ i: Int) -> SValue {
    let o = optimizers[i]
    var out: [SValue] = []
    for g in o.groups {
      let d = DictBox(readOnly: true)
      func put(_ k: String, _ v: SValue) {
        d.keys.append(.str(k))
        d.values.append(v)
      }
      put("params", .opaque("params"))
      put("lr", .float(g.lr))
      if o.config.kind.usesBetas {
        put("betas", .tuple([.float(g.beta1), .float(g.beta2)]))
        put("eps", .float(g.eps))
      } else {
        put("momentum", .float(g.momentum))
        put("dampening", .float(g.dampening))
        put("nesterov", .bool(g.nesterov))
      }
      put("weight_decay", .float(g.weightDecay))
      if let v = g.initial.lr { put("initial_lr", .float(v)) }
      out.append(.dict(d))
    }
    return .list(ListBox(out, readOnly: true))
  }

  /// `str(v)` for the values the subset formats.
  func str(_ v: SValue) throws(ScriptFailure) -> String {
    switch v {
    case .str(let s): return s
    default: return v.repr
    }
  }
}
