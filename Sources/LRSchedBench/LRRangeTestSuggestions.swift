#if canImport(Glibc)
import Glibc
#endif

extension LRRangeTest {
  /// Suggested learning rates from the (smoothed) loss curves of one or more runs.
  public struct Suggestions: Equatable, Sendable {
    /// The trimmed index window the suggestions were taken from.
    public var window: Range<Int>
    /// Index of the steepest descent of the loss against log lr (fastai `steep`).
    public var steepest: Int?
    /// Index of the minimum loss; the suggestion is `lrs[minimum] / 10` (fastai `minimum`).
    public var minimum: Int?
    /// Index of fastai's `valley` point, about halfway down the longest descending run.
    public var valley: Int?
    /// Index of fastai's `slide` point: walking left from the end, the last lr whose slope (per
    /// index) still differs by more than 0.005 from the slope 15 points to its right (15 points
    /// before the end when the first pair already agrees).
    public var slide: Int?
    public var steepestLR: Double?
    public var minimumLR: Double?
    public var valleyLR: Double?
    public var slideLR: Double?
    /// Per run, the index of its own smoothed minimum (nil for a run too short to have one).
    public var runMinima: [Int?] = []
    /// The median of the runs' minimum lrs (in log space: the geometric mean of the middle two
    /// for an even count) divided by `divisor`.
    public var recommendedLR: Double?
    public var divisor: Double = 10

    /// The one to use as OneCycleLR's `max_lr`: the runs' median minimum / divisor (Smith's "below
    /// where the loss bottoms out", from long runs so the curve sees what several thousand steps
    /// at a high lr do), else minimum/10, valley, steepest. Steepest follows noise
    /// (torch-lr-finder#86, #106; Lightning#1767) and valley lands far too low for OneCycleLR
    /// here; docs/bench.md, "Which suggestion", has the measurements.
    public var suggested: Double? { recommendedLR ?? minimumLR ?? valleyLR ?? steepestLR }
  }

  /// The pointwise median of several runs' curves. A run that stopped (diverged) counts as +∞
  /// past its end, as does a non-finite value; the result ends before the first index whose
  /// median is not finite. One curve is returned up to its first non-finite value.
  public static func combine(_ curves: [[Double]]) -> [Double] {
    let n = curves.map(\.count).max() ?? 0
    var out: [Double] = []
    out.reserveCapacity(n)
    var column = [Double](repeating: 0, count: curves.count)
    for i in 0..<n {
      for (k, c) in curves.enumerated() { column[k] = i < c.count && c[i].isFinite ? c[i] : .infinity }
      column.sort()
      let h = column.count / 2
      let m = column.count % 2 == 1 ? column[h] : (column[h - 1] + column[h]) / 2
      guard m.isFinite else { break }
      out.append(m)
    }
    return out
  }

  /// The median of positive values in log space (for an even count, the geometric mean of the
  /// middle two); nil for none.
  public static func logMedian(_ xs: [Double]) -> Double? {
    guard !xs.isEmpty else { return nil }
    let s = xs.map { log($0) }.sorted()
    let h = s.count / 2
    return exp(s.count % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2)
  }

  /// Suggestions from several runs over the same lrs: steepest, minimum and valley on their
  /// pointwise median (`combine`), and the recommendation from each run's own minimum (found on
  /// its window `[skipStart, count − skipEnd)`, trimmed as `suggest(lrs:losses:)` does):
  /// `logMedian(lrs[argmin_k]) / divisor`. A pure function, so it is tested on known curves.
  public static func suggest(
    lrs: [Double], runs: [[Double]], skipStart: Int = 10, skipEnd: Int = 5, divisor: Double = 10
  ) -> Suggestions {
    let combined = combine(runs)
    var s = suggest(lrs: lrs, losses: combined, skipStart: skipStart, skipEnd: skipEnd)
    s.divisor = divisor
    s.runMinima = runs.map { run in
      let n = min(lrs.count, run.prefix { $0.isFinite }.count)
      var lo = max(0, skipStart)
      var hi = n - max(0, skipEnd)
      if hi - lo < 3 {
        lo = 0
        hi = n
      }
      guard hi - lo >= 2 else { return nil }
      var m = lo
      for i in lo..<hi where run[i] < run[m] { m = i }
      return m
    }
    s.recommendedLR = logMedian(s.runMinima.compactMap { $0 }.map { lrs[$0] }).map { $0 / divisor }
    return s
  }

  /// Suggestions on `losses[skipStart ..< count − skipEnd]` (the whole curve when that leaves
  /// fewer than 3 points). A pure function, so it is tested on known curves.
  ///
  /// - steepest: `argmin_i (L_{i+1} − L_i) / (ln lr_{i+1} − ln lr_i)` → `lr_i`
  ///   (fastai `steep`; torch-lr-finder uses the index-gradient instead, which ignores spacing).
  /// - minimum: `lr[argmin L] / 10`.
  /// - valley: fastai's O(n²) longest-decreasing-subsequence scan; with the run `[s, e]`,
  ///   `idx = s + int((e − s)/3) + int((e − s)/3/2)`.
  /// - slide: fastai's interval slide rule (`slide`, lr_diff 15, thresh 0.005), on
  ///   `numpy.gradient` of the losses (central differences, one-sided at the ends).
  public static func suggest(lrs: [Double], losses: [Double], skipStart: Int = 10, skipEnd: Int = 5) -> Suggestions {
    let n = min(lrs.count, losses.count)
    var lo = max(0, skipStart)
    var hi = n - max(0, skipEnd)
    if hi - lo < 3 {
      lo = 0
      hi = n
    }
    var s = Suggestions(window: lo..<max(lo, hi))
    guard hi - lo >= 2 else { return s }
    // steepest
    var bestSlope = Double.infinity
    for i in lo..<(hi - 1) {
      let dx = log(lrs[i + 1]) - log(lrs[i])
      guard dx != 0 else { continue }
      let slope = (losses[i + 1] - losses[i]) / dx
      if slope < bestSlope {
        bestSlope = slope
        s.steepest = i
      }
    }
    // minimum
    var m = lo
    for i in lo..<hi where losses[i] < losses[m] { m = i }
    s.minimum = m
    // valley (fastai/callback/schedule.py `valley`), on the window
    let w = Array(losses[lo..<hi])
    let count = w.count
    var lds = [Int](repeating: 1, count: count)
    var maxStart = 0
    var maxEnd = 0
    for i in 1..<count {
      for j in 0..<i {
        if w[i] < w[j] && lds[i] < lds[j] + 1 { lds[i] = lds[j] + 1 }
        if lds[maxEnd] < lds[i] {
          maxEnd = i
          maxStart = maxEnd - lds[maxEnd]
        }
      }
    }
    let sections = Double(maxEnd - maxStart) / 3
    let idx = maxStart + Int(sections) + Int(sections / 2)
    s.valley = lo + min(max(idx, 0), count - 1)
    s.slide = slide(w).map { lo + $0 }
    s.steepestLR = s.steepest.map { lrs[$0] }
    s.minimumLR = lrs[m] / 10
    s.valleyLR = s.valley.map { lrs[$0] }
    s.slideLR = s.slide.map { lrs[$0] }
    return s
  }

  /// fastai's `slide` (fastai/callback/schedule.py) on one curve: the index of the lr it suggests
  /// (adjust_value 1), nil for fewer than `lrDiff + 1` points. The rule walks a pair of indices
  /// (r, r − lrDiff) left from the end while their gradients differ by more than `thresh`,
  /// keeping the left one. Its threshold is in loss per index, so it suits fastai's 100-step
  /// tests; on 8000 steps the gradients are small and it stays near the end.
  public static func slide(_ losses: [Double], lrDiff: Int = 15, thresh: Double = 0.005) -> Int? {
    let n = losses.count
    guard n > lrDiff, n >= 2 else { return nil }
    var grad = [Double](repeating: 0, count: n)
    grad[0] = losses[1] - losses[0]
    grad[n - 1] = losses[n - 1] - losses[n - 2]
    for i in 1..<(n - 1) { grad[i] = (losses[i + 1] - losses[i - 1]) / 2 }
    var r = n - 1
    var l = r - lrDiff
    var found = l
    while l >= 0 && abs(grad[r] - grad[l]) > thresh {
      found = l
      r -= 1
      l -= 1
    }
    return found
  }
}
