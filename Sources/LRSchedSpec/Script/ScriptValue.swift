import LRSchedCore

/// A Python list or dict as the statement interpreter holds it: a reference, so aliases
/// see each other's changes as in Python. `readOnly` marks `optimizer.param_groups`.
final class ListBox {
  var items: [SValue]
  var readOnly: Bool

  init(_ items: [SValue], readOnly: Bool = false) {
    self.items = items
    self.readOnly = readOnly
  }
}

final class DictBox {
  var keys: [SValue]
  var values: [SValue]
  var readOnly: Bool

  init(keys: [SValue] = [], values: [SValue] = [], readOnly: Bool = false) {
    self.keys = keys
    self.values = values
    self.readOnly = readOnly
  }

  func index(of key: SValue) -> Int? { keys.firstIndex { $0.pyEquals(key) } }

  subscript(key: String) -> SValue? {
    index(of: .str(key)).map { values[$0] }
  }
}

/// A function the file defines (`def` or `lambda`), with the scope it closes over.
final class ScriptFunction: @unchecked Sendable {
  enum Body {
    case statements([Statement])
    case expression(Node)
  }
  let name: String
  let params: [FunctionParam]
  let defaults: [SValue?]
  let body: Body
  let closure: Scope
  let offset: Int

  init(name: String, params: [FunctionParam], defaults: [SValue?], body: Body, closure: Scope, offset: Int) {
    self.name = name
    self.params = params
    self.defaults = defaults
    self.body = body
    self.closure = closure
    self.offset = offset
  }
}

/// A scope: a function call's locals, or the file's globals (no parent).
final class Scope {
  var vars: [String: SValue] = [:]
  let parent: Scope?
  var globalNames: Set<String> = []

  init(parent: Scope?) { self.parent = parent }

  func lookup(_ name: String) -> SValue? {
    if let v = vars[name] { return v }
    return parent?.lookup(name)
  }
}

/// A value of the statement interpreter.
indirect enum SValue {
  case int(Int)
  case big(BigInt)
  case float(Double)
  case complex(Double, Double)
  case bool(Bool)
  case str(String)
  case none
  case list(ListBox)
  case tuple([SValue])
  case dict(DictBox)
  case range(Int, Int, Int)
  case function(ScriptFunction)
  /// A builtin or library function, by its qualified name (`len`, `math.cos`, `numpy.exp`).
  case builtin(String)
  /// `receiver.name` for a method lrsched knows (`list.append`, `dict.get`, …).
  case method(SValue, String)
  /// A module of a supported library (`torch.optim`, `math`, `numpy`), by its full name.
  case module(String)
  /// A scheduler or optimizer class (or a factory function), by its short name.
  case cls(String)
  case optimizer(Int)
  case scheduler(Int)
  /// Something from outside the file (an undefined name, a model, a loader, an ignored
  /// module), by the text that names it: usable only where its value doesn't matter.
  case opaque(String)
  /// `functools.partial(func, *args, **keywords)`.
  case partial(SValue, [SValue], [(String, SValue)])

  var typeName: String {
    switch self {
    case .int, .big: return "int"
    case .float: return "float"
    case .complex: return "complex"
    case .bool: return "bool"
    case .str: return "str"
    case .none: return "NoneType"
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    case .range: return "range"
    case .function: return "function"
    case .builtin, .method: return "builtin_function_or_method"
    case .module: return "module"
    case .cls: return "type"
    case .optimizer: return "Optimizer"
    case .scheduler: return "LRScheduler"
    case .opaque: return "object"
    case .partial: return "functools.partial"
    }
  }

  /// The number as the arithmetic computes with it (`bool` is an int).
  var num: Num? {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .big(b)
    case .float(let d): return .float(d)
    case .complex(let re, let im): return .complex(re, im)
    case .bool(let b): return .int(b ? 1 : 0)
    default: return nil
    }
  }

  init(_ n: Num) {
    switch n {
    case .int(let i): self = .int(i)
    case .big(let b): self = .big(b)
    case .float(let d): self = .float(d)
    case .complex(let re, let im): self = .complex(re, im)
    }
  }

  var repr: String {
    switch self {
    case .int(let i): return String(i)
    case .big(let b): return b.description
    case .float(let d): return PyFormat.repr(d)
    case .complex(let re, let im): return PyValue.complex(re, im).repr
    case .bool(let b): return b ? "True" : "False"
    case .str(let s): return "'" + s + "'"
    case .none: return "None"
    case .list(let l): return "[" + l.items.map(\.repr).joined(separator: ", ") + "]"
    case .tuple(let l): return l.count == 1 ? "(" + l[0].repr + ",)" : "(" + l.map(\.repr).joined(separator: ", ") + ")"
    case .dict(let d): return "{" + zip(d.keys, d.values).map { $0.repr + ": " + $1.repr }.joined(separator: ", ") + "}"
    case .range(let a, let b, let s): return s == 1 ? "range(\(a), \(b))" : "range(\(a), \(b), \(s))"
    case .function(let f): return "<function \(f.name)>"
    case .builtin(let n): return "<built-in function \(n)>"
    case .method(_, let n): return "<method \(n)>"
    case .module(let m): return "<module '\(m)'>"
    case .cls(let c): return "<class '\(c)'>"
    case .optimizer: return "<optimizer>"
    case .scheduler: return "<scheduler>"
    case .opaque(let t): return t
    case .partial(let f, _, _): return "functools.partial(\(f.repr), …)"
    }
  }

  /// Python's `==` for the values the subset compares.
  func pyEquals(_ other: SValue) -> Bool {
    if let a = num, let b = other.num { return (try? PyOps.compare(.eq, a, b)) ?? false }
    switch (self, other) {
    case (.str(let a), .str(let b)): return a == b
    case (.none, .none): return true
    case (.list(let a), .list(let b)): return a === b || Self.equalItems(a.items, b.items)
    case (.tuple(let a), .tuple(let b)): return Self.equalItems(a, b)
    case (.dict(let a), .dict(let b)):
      return a === b || (a.keys.count == b.keys.count && zip(a.keys, a.values).allSatisfy { k, v in b.index(of: k).map { b.values[$0].pyEquals(v) } ?? false })
    case (.range(let a0, let a1, let a2), .range(let b0, let b1, let b2)): return a0 == b0 && a1 == b1 && a2 == b2
    case (.function(let a), .function(let b)): return a === b
    case (.builtin(let a), .builtin(let b)), (.module(let a), .module(let b)), (.cls(let a), .cls(let b)): return a == b
    case (.optimizer(let a), .optimizer(let b)), (.scheduler(let a), .scheduler(let b)): return a == b
    default: return false
    }
  }

  static func equalItems(_ a: [SValue], _ b: [SValue]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.pyEquals($1) }
  }

  /// The Python literal value, when this is one (for constructor arguments and lint).
  var pyValue: PyValue? {
    switch self {
    case .int(let i): return .int(i)
    case .big(let b): return .bigInt(b)
    case .float(let d): return .float(d)
    case .complex(let re, let im): return .complex(re, im)
    case .bool(let b): return .bool(b)
    case .str(let s): return .string(s)
    case .none: return PyValue.none
    case .list(let l):
      var out: [PyValue] = []
      for i in l.items {
        guard let v = i.pyValue else { return nil }
        out.append(v)
      }
      return .list(out)
    case .tuple(let l):
      var out: [PyValue] = []
      for i in l {
        guard let v = i.pyValue else { return nil }
        out.append(v)
      }
      return .tuple(out)
    case .dict(let d):
      var out: [(PyValue, PyValue)] = []
      for (k, v) in zip(d.keys, d.values) {
        guard let kv = k.pyValue, let vv = v.pyValue else { return nil }
        out.append((kv, vv))
      }
      return .dict(out)
    default: return nil
    }
  }
}
