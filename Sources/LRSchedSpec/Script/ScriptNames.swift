import LRSchedCore

/// How a statement file's names resolve: modules of the supported libraries, their
/// scheduler and optimizer classes (also bare, without an import line), `math` and
/// NumPy, the builtins. Any other module is ignored: its names are values from outside.
enum ScriptNames {
  /// Roots of the modules lrsched knows; `import os` binds something from outside.
  static let libraryRoots: Set<String> = [
    "torch", "timm", "transformers", "pytorch_accelerated", "math", "numpy", "lr_scheduler", "pytorch_lightning",
    "lightning", "functools",
  ]

  /// Modules whose classes are schedulers or optimizers: an unknown class there is refused.
  static let schedulerModules = ["torch.optim", "timm.scheduler", "pytorch_accelerated.schedulers", "transformers.optimization"]

  /// torch 2.15's `torch.optim` optimizers (the ones lrsched models are `OptimizerKind`).
  static let optimizerNames: Set<String> = [
    "SGD", "Adam", "AdamW", "Adadelta", "Adafactor", "Adagrad", "Adamax", "ASGD", "LBFGS", "NAdam", "RAdam", "RMSprop",
    "Rprop", "SparseAdam",
  ]

  static func isClass(_ name: String) -> Bool {
    optimizerNames.contains(name) || Registry.find(name) != nil
  }

  static func moduleValue(_ module: String) -> SValue {
    let root = String(module.split(separator: ".").first ?? "")
    if root == "np" { return .module("numpy") }
    return libraryRoots.contains(root) ? .module(module) : .opaque(module)
  }

  /// Names that resolve without a definition: builtins, classes, well-known modules.
  static func global(_ name: String) -> SValue? {
    if ScriptInterpreter.builtinNames.contains(name) { return .builtin(name) }
    if isClass(name) { return .cls(name) }
    switch name {
    case "math": return .module("math")
    case "np", "numpy": return .module("numpy")
    case "torch": return .module("torch")
    case "optim": return .module("torch.optim")
    case "lr_scheduler": return .module("torch.optim.lr_scheduler")
    default: return nil
    }
  }

  /// `from module import name`.
  static func imported(_ name: String, from module: String, at offset: Int, interpreter: ScriptInterpreter) throws(ScriptFailure) -> SValue {
    let root = String(module.split(separator: ".").first ?? "")
    if module.hasPrefix("transformers") && name == "AdamW" {
      interpreter.note(
        "transformers.AdamW was removed in transformers 5; lrsched uses torch.optim.AdamW (same defaults except weight_decay: torch's is 0.01, transformers' was 0.0)")
      return .cls("AdamW")
    }
    if isClass(name) { return .cls(name) }
    if module == "math" || module == "numpy" || module == "functools" { return try attribute(of: module, name, at: offset, interpreter: interpreter) }
    guard libraryRoots.contains(root) else { return .opaque(name) }
    return .module(module + "." + name)
  }

  static func attribute(of module: String, _ attr: String, at offset: Int, interpreter: ScriptInterpreter) throws(ScriptFailure) -> SValue {
    if isClass(attr) { return .cls(attr) }
    switch module {
    case "math":
      if let c = ScriptInterpreter.mathConstants[attr] { return .float(c) }
      if ScriptInterpreter.mathFunctions[attr] != nil { return .builtin("math." + attr) }
      let hint = Suggest.closest(to: attr, in: Array(ScriptInterpreter.mathFunctions.keys)).map { "; did you mean 'math.\($0)'?" } ?? ""
      throw interpreter.unsupported("math.\(attr) is not part of the Python subset lrsched reads\(hint)", offset)
    case "numpy":
      if let c = ScriptInterpreter.numpyConstants[attr] { return .float(c) }
      if ScriptInterpreter.numpyFunctions.contains(attr) { return .builtin("numpy." + attr) }
      throw interpreter.unsupported("numpy.\(attr) is not part of the Python subset lrsched reads (scalar functions only)", offset)
    case "functools":
      if attr == "partial" { return .builtin("functools.partial") }
      throw interpreter.unsupported("functools.\(attr) is not part of the Python subset lrsched reads (functools.partial is)", offset)
    default:
      return .module(module + "." + attr)
    }
  }
}

extension ScriptInterpreter {
  /// A line for stderr (each said once).
  func note(_ text: String) {
    if !notes.contains(text) { notes.append(text) }
  }
}
