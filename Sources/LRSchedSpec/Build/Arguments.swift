import LRSchedCore

/// The arguments of one constructor call, bound to the class's Python signature.
/// Accessors convert with Python's rules and fail with the argument's column.
public struct Arguments: Sendable {
  public let className: String
  public let call: Node
  public let values: [String: Node]
  let evaluator: Evaluator

  func fail(_ message: String, _ node: Node) -> SpecError {
    SpecError(message, source: evaluator.source, column: node.offset)
  }

  /// Whether the argument was given (and is not `None`).
  public func has(_ name: String) -> Bool {
    guard let n = values[name] else { return false }
    if case .none = n.expr { return false }
    return true
  }

  public func node(_ name: String) -> Node? { values[name] }

  public func value(_ name: String) throws(SpecError) -> PyValue? {
    guard let n = values[name] else { return nil }
    return try evaluator.constant(n)
  }

  /// A number argument (`int` or `float`), `nil` when absent or `None`.
  public func number(_ name: String) throws(SpecError) -> PyNumber? {
    guard let n = values[name], let v = try value(name) else { return nil }
    if case .none = v { return nil }
    guard case let num? = v.number else {
      throw fail("\(className)(): \(name) must be a number, got \(v.repr) (\(v.typeName))", n)
    }
    if case .float(let d) = num, d.isNaN {
      throw fail("\(className)(): \(name) is NaN", n)
    }
    return num
  }

  public func double(_ name: String, _ fallback: Double) throws(SpecError) -> Double {
    try number(name)?.double ?? fallback
  }

  public func requiredDouble(_ name: String) throws(SpecError) -> Double {
    guard let v = try number(name) else { throw missing(name) }
    return v.double
  }

  /// An int argument; a float with an integral value is refused as Python would for
  /// range-like arguments.
  public func int(_ name: String, _ fallback: Int) throws(SpecError) -> Int {
    guard let n = values[name], let v = try number(name) else { return fallback }
    guard case .int(let i) = v else {
      throw fail("\(className)(): \(name) must be an int, got \(v)", n)
    }
    return i
  }

  public func requiredInt(_ name: String) throws(SpecError) -> Int {
    guard values[name] != nil else { throw missing(name) }
    return try int(name, 0)
  }

  public func bool(_ name: String, _ fallback: Bool) throws(SpecError) -> Bool {
    guard let n = values[name], let v = try value(name) else { return fallback }
    switch v {
    case .bool(let b): return b
    case .int(let i): return i != 0
    default: throw fail("\(className)(): \(name) must be True or False, got \(v.repr)", n)
    }
  }

  public func string(_ name: String, _ fallback: String) throws(SpecError) -> String {
    guard let n = values[name], let v = try value(name) else { return fallback }
    guard case .string(let s) = v else {
      throw fail("\(className)(): \(name) must be a string, got \(v.repr) (\(v.typeName))", n)
    }
    return s
  }

  /// A float or a list/tuple of floats (per param group); `isList` tells which.
  public func doubles(_ name: String, _ fallback: [Double]) throws(SpecError) -> (values: [Double], isList: Bool) {
    guard let n = values[name], let v = try value(name) else { return (fallback, false) }
    switch v {
    case .list(let items), .tuple(let items):
      var out: [Double] = []
      for it in items {
        guard let x = it.number else {
          throw fail("\(className)(): \(name) must hold numbers, got \(it.repr)", n)
        }
        out.append(x.double)
      }
      if out.isEmpty { throw fail("\(className)(): \(name) is an empty list", n) }
      return (out, true)
    default:
      guard let x = v.number else {
        throw fail("\(className)(): \(name) must be a number or a list of numbers, got \(v.repr) (\(v.typeName))", n)
      }
      return ([x.double], false)
    }
  }

  /// A per-group argument (torch's `_format_param`): a number, or a list that must then
  /// have one value per group, even when it has a single element.
  public func perGroup(_ name: String, _ fallback: [Double]) throws(SpecError) -> PerGroup {
    let (values, isList) = try doubles(name, fallback)
    return PerGroup(values, isList: isList)
  }

  public func ints(_ name: String) throws(SpecError) -> [Int]? {
    guard let n = values[name], let v = try value(name) else { return nil }
    switch v {
    case .list(let items), .tuple(let items):
      var out: [Int] = []
      for it in items {
        guard case .int(let i) = it else {
          throw fail("\(className)(): \(name) must be a list of ints, got \(it.repr)", n)
        }
        out.append(i)
      }
      return out
    default:
      throw fail("\(className)(): \(name) must be a list of ints, got \(v.repr) (\(v.typeName))", n)
    }
  }

  /// A list/tuple of numbers (ints or floats), as doubles; `nil` when absent.
  public func numbers(_ name: String) throws(SpecError) -> [Double]? {
    guard let n = values[name], let v = try value(name) else { return nil }
    switch v {
    case .list(let items), .tuple(let items):
      var out: [Double] = []
      for it in items {
        guard let x = it.number else {
          throw fail("\(className)(): \(name) must be a list of numbers, got \(it.repr)", n)
        }
        out.append(x.double)
      }
      return out
    default:
      throw fail("\(className)(): \(name) must be a list of numbers, got \(v.repr) (\(v.typeName))", n)
    }
  }

  /// A lambda or a list of lambdas (one per param group).
  public func lambdas(_ name: String) throws(SpecError) -> (lambdas: [PyLambda], isList: Bool)? {
    guard let n = values[name] else { return nil }
    if case .none = n.expr { return nil }
    if case .list(let items) = n.expr {
      var out: [PyLambda] = []
      for it in items { out.append(try lambda(it)) }
      if out.isEmpty { throw fail("\(className)(): \(name) is an empty list", n) }
      return (out, true)
    }
    if case .tuple(let items) = n.expr {
      var out: [PyLambda] = []
      for it in items { out.append(try lambda(it)) }
      return (out, true)
    }
    return ([try lambda(n)], false)
  }

  /// One callable: a lambda of the spec, or a function a statement file defined.
  func lambda(_ n: Node) throws(SpecError) -> PyLambda {
    if case .function(let f) = n.expr { return f }
    return try evaluator.lambda(n)
  }

  public func missing(_ name: String) -> SpecError {
    fail("\(className)() missing required argument '\(name)'", call)
  }

  /// Refuses a value outside what makes sense before any arithmetic runs.
  public func require(_ ok: Bool, _ name: String, _ message: String) throws(SpecError) {
    if !ok { throw fail("\(className)(): \(name) \(message)", values[name] ?? call) }
  }
}
