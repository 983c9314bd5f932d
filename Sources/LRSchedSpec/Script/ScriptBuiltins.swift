import LRSchedCore

/// The builtins scheduler code uses (CPython 3.11's `Python/bltinmodule.c` semantics for
/// the subset's types).
extension ScriptInterpreter {
  static let builtinNames: Set<String> = [
    "abs", "all", "any", "bool", "dict", "enumerate", "filter", "float", "id", "int", "isinstance", "len", "list",
    "map", "max", "min", "range", "round", "sorted", "str", "sum", "tuple", "zip", "pow", "print",
  ]

  func number(_ v: SValue, _ what: String, _ offset: Int) throws(ScriptFailure) -> Num {
    guard let n = v.num else { throw try operandError(v, what, offset) }
    return n
  }

  func pyCall<T>(_ offset: Int, _ body: () throws(ScheduleError) -> T) throws(ScriptFailure) -> T {
    do {
      return try body()
    } catch {
      throw raise(error.pythonType, error.message, offset)
    }
  }

  func arity(_ name: String, _ args: [SValue], _ range: ClosedRange<Int>, _ offset: Int) throws(ScriptFailure) {
    guard range.contains(args.count) else {
      let want = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
      throw raise("TypeError", "\(name)() takes \(want) argument(s) (\(args.count) given)", offset)
    }
  }

  func intArg(_ v: SValue, _ offset: Int) throws(ScriptFailure) -> Int {
    guard case .int(let i)? = v.num, v.typeName != "float" else {
      if case .opaque(let name) = v { throw undefined(name, offset) }
      throw raise("TypeError", "'\(v.typeName)' object cannot be interpreted as an integer", offset)
    }
    return i
  }

  /// `isinstance(x, C)` for a library class `C`: torch's `Optimizer` and `LRScheduler`
  /// bases (`torch.optim.Optimizer`, `from torch.optim.optimizer import Optimizer`), an
  /// optimizer or scheduler class by name. nil: `C` is not a library class.
  func libraryInstance(_ v: SValue, _ t: SValue) -> Bool? {
    let name: String
    switch t {
    case .cls(let c): name = c
    case .module(let m): name = String(m.split(separator: ".").last ?? "")
    default: return nil
    }
    switch v {
    case .optimizer(let i):
      return name == "Optimizer" || optimizers[i].config.kind.rawValue == name
    case .scheduler(let i):
      return name == "LRScheduler" || name == "_LRScheduler" || schedulers[i].className == name
    case .opaque(let text):
      // Something from outside named like the optimizer (`optimizer`, `opt`, `self.optimizer`)
      // is the optimizer, as it is when passed to a scheduler.
      let last = text.split(separator: ".").last.map { String($0).lowercased() } ?? ""
      if name == "Optimizer" { return last.hasPrefix("opt") }
      if case .cls = t { return false }
      return ["LRScheduler", "_LRScheduler"].contains(name) ? false : nil
    default:
      if case .cls = t { return false }
      return ["Optimizer", "LRScheduler", "_LRScheduler"].contains(name) ? false : nil
    }
  }

  func builtin(_ name: String, _ args: [SValue], _ kw: [(String, SValue)], at offset: Int) throws(ScriptFailure) -> SValue {
    if name.hasPrefix("class ") {
      throw unsupported(
        "\(name.dropFirst(6)) is a scheduler class of the file's own; lrsched computes the libraries' schedulers, not a file's get_lr (outside the subset)",
        offset)
    }
    if name == "functools.partial" {
      guard let f = args.first else { throw raise("TypeError", "partial() missing required argument 'func'", offset) }
      return .partial(f, Array(args.dropFirst()), kw)
    }
    if name.hasPrefix("math.") { return try mathFunction(String(name.dropFirst(5)), args, at: offset) }
    if name.hasPrefix("numpy.") { return try numpyFunction(String(name.dropFirst(6)), args, kw, at: offset) }
    let allowedKeywords: [String: [String]] = [
      "max": ["key", "default"], "min": ["key", "default"], "sorted": ["key", "reverse"], "enumerate": ["start"],
      "sum": ["start"], "dict": [], "print": [],
    ]
    if name != "dict" && name != "print", let k = kw.first, !(allowedKeywords[name] ?? []).contains(k.0) {
      throw raise("TypeError", "\(name)() got an unexpected keyword argument '\(k.0)'", offset)
    }
    func kwarg(_ k: String) -> SValue? { kw.first { $0.0 == k }?.1 }
    // Functions over something from outside the file give something from outside.
    if ["list", "tuple", "filter", "map", "sorted", "enumerate", "zip", "id", "iter"].contains(name),
      let o = args.first(where: { if case .opaque = $0 { return true } else { return false } }), case .opaque(let n) = o
    {
      return .opaque("\(name)(\(n))")
    }
    switch name {
    case "print": return .none
    case "abs":
      try arity(name, args, 1...1, offset)
      let n = try number(args[0], "abs()", offset)
      switch n {
      case .complex(let re, let im): return .float(try pyCall(offset) { () throws(ScheduleError) in try PyOps.complexAbs(re, im) })
      case .float(let d): return .float(Swift.abs(d))
      default: return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.binary(.mul, n, n.isNegative ? .int(-1) : .int(1)) })
      }
    case "all", "any":
      try arity(name, args, 1...1, offset)
      for v in try iterate(args[0], at: offset, loop: false) where try truthy(v, offset) != (name == "all") {
        return .bool(name == "any")
      }
      return .bool(name == "all")
    case "bool":
      try arity(name, args, 0...1, offset)
      return .bool(try args.first.map { (a) throws(ScriptFailure) in try truthy(a, offset) } ?? false)
    case "dict":
      let d = DictBox()
      if let first = args.first {
        if case .dict(let src) = first {
          d.keys = src.keys
          d.values = src.values
        } else {
          for pair in try iterate(first, at: offset, loop: false) {
            let kv = try iterate(pair, at: offset, loop: false)
            guard kv.count == 2 else { throw raise("ValueError", "dictionary update sequence element has length \(kv.count); 2 is required", offset) }
            try setItem(.dict(d), kv[0], kv[1], at: offset)
          }
        }
      }
      for (k, v) in kw { try setItem(.dict(d), .str(k), v, at: offset) }
      return .dict(d)
    case "enumerate":
      try arity(name, args, 1...1, offset)
      let start = try kwarg("start").map { (s) throws(ScriptFailure) in try intArg(s, offset) } ?? 0
      return .list(ListBox(try iterate(args[0], at: offset, loop: false).enumerated().map { .tuple([.int(start + $0), $1]) }))
    case "filter":
      try arity(name, args, 2...2, offset)
      var out: [SValue] = []
      for v in try iterate(args[1], at: offset, loop: false) {
        let keep: SValue = if case .none = args[0] { v } else { try callValue(args[0], [v], [], at: offset) }
        if try truthy(keep, offset) { out.append(v) }
      }
      return .list(ListBox(out))
    case "map":
      guard args.count >= 2 else { throw raise("TypeError", "map() must have at least two arguments.", offset) }
      var lists: [[SValue]] = []
      for a in args.dropFirst() { lists.append(try iterate(a, at: offset, loop: false)) }
      let n = lists.map(\.count).min() ?? 0
      var out: [SValue] = []
      for i in 0..<n { out.append(try callValue(args[0], lists.map { $0[i] }, [], at: offset)) }
      return .list(ListBox(out))
    case "float":
      try arity(name, args, 0...1, offset)
      guard let a = args.first else { return .float(0) }
      if case .str(let s) = a {
        let t = s.trimmingSpaces().lowercased()
        switch t {
        case "inf", "+inf", "infinity", "+infinity": return .float(.infinity)
        case "-inf", "-infinity": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default:
          guard let d = Double(t.filter { $0 != "_" }) else { throw raise("ValueError", "could not convert string to float: \(a.repr)", offset) }
          return .float(d)
        }
      }
      let n = try number(a, "float()", offset)
      if n.isComplex { throw raise("TypeError", "float() argument must be a string or a real number, not 'complex'", offset) }
      return .float(try pyCall(offset) { () throws(ScheduleError) in try n.toDouble() })
    case "int":
      try arity(name, args, 0...1, offset)
      guard let a = args.first else { return .int(0) }
      if case .str(let s) = a {
        guard let i = Int(s.trimmingSpaces().filter { $0 != "_" }) else {
          throw raise("ValueError", "invalid literal for int() with base 10: \(a.repr)", offset)
        }
        return .int(i)
      }
      let n = try number(a, "int()", offset)
      return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.toInt(n) })
    case "id": return .opaque("id(…)")
    case "isinstance":
      try arity(name, args, 2...2, offset)
      let types: [SValue] = if case .tuple(let t) = args[1] { t } else { [args[1]] }
      for t in types {
        if let match = libraryInstance(args[0], t) {
          if match { return .bool(true) }
          continue
        }
        guard case .builtin(let tn) = t, ["int", "float", "str", "list", "tuple", "dict", "bool"].contains(tn) else {
          throw unsupported("isinstance() with this type is not supported", offset)
        }
        if args[0].typeName == tn || (tn == "int" && args[0].typeName == "bool") { return .bool(true) }
      }
      return .bool(false)
    case "len":
      try arity(name, args, 1...1, offset)
      switch args[0] {
      case .str(let s): return .int(s.count)
      case .dict(let d): return .int(d.keys.count)
      case .opaque(let n):
        let base = n.hasSuffix("()") ? String(n.dropLast(2)) : n
        if base.lowercased().contains("loader") {
          note("len(\(n)) = \(settings.stepsPerEpoch), the run's --steps-per-epoch")
          return .int(settings.stepsPerEpoch)
        }
        throw undefined(n, offset)
      default: return .int(try iterate(args[0], at: offset, loop: false).count)
      }
    case "list", "tuple":
      try arity(name, args, 0...1, offset)
      let items = try args.first.map { (a) throws(ScriptFailure) in try iterate(a, at: offset, loop: false) } ?? []
      return name == "list" ? .list(ListBox(items)) : .tuple(items)
    case "max", "min":
      var items = args
      if args.count == 1 { items = try iterate(args[0], at: offset, loop: false) }
      guard args.count >= 1 else { throw raise("TypeError", "\(name) expected at least 1 argument, got 0", offset) }
      guard var best = items.first else {
        if let d = kwarg("default") { return d }
        throw raise("ValueError", "\(name)() arg is an empty sequence", offset)
      }
      let key = kwarg("key")
      var bestKey = try key.map { (k) throws(ScriptFailure) in try callValue(k, [best], [], at: offset) } ?? best
      for v in items.dropFirst() {
        let vk = try key.map { (k) throws(ScriptFailure) in try callValue(k, [v], [], at: offset) } ?? v
        if try compare(name == "min" ? .lt : .gt, vk, bestKey, at: offset) {
          best = v
          bestKey = vk
        }
      }
      return best
    case "range":
      try arity(name, args, 1...3, offset)
      var ints: [Int] = []
      for a in args { ints.append(try intArg(a, offset)) }
      if ints.count == 1 { return .range(0, ints[0], 1) }
      if ints.count == 3 && ints[2] == 0 { throw raise("ValueError", "range() arg 3 must not be zero", offset) }
      return .range(ints[0], ints[1], ints.count == 3 ? ints[2] : 1)
    case "round":
      try arity(name, args, 1...2, offset)
      let x = try number(args[0], "round()", offset)
      if args.count == 2, case .none = args[1] { return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.round(x) }) }
      if args.count == 2 {
        let nd = try number(args[1], "round()", offset)
        return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.round(x, ndigits: nd) })
      }
      return SValue(try pyCall(offset) { () throws(ScheduleError) in try PyOps.round(x) })
    case "sorted":
      try arity(name, args, 1...1, offset)
      var items = try iterate(args[0], at: offset, loop: false)
      let key = kwarg("key")
      var keys: [SValue] = []
      for v in items { keys.append(try key.map { (k) throws(ScriptFailure) in try callValue(k, [v], [], at: offset) } ?? v) }
      var order = Array(items.indices)
      var failure: ScriptFailure?
      // Insertion sort: stable, as Python's sort, and every comparison can fail.
      for i in 1..<max(1, order.count) {
        var j = i
        while j > 0 {
          let less: Bool
          do { less = try compare(.lt, keys[order[j]], keys[order[j - 1]], at: offset) } catch { failure = error; break }
          if !less { break }
          order.swapAt(j, j - 1)
          j -= 1
        }
        if failure != nil { break }
        try spend(offset, i)
      }
      if let failure { throw failure }
      items = order.map { items[$0] }
      if let r = kwarg("reverse"), try truthy(r, offset) { items.reverse() }
      return .list(ListBox(items))
    case "str":
      try arity(name, args, 0...1, offset)
      return .str(try args.first.map { (a) throws(ScriptFailure) in try str(a) } ?? "")
    case "sum":
      try arity(name, args, 1...2, offset)
      var total = args.count == 2 ? args[1] : (kwarg("start") ?? .int(0))
      for v in try iterate(args[0], at: offset, loop: false) { total = try binary(.add, total, v, at: offset) }
      return total
    case "zip":
      var lists: [[SValue]] = []
      for a in args { lists.append(try iterate(a, at: offset, loop: false)) }
      let n = lists.map(\.count).min() ?? 0
      return .list(ListBox((0..<n).map { i in .tuple(lists.map { $0[i] }) }))
    case "pow":
      try arity(name, args, 2...2, offset)
      return try binary(.pow, args[0], args[1], at: offset)
    default:
      throw unsupported("the builtin '\(name)' is not part of the Python subset lrsched reads", offset)
    }
  }
}

extension Num {
  var isNegative: Bool {
    switch self {
    case .int(let i): return i < 0
    case .big(let b): return b.negative
    case .float(let d): return d < 0
    case .complex: return false
    }
  }
}
