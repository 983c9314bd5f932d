import LRSchedCore

/// The CLI's own strictness, a layer on top of the libraries' checks: values the library
/// would accept but that can only train with NaN or infinity are refused before any output.
/// `verify` runs with `strict` off and reproduces the library instead (docs/parity.md).
enum StrictChecks {
  /// Arguments where an infinite value is a meaningful "never" (a plateau's patience, a
  /// step size or a cycle limit never reached) rather than a value trained with.
  static let infinityMeansNever: Set<String> = [
    "patience", "cooldown", "patience_t", "cooldown_t", "step_size", "T_max", "T_0", "total_iters", "cycle_limit",
    "milestones", "decay_t", "t_initial", "step_size_up", "step_size_down", "threshold", "eps",
    "noise_range_t", "num_cycles", "total_steps", "num_training_steps",
  ]

  /// Refuses a NaN anywhere in an argument, and an infinity in one that becomes a trained value.
  static func finiteArguments(_ a: Arguments) throws(SpecError) {
    for (name, node) in a.values.sorted(by: { $0.value.offset < $1.value.offset }) {
      switch node.expr {
      case .lambda: continue
      default: break
      }
      // Anything that does not evaluate to a constant (a nested scheduler) is the builder's.
      guard let v = try? a.evaluator.constant(node) else { continue }
      if let bad = firstNonFinite(v, allowInfinity: infinityMeansNever.contains(name)) {
        throw a.fail(
          "\(a.className)(): \(name)=\(PyFormat.repr(bad)) would train with \(bad.isNaN ? "NaN" : "infinite") values; give a finite number ('lrsched verify' runs such calls as the library does)",
          node)
      }
    }
  }

  static func firstNonFinite(_ v: PyValue, allowInfinity: Bool) -> Double? {
    switch v {
    case .float(let d):
      if d.isNaN || (d.isInfinite && !allowInfinity) { return d }
      return nil
    case .complex(let re, let im):
      for d in [re, im] where d.isNaN || (d.isInfinite && !allowInfinity) { return d }
      return nil
    case .list(let items), .tuple(let items):
      for it in items { if let d = firstNonFinite(it, allowInfinity: allowInfinity) { return d } }
      return nil
    default:
      return nil
    }
  }
}
