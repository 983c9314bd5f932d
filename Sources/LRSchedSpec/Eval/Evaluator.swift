import LRSchedCore

/// Evaluates spec expressions: constant arguments (`0.1`, `[3, 6]`, `float('inf')`,
/// `1e-3 * 4`) and lambda bodies, with Python semantics.
///
/// Lambdas are checked once when compiled (names, functions, arity), so calling one can
/// only raise the arithmetic exceptions Python would raise (`ZeroDivisionError`,
/// `ValueError: math domain error`, `OverflowError`).
public struct Evaluator: Sendable {
  public let source: String

  public init(source: String) { self.source = source }

  static let mathFunctions: [String: ClosedRange<Int>] = [
    "cos": 1...1, "sin": 1...1, "tan": 1...1, "tanh": 1...1, "exp": 1...1, "log": 1...2, "log10": 1...1,
    "log2": 1...1, "sqrt": 1...1, "floor": 1...1, "ceil": 1...1, "pow": 2...2, "fabs": 1...1,
  ]
  static let mathConstants: [String: Double] = [
    "pi": Double.pi, "e": 2.718281828459045, "tau": 6.283185307179586, "inf": .infinity, "nan": .nan,
  ]
  static let builtins: [String: ClosedRange<Int>] = [
    "min": 1...64, "max": 1...64, "abs": 1...1, "int": 1...1, "float": 1...1, "round": 1...2,
  ]

  func fail(_ message: String, _ node: Node) -> SpecError {
    SpecError(message, source: source, column: node.offset)
  }

  // MARK: - Constants

  /// Evaluates a constant expression (no free names except `math.*` and `True` …).
  public func constant(_ node: Node) throws(SpecError) -> PyValue {
    try validate(node, params: [])
    do {
      return try eval(node, env: nil)
    } catch {
      throw SpecError("\(error.pythonType): \(error.message)", source: source, column: node.offset)
    }
  }

  // MARK: - Lambdas

  /// Compiles `lambda x: body` into a callable of one int.
  public func lambda(_ node: Node) throws(SpecError) -> PyLambda {
    guard case .lambda(let params, let body) = node.expr else {
      throw fail("expected a lambda (e.g. lambda epoch: 0.95 ** epoch)", node)
    }
    guard params.count == 1 else {
      throw fail("a schedule lambda takes exactly one parameter, this one takes \(params.count)", node)
    }
    try validate(body, params: params)
    let name = params[0]
    let text = sourceText(of: node)
    let me = self
    return PyLambda(source: text) { (x: Int) throws(ScheduleError) -> PyNumber in
      let v = try me.eval(body, env: (name, x))
      guard let n = v.num else { throw ScheduleError("TypeError", "lambda returned \(v.typeName), expected a number") }
      return try n.pyNumber()
    }
  }

  func sourceText(of node: Node) -> String {
    let chars = Array(source)
    guard node.offset < chars.count else { return "" }
    // Up to the end of the lambda: naive but sufficient for display (to the matching
    // closing bracket or comma at depth 0).
    var depth = 0
    var i = node.offset
    while i < chars.count {
      let c = chars[i]
      if "([{".contains(c) { depth += 1 }
      if ")]}".contains(c) {
        if depth == 0 { break }
        depth -= 1
      }
      if c == "," && depth == 0 { break }
      i += 1
    }
    return String(chars[node.offset..<i]).trimmingSpaces()
  }

  /// Checks that a body uses only the subset.
  func validate(_ node: Node, params: [String]) throws(SpecError) {
    switch node.expr {
    case .int, .float, .bool, .none, .string: return
    case .name(let n):
      if params.contains(n) { return }
      if n == "math" { throw fail("'math' alone is not a value; use math.cos, math.pi, …", node) }
      let known = params + ["math"]
      if let s = Suggest.closest(to: n, in: known) {
        throw fail("unknown name '\(n)'; did you mean '\(s)'?", node)
      }
      throw fail("unknown name '\(n)'" + (params.isEmpty ? "" : "; the lambda's parameter is '\(params[0])'"), node)
    case .attribute(let base, let attr):
      guard base.dottedName == "math" else { throw fail("attribute access is limited to math.*", node) }
      if Self.mathConstants[attr] != nil { return }
      let all = Array(Self.mathConstants.keys) + Array(Self.mathFunctions.keys)
      if Self.mathFunctions[attr] != nil { throw fail("math.\(attr) is a function; call it", node) }
      let hint = Suggest.closest(to: attr, in: all).map { "; did you mean 'math.\($0)'?" } ?? ""
      throw fail("math.\(attr) is not in the lambda subset\(hint)", node)
    case .list(let items), .tuple(let items):
      for i in items { try validate(i, params: params) }
    case .dict(let items):
      guard params.isEmpty else { throw fail("a dict is not allowed in a lambda", node) }
      for (k, v) in items {
        try validate(k, params: params)
        try validate(v, params: params)
      }
    case .call(let f, let args, let keywords):
      if let k = keywords.first {
        throw SpecError("keyword arguments are not supported in expressions", source: source, column: k.offset)
      }
      guard let name = f.dottedName else { throw fail("only named functions can be called here", f) }
      let arity: ClosedRange<Int>
      if name.hasPrefix("math.") {
        let fn = String(name.dropFirst(5))
        guard let a = Self.mathFunctions[fn] else {
          let hint = Suggest.closest(to: fn, in: Array(Self.mathFunctions.keys)).map { "; did you mean 'math.\($0)'?" } ?? ""
          throw fail("function '\(name)' is not in the lambda subset\(hint)", f)
        }
        arity = a
      } else if let a = Self.builtins[name] {
        arity = a
      } else {
        let all = Array(Self.builtins.keys) + Self.mathFunctions.keys.map { "math." + $0 }
        let hint = Suggest.closest(to: name, in: all).map { "; did you mean '\($0)'?" } ?? ""
        throw fail("function '\(name)' is not in the lambda subset (min, max, abs, int, float, round, math.*)\(hint)", f)
      }
      guard arity.contains(args.count) else {
        throw fail("\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)") argument(s), got \(args.count)", f)
      }
      for a in args { try validate(a, params: params) }
    case .lambda:
      throw fail("a lambda is not allowed here", node)
    case .unary(_, let a), .not(let a):
      try validate(a, params: params)
    case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
      try validate(a, params: params)
      try validate(b, params: params)
    case .compare(let a, let rest):
      try validate(a, params: params)
      for (_, b) in rest { try validate(b, params: params) }
    case .ifElse(let body, let cond, let orElse):
      try validate(body, params: params)
      try validate(cond, params: params)
      try validate(orElse, params: params)
    case .index, .slice, .comprehension, .starred, .fstring:
      throw fail("this expression is not part of a one-expression spec (a statement file may use it)", node)
    case .function, .built:
      throw fail("a function or scheduler object is not a constant here", node)
    }
  }

  func number(_ v: PyValue, _ what: String) throws(ScheduleError) -> Num {
    guard let n = v.num else {
      throw ScheduleError("TypeError", "unsupported operand type for \(what): '\(v.typeName)'")
    }
    return n
  }

  /// Evaluates a validated node.
  func eval(_ node: Node, env: (String, Int)?) throws(ScheduleError) -> PyValue {
    switch node.expr {
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    case .bool(let b): return .bool(b)
    case .none: return .none
    case .string(let s): return .string(s)
    case .name:
      return .int(env!.1)
    case .attribute(_, let attr):
      return .float(Self.mathConstants[attr]!)
    case .list(let items):
      var out: [PyValue] = []
      for i in items { out.append(try eval(i, env: env)) }
      return .list(out)
    case .tuple(let items):
      var out: [PyValue] = []
      for i in items { out.append(try eval(i, env: env)) }
      return .tuple(out)
    case .dict(let items):
      var out: [(PyValue, PyValue)] = []
      for (k, v) in items { out.append((try eval(k, env: env), try eval(v, env: env))) }
      return .dict(out)
    case .call(let f, let argNodes, _):
      let name = f.dottedName!
      var args: [PyValue] = []
      for a in argNodes { args.append(try eval(a, env: env)) }
      return try call(name, args)
    case .lambda:
      throw ScheduleError("TypeError", "lambda")
    case .unary(let op, let a):
      let n = try number(try eval(a, env: env), "unary \(op.rawValue)")
      if op == .pos { return n.pyValue }
      switch n {
      case .int(let i):
        if i == .min { return .bigInt(-BigInt(i)) }
        return .int(-i)
      case .big(let b): return try Num.int(-b).pyValue
      case .float(let d): return .float(-d)
      case .complex(let re, let im): return .complex(-re, -im)
      }
    case .not(let a):
      return .bool(!(try eval(a, env: env)).isTruthy)
    case .binary(let op, let a, let b):
      let va = try eval(a, env: env), vb = try eval(b, env: env)
      let x = try number(va, op.rawValue)
      let y = try number(vb, op.rawValue)
      return try PyOps.binary(op, x, y, names: (va.typeName, vb.typeName)).pyValue
    case .and(let a, let b):
      let l = try eval(a, env: env)
      return l.isTruthy ? try eval(b, env: env) : l
    case .or(let a, let b):
      let l = try eval(a, env: env)
      return l.isTruthy ? l : try eval(b, env: env)
    case .compare(let first, let rest):
      var leftValue = try eval(first, env: env)
      var left = try number(leftValue, "comparison")
      for (op, n) in rest {
        let rightValue = try eval(n, env: env)
        let right = try number(rightValue, "comparison")
        if try !PyOps.compare(op, left, right, names: (leftValue.typeName, rightValue.typeName)) {
          return .bool(false)
        }
        left = right
        leftValue = rightValue
      }
      return .bool(true)
    case .ifElse(let body, let cond, let orElse):
      return (try eval(cond, env: env)).isTruthy ? try eval(body, env: env) : try eval(orElse, env: env)
    case .index, .slice, .comprehension, .starred, .fstring, .function, .built:
      // `validate` refuses these first.
      throw ScheduleError("TypeError", "expression outside the spec subset")
    }
  }

  func call(_ name: String, _ args: [PyValue]) throws(ScheduleError) -> PyValue {
    if name.hasPrefix("math.") {
      var nums: [Num] = []
      for a in args { nums.append(try number(a, name)) }
      return try PyOps.math(String(name.dropFirst(5)), nums).pyValue
    }
    switch name {
    case "min", "max":
      var items = args
      if args.count == 1 {
        switch args[0] {
        case .list(let l), .tuple(let l): items = l
        default: throw ScheduleError("TypeError", "'\(args[0].typeName)' object is not iterable")
        }
      }
      guard !items.isEmpty else { throw ScheduleError("ValueError", "\(name)() arg is an empty sequence") }
      var best = items[0]
      var bestN = try number(best, name)
      for v in items.dropFirst() {
        let n = try number(v, name)
        if try PyOps.compare(name == "min" ? .lt : .gt, n, bestN, names: (v.typeName, best.typeName)) {
          best = v
          bestN = n
        }
      }
      return best
    case "abs":
      switch try number(args[0], "abs") {
      case .int(let i):
        if i == .min { return .bigInt(-BigInt(i)) }
        return .int(Swift.abs(i))
      case .big(let b): return .bigInt(b.negative ? -b : b)
      case .float(let d): return .float(Swift.abs(d))
      case .complex(let re, let im): return .float(try PyOps.complexAbs(re, im))
      }
    case "int":
      if case .string(let s) = args[0] {
        guard let i = Int(s.trimmingSpaces()) else {
          throw ScheduleError("ValueError", "invalid literal for int() with base 10: '\(s)'")
        }
        return .int(i)
      }
      return try PyOps.toInt(try number(args[0], "int")).pyValue
    case "float":
      if case .string(let s) = args[0] {
        switch s.trimmingSpaces().lowercased() {
        case "inf", "+inf", "infinity": return .float(.infinity)
        case "-inf", "-infinity": return .float(-.infinity)
        case "nan": return .float(.nan)
        default:
          guard let d = Double(s.trimmingSpaces()) else {
            throw ScheduleError("ValueError", "could not convert string to float: '\(s)'")
          }
          return .float(d)
        }
      }
      let x = try number(args[0], "float")
      if x.isComplex {
        throw ScheduleError("TypeError", "float() argument must be a string or a real number, not 'complex'")
      }
      return .float(try x.toDouble())
    case "round":
      let x = try number(args[0], "round")
      if x.isComplex { throw ScheduleError("TypeError", "type complex doesn't define __round__ method") }
      if args.count == 2 {
        if case .none = args[1] { return try PyOps.round(x).pyValue }
        return try PyOps.round(x, ndigits: try number(args[1], "round")).pyValue
      }
      return try PyOps.round(x).pyValue
    default:
      throw ScheduleError("NameError", "name '\(name)' is not defined")
    }
  }
}

extension PyNumber {
  var pyValue: PyValue {
    switch self {
    case .int(let i): return .int(i)
    case .float(let d): return .float(d)
    }
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\n" || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\n" || l == "\t" { s.removeLast() }
    return String(s)
  }
}
