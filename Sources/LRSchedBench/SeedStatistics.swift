/// Statistics over training seeds, for `find-lr --verify`: the median of a row, and the paired
/// comparison of two max lrs trained from the same seeds (same initial weights, same batch
/// order), which tells a real difference from seed noise.
public enum SeedStatistics {
  /// The median; NaN when any value is NaN (a diverged run has no accuracy).
  public static func median(_ xs: [Double]) -> Double {
    guard !xs.isEmpty, !xs.contains(where: \.isNaN) else { return .nan }
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
  }

  /// The differences `a[i] − b[i]` of runs from the same seed i: their mean and the two-sided 95%
  /// Student-t interval of that mean.
  public struct PairedDifference: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    public var low: Double
    public var high: Double
  }

  /// nil for fewer than two pairs, unequal lengths or a NaN (a diverged run).
  public static func paired(_ a: [Double], _ b: [Double]) -> PairedDifference? {
    guard a.count == b.count, a.count >= 2 else { return nil }
    let d = zip(a, b).map { $0 - $1 }
    guard !d.contains(where: \.isNaN) else { return nil }
    let n = Double(d.count)
    let mean = d.reduce(0, +) / n
    let variance = d.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    let half = t975(d.count - 1) * (variance / n).squareRoot()
    return PairedDifference(count: d.count, mean: mean, low: mean - half, high: mean + half)
  }

  /// The 0.975 quantile of Student's t with `df` ≥ 1 degrees of freedom: tabulated to 30, then
  /// the Cornish–Fisher expansion around the normal quantile (error below 1e-6 in probability).
  public static func t975(_ df: Int) -> Double {
    precondition(df >= 1)
    if df <= table.count { return table[df - 1] }
    let z = 1.959963984540054, v = Double(df)
    let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
      + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
  }

  private static let table: [Double] = [
    12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851, 2.364624252, 2.306004135,
    2.262157163, 2.228138852, 2.200985160, 2.178812830, 2.160368656, 2.144786688, 2.131449546, 2.119905299,
    2.109815578, 2.100922040, 2.093024054, 2.085963447, 2.079613845, 2.073873068, 2.068657610, 2.063898562,
    2.059538553, 2.055529439, 2.051830516, 2.048407142, 2.045229642, 2.042272456,
  ]
}
