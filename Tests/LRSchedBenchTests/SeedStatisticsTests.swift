import Foundation
import LRSchedBench
import Testing

/// The statistics `find-lr --verify` prints over seeds: the paired interval from a worked example,
/// and the t quantiles checked against Student's t distribution integrated here.
@Suite struct SeedStatisticsTests {
  @Test func pairedDifferenceOfAWorkedExample() throws {
    // d = [0.1, 0, 0.3]: mean 2/15, s = 0.152753, s/√3 = 0.0881917, t(2) = 4.302653.
    let d = try #require(SeedStatistics.paired([0.5, 0.7, 0.6], [0.4, 0.7, 0.3]))
    #expect(d.count == 3)
    #expect(abs(d.mean - 2.0 / 15) < 1e-12)
    #expect(abs(d.low - -0.24612497) < 1e-7)
    #expect(abs(d.high - 0.51279164) < 1e-7)
  }

  @Test func noIntervalWithoutTwoFinitePairs() {
    #expect(SeedStatistics.paired([0.5], [0.4]) == nil)
    #expect(SeedStatistics.paired([0.5, 0.6], [0.4]) == nil)
    #expect(SeedStatistics.paired([0.5, .nan], [0.4, 0.3]) == nil)
  }

  @Test func identicalRunsDifferByZero() throws {
    let d = try #require(SeedStatistics.paired([0.2, 0.9, 0.4], [0.2, 0.9, 0.4]))
    #expect(d.mean == 0 && d.low == 0 && d.high == 0)
  }

  @Test func medianOfOddEvenAndDiverged() {
    #expect(SeedStatistics.median([3, 1, 2]) == 2)
    #expect(SeedStatistics.median([4, 1, 3, 2]) == 2.5)
    #expect(SeedStatistics.median([1, .nan, 2]).isNaN)
    #expect(SeedStatistics.median([]).isNaN)
  }

  /// P(T ≤ t975(ν)) = 0.975 for ν = 1 … 120: the density integrated by Simpson's rule.
  @Test func tQuantilesHaveProbability0975() {
    for v in 1...120 {
      let q = SeedStatistics.t975(v)
      let nu = Double(v)
      let c = exp(lgamma((nu + 1) / 2) - lgamma(nu / 2)) / (nu * Double.pi).squareRoot()
      func f(_ x: Double) -> Double { c * pow(1 + x * x / nu, -(nu + 1) / 2) }
      let n = 20_000
      let h = q / Double(n)
      var sum = f(0) + f(q)
      for i in 1..<n { sum += f(Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
      let p = 0.5 + sum * h / 3
      #expect(abs(p - 0.975) < 1e-6, "df \(v): P = \(p)")
    }
  }
}
