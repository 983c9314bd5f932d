import LRSchedCore

/// A Python value as the spec language evaluates it.
public indirect enum PyValue: Sendable {
  case int(Int)
  /// An int beyond 64 bits (only lambdas and constant expressions compute these).
  case bigInt(BigInt)
  case float(Double)
  /// A complex number (`(-3) ** 0.5`); only lambdas compute these.
  case complex(Double, Double)
  case bool(Bool)
  case string(String)
  case none
  case list([PyValue])
  case tuple([PyValue])
  case dict([(PyValue, PyValue)])

  /// Python's type name, for messages.
  public var typeName: String {
    switch self {
    case .int, .bigInt: return "int"
    case .float: return "float"
    case .complex: return "complex"
    case .bool: return "bool"
    case .string: return "str"
    case .none: return "NoneType"
    case .list: return "list"
    case .tuple: return "tuple"
    case .dict: return "dict"
    }
  }

  /// The number, if this is an int, float or bool (an int beyond 64 bits as its float
  /// value, `nil` if it has none).
  public var number: PyNumber? {
    switch self {
    case .int(let i): return .int(i)
    case .bigInt(let b): return (try? b.toDouble()).map { .float($0) }
    case .float(let d): return .float(d)
    case .bool(let b): return .int(b ? 1 : 0)
    default: return nil
    }
  }

  /// The number as the evaluator computes with it.
  var num: Num? {
    switch self {
    case .int(let i): return .int(i)
    case .bigInt(let b): return .big(b)
    case .float(let d): return .float(d)
    case .complex(let re, let im): return .complex(re, im)
    case .bool(let b): return .int(b ? 1 : 0)
    default: return nil
    }
  }

  public var isTruthy: Bool {
    switch self {
    case .int(let i): return i != 0
    case .bigInt: return true
    case .float(let d): return d != 0
    case .complex(let re, let im): return re != 0 || im != 0
    case .bool(let b): return b
    case .string(let s): return !s.isEmpty
    case .none: return false
    case .list(let l), .tuple(let l): return !l.isEmpty
    case .dict(let d): return !d.isEmpty
    }
  }

  /// `repr(value)` as Python prints it.
  public var repr: String {
    switch self {
    case .int(let i): return String(i)
    case .bigInt(let b): return b.description
    case .float(let d): return PyFormat.repr(d)
    case .complex(let re, let im):
      // complex_repr: `1.5j` when the real part is +0.0, else `(re±imj)`; the parts are
      // repr'd without a forced `.0` (`(1+2j)`).
      func part(_ d: Double) -> String {
        let t = PyFormat.repr(d)
        return t.hasSuffix(".0") ? String(t.dropLast(2)) : t
      }
      let imText = part(im) + "j"
      if re == 0 && re.sign == .plus { return imText }
      return "(" + part(re) + (im.sign == .minus && !im.isNaN ? "" : "+") + imText + ")"
    case .bool(let b): return b ? "True" : "False"
    case .string(let s): return "'" + s + "'"
    case .none: return "None"
    case .list(let l): return "[" + l.map(\.repr).joined(separator: ", ") + "]"
    case .tuple(let l): return l.count == 1 ? "(" + l[0].repr + ",)" : "(" + l.map(\.repr).joined(separator: ", ") + ")"
    case .dict(let d): return "{" + d.map { $0.0.repr + ": " + $0.1.repr }.joined(separator: ", ") + "}"
    }
  }
}
