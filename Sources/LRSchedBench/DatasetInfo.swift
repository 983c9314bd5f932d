/// Summary of a dataset for `lrsched data info`: counts, per-class histogram, per-channel mean/std.
public struct DatasetInfo: Equatable, Sendable {
  public var trainCount: Int
  public var testCount: Int
  public var trainHistogram: [Int]
  public var testHistogram: [Int]
  /// Training-split statistics on the [0, 1] scale.
  public var trainStats: ChannelStats
  public var testStats: ChannelStats

  public init(_ dataset: CIFAR10Dataset) {
    trainCount = dataset.train.count
    testCount = dataset.test.count
    trainHistogram = Self.histogram(dataset.train)
    testHistogram = Self.histogram(dataset.test)
    trainStats = dataset.stats
    testStats = Self.channelStats(dataset.test)
  }

  public static func histogram(_ split: CIFAR10Split) -> [Int] {
    var h = [Int](repeating: 0, count: CIFAR10.classCount)
    for i in 0..<split.count { h[split.label(i)] += 1 }
    return h
  }

  /// Per-channel mean and (population) standard deviation of `pixel / 255` over a split.
  ///
  /// ```
  /// mean_c = Σ x / (255 N),  std_c = sqrt(Σ x² / (255² N) − mean_c²)
  /// ```
  /// Sums are exact integers, so the result does not depend on summation order.
  public static func channelStats(_ split: CIFAR10Split) -> ChannelStats {
    var sum = [UInt64](repeating: 0, count: 3)
    var sq = [UInt64](repeating: 0, count: 3)
    for i in 0..<split.count {
      let img = split.image(i)
      for c in 0..<3 {
        let (s, q) = planeSums(img + c * CIFAR10.planeSize)
        sum[c] &+= UInt64(s)
        sq[c] &+= UInt64(q)
      }
    }
    let n = Double(max(split.count, 1) * CIFAR10.planeSize)
    var mean = [Double](repeating: 0, count: 3)
    var std = [Double](repeating: 0, count: 3)
    for c in 0..<3 {
      let m = Double(sum[c]) / n
      let v = max(Double(sq[c]) / n - m * m, 0)
      mean[c] = m / 255
      std[c] = v.squareRoot() / 255
    }
    return ChannelStats(mean: mean, std: std)
  }

  @inline(__always)
  static func planeSums(_ p: UnsafePointer<UInt8>) -> (UInt32, UInt32) {
    var s: UInt32 = 0
    var q: UInt32 = 0
    for i in 0..<CIFAR10.planeSize {
      let v = UInt32(p[i])
      s &+= v
      q &+= v &* v
    }
    return (s, q)
  }
}
