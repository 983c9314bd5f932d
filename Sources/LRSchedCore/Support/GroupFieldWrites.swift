/// Rewriting one field of every parameter group in a scheduler's hot loop.
extension Array where Element == ParamGroup {
  /// `self[i][field] = body(i, self[i][field])` for every group, with the field picked once
  /// (not per group) and the array checked for uniqueness once (not per write): the per-step
  /// loops of CosineAnnealingLR and CyclicLR, where those two cost as much as the arithmetic.
  @inline(__always)
  public mutating func rewrite(_ field: Field, _ body: (_ index: Int, _ value: Double) -> Double) {
    withUnsafeMutableBufferPointer { b in
      guard let g = b.baseAddress else { return }
      let n = b.count
      switch field {
      case .lr: for i in 0..<n { g[i].lr = body(i, g[i].lr) }
      case .momentum: for i in 0..<n { g[i].momentum = body(i, g[i].momentum) }
      case .beta1: for i in 0..<n { g[i].beta1 = body(i, g[i].beta1) }
      case .weightDecay: for i in 0..<n { g[i].weightDecay = body(i, g[i].weightDecay) }
      }
    }
  }
}

extension ParamGroup {
  /// Where `self[field]` is stored (for loops that write it through a raw pointer).
  public static func offset(of field: Field) -> Int {
    switch field {
    case .lr: return MemoryLayout<ParamGroup>.offset(of: \.lr)!
    case .momentum: return MemoryLayout<ParamGroup>.offset(of: \.momentum)!
    case .beta1: return MemoryLayout<ParamGroup>.offset(of: \.beta1)!
    case .weightDecay: return MemoryLayout<ParamGroup>.offset(of: \.weightDecay)!
    }
  }
}
