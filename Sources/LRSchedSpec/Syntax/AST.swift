import LRSchedCore

/// A node of a parsed spec with its offset (in characters) in the source.
public struct Node: Sendable {
  public var expr: Expr
  public var offset: Int

  public init(_ expr: Expr, at offset: Int) {
    self.expr = expr
    self.offset = offset
  }
}

/// A keyword argument `name=value`.
public struct Keyword: Sendable {
  public var name: String
  public var offset: Int
  public var value: Node

  public init(name: String, offset: Int, value: Node) {
    self.name = name
    self.offset = offset
    self.value = value
  }
}

/// Python's arithmetic operators (`+ - * / // % **`); the raw value is Python's spelling.
public enum BinaryOp: String, Sendable, CaseIterable {
  case add = "+", sub = "-", mul = "*", div = "/", floorDiv = "//", mod = "%", pow = "**"
}

/// Python's unary arithmetic operators.
public enum UnaryOp: String, Sendable, CaseIterable {
  case neg = "-", pos = "+"
}

/// Python's comparison operators. Specs use the six orderings; statement files also use
/// membership (`in`, `not in`) and identity (`is`, `is not`).
public enum CompareOp: String, Sendable, CaseIterable {
  case lt = "<", le = "<=", gt = ">", ge = ">=", eq = "==", ne = "!="
  case isIn = "in", notIn = "not in", isSame = "is", isNot = "is not"
}

/// What a comprehension builds: `[x for …]`, `(x for …)`, `{k: v for …}`.
public enum ComprehensionKind: Sendable {
  case list, generator, dict
}

/// One `for target in iterable if cond …` clause of a comprehension.
public struct ComprehensionClause: Sendable {
  public var target: Node
  public var iterable: Node
  public var conditions: [Node]

  public init(target: Node, iterable: Node, conditions: [Node]) {
    self.target = target
    self.iterable = iterable
    self.conditions = conditions
  }
}

/// The expression subset of Python that specs, lambdas and statement files use.
public indirect enum Expr: Sendable {
  case int(Int)
  case float(Double)
  case string(String)
  case bool(Bool)
  case none
  case name(String)
  case attribute(Node, String)
  case list([Node])
  case tuple([Node])
  case dict([(Node, Node)])
  case call(Node, args: [Node], keywords: [Keyword])
  case lambda(params: [String], body: Node)
  case unary(UnaryOp, Node)
  case binary(BinaryOp, Node, Node)
  /// A comparison chain `a < b <= c`.
  case compare(Node, [(CompareOp, Node)])
  case and(Node, Node)
  case or(Node, Node)
  case not(Node)
  case ifElse(body: Node, condition: Node, orElse: Node)

  // Only the statement parser (ScriptParser) makes these.

  /// `a[i]` (the index may be a `slice`).
  case index(Node, Node)
  /// `lower:upper:step` inside a subscript.
  case slice(Node?, Node?, Node?)
  /// `[e for …]`, `(e for …)`, `{k: v for …}` (`value` only for a dict).
  case comprehension(ComprehensionKind, element: Node, value: Node?, clauses: [ComprehensionClause])
  /// `*xs` in a call or a display.
  case starred(Node)
  /// An f-string (kept as text; only `print` may take one, and `print` is skipped).
  case fstring(String)

  // Only the statement interpreter hands these to a constructor.

  /// A function defined in a statement file (`def`, or a lambda over the file's names).
  case function(PyLambda)
  /// A scheduler the file constructed earlier, by its index in `BuildContext.built`.
  case built(Int)
}

extension Node {
  /// `math.cos` → "math.cos"; `OneCycleLR` → "OneCycleLR".
  public var dottedName: String? {
    switch expr {
    case .name(let n): return n
    case .attribute(let base, let attr): return base.dottedName.map { $0 + "." + attr }
    default: return nil
    }
  }
}

extension CompareOp {
  /// `< <= > >= == !=`: the operators numbers answer (`in`/`is` are the interpreter's).
  public var isOrdering: Bool {
    switch self {
    case .lt, .le, .gt, .ge, .eq, .ne: return true
    case .isIn, .notIn, .isSame, .isNot: return false
    }
  }
}

extension Node {
  /// A lambda, or a function a statement file defined.
  public var isCallable: Bool {
    switch expr {
    case .lambda, .function: return true
    default: return false
    }
  }
}
