/// A node of a parsed spec with its column in the source.
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
}

/// The expression subset of Python that specs and lambdas use.
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
  case unary(String, Node)
  case binary(String, Node, Node)
  /// A comparison chain `a < b <= c`.
  case compare(Node, [(String, Node)])
  case and(Node, Node)
  case or(Node, Node)
  case not(Node)
  case ifElse(body: Node, condition: Node, orElse: Node)
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
