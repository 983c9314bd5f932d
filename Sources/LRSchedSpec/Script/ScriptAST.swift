/// A parameter of a `def` (or a lambda in a statement file): its name and default.
public struct FunctionParam: Sendable {
  public var name: String
  public var defaultValue: Node?
  /// `*args` / `**kwargs`.
  public var star: Int

  public init(name: String, defaultValue: Node?, star: Int = 0) {
    self.name = name
    self.defaultValue = defaultValue
    self.star = star
  }
}

/// An `import a.b as c` or `from a.b import c as d` name.
public struct ImportName: Sendable {
  public var name: String
  public var alias: String?
}

/// A statement of the Python subset statement files use (see docs/python.md).
public indirect enum Stmt: Sendable {
  case expr(Node)
  /// `a = b = value` (each target may be a tuple, an attribute or a subscript).
  case assign(targets: [Node], value: Node)
  case augAssign(target: Node, op: BinaryOp, value: Node)
  /// `x: int = 3` (without a value: nothing happens).
  case annAssign(target: Node, value: Node?)
  case importModules([ImportName])
  case fromImport(module: String, names: [ImportName])
  case def(name: String, params: [FunctionParam], body: [Statement])
  /// A class: only its methods are kept (Lightning's `configure_optimizers`).
  /// `bases`: the last name of each base class (`_LRScheduler`, `LightningModule`).
  case classDef(name: String, bases: [String], body: [Statement])
  case ifElse(branches: [(Node, [Statement])], orElse: [Statement])
  case forLoop(target: Node, iterable: Node, body: [Statement], orElse: [Statement])
  case whileLoop(condition: Node, body: [Statement], orElse: [Statement])
  case returnValue(Node?)
  case pass
  case breakLoop
  case continueLoop
  case global([String])
  case assert(Node, Node?)
  /// A statement outside the subset (`with`, `try`, `raise`, a decorated def, …), by what
  /// the error calls it: parsed so the rest of the file reads, refused when it runs.
  case unsupported(String)
}

/// A statement with its offset in the source.
public struct Statement: Sendable {
  public var stmt: Stmt
  public var offset: Int

  public init(_ stmt: Stmt, at offset: Int) {
    self.stmt = stmt
    self.offset = offset
  }
}
