import LRSchedBench
import Testing

/// `find-lr --verify` on tiny data: the table has the nine sweep points and the recommendation,
/// and each row is what `bench` reports for the same OneCycleLR run.
@Suite struct FindLRVerifyTests {
  @Test func theSweepMatchesBenchAndIsPlotted() {
    let dir = makeTempDir()
    #expect(lrsched("data", "synth", "-o", dir, "--train", "120", "--test", "40", "--seed", "5").code == 0)
    #expect(lrsched("data", "prepare", "--from", dir + "/cifar-10-batches-bin", "-o", dir + "/c.cache").code == 0)
    let opt = "SGD(lr=0.05, momentum=0.9)"
    let common = ["--data", dir + "/c.cache", "--batch-size", "40", "--threads", "1", "--optimizer", opt]
    let r = lrsched(["find-lr", "--steps", "20", "--verify", "-o", dir + "/f.png"] + common)
    #expect(r.code == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    guard let head = lines.firstIndex(of: "    max lr   final loss   test acc") else {
      Issue.record("no table: \(r.out)")
      return
    }
    let rows = lines[(head + 1)...].prefix(9)
    #expect(rows.map { String($0.prefix(10)) } == [
      "  1.00e-04", "  3.16e-04", "  1.00e-03", "  3.16e-03", "  1.00e-02", "  3.16e-02", "  1.00e-01", "  3.16e-01",
      "  1.00e+00",
    ])
    #expect(lines.contains { $0.hasSuffix("<- recommended") })
    #expect(lines.contains { $0.hasPrefix("recommended max lr ") && $0.contains("the sweep's best") })
    #expect(r.out.contains("wrote \(dir)/f.png"))
    #expect(readBytes(dir + "/f.png")?.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
    // The 1e-2 row: the same run through `bench` (5 epochs, onecycle, same seed and batches).
    let b = lrsched(["bench", "--epochs", "5", "--sched", "onecycle(max_lr=0.01)"] + common)
    #expect(b.code == 0, "\(b.err)")
    let last = b.out.split(separator: "\n").first { $0.hasPrefix("epoch: 4/5") }.map(String.init) ?? ""
    let acc = last.split(separator: " ").drop { $0 != "test_acc:" }.dropFirst().first.flatMap { Double($0) }
    let row = rows.first { $0.hasPrefix("  1.00e-02") } ?? ""
    let rowAcc = row.split(separator: " ").last { $0.hasSuffix("%") }.flatMap { Double($0.dropLast()) }
    #expect(acc != nil && rowAcc != nil && abs(acc! * 100 - rowAcc!) < 0.006, "bench \(last) / verify \(row)")
  }

  /// `--verify-lrs` replaces the nine sweep points (and asks for the sweep without `--verify`);
  /// the suggestions follow them.
  @Test func verifyLRsChoosesTheSweep() {
    let dir = makeTempDir()
    #expect(lrsched("data", "synth", "-o", dir, "--train", "120", "--test", "40", "--seed", "7").code == 0)
    #expect(lrsched("data", "prepare", "--from", dir + "/cifar-10-batches-bin", "-o", dir + "/c.cache").code == 0)
    let r = lrsched(
      "find-lr", "--steps", "20", "--runs", "1", "--verify-lrs", "0.002, 2e-2,0.2", "--data", dir + "/c.cache",
      "--batch-size", "40", "--threads", "1")
    #expect(r.code == 0, "\(r.err)")
    let lines = r.out.split(separator: "\n").map(String.init)
    let rows = lines.drop { $0 != "    max lr   final loss   test acc" }.dropFirst()
    #expect(rows.prefix(3).map { String($0.prefix(10)) } == ["  2.00e-03", "  2.00e-02", "  2.00e-01"], "\(r.out)")
    #expect(rows.dropFirst(3).first?.hasSuffix("<- recommended") == true, "\(r.out)")
  }

  /// With several seeds a row is the median, the range and the mean of `bench` runs with seeds
  /// S, S+1, S+2 (checked at max lr 1e-2).
  @Test func severalSeedsGiveMedianRangeAndMean() {
    let dir = makeTempDir()
    #expect(lrsched("data", "synth", "-o", dir, "--train", "120", "--test", "40", "--seed", "6").code == 0)
    #expect(lrsched("data", "prepare", "--from", dir + "/cifar-10-batches-bin", "-o", dir + "/c.cache").code == 0)
    let common = ["--data", dir + "/c.cache", "--batch-size", "40", "--threads", "1"]
    let r = lrsched(["find-lr", "--steps", "20", "--runs", "2", "--verify", "--verify-seeds", "3", "--seed", "4"] + common)
    #expect(r.code == 0, "\(r.err)")
    let row = r.out.split(separator: "\n").first { $0.hasPrefix("  1.00e-02") }.map(String.init) ?? ""
    var accs: [Double] = []
    for seed in 4...6 {
      let b = lrsched(["bench", "--epochs", "5", "--sched", "onecycle(max_lr=0.01)", "--seed", "\(seed)"] + common)
      let last = b.out.split(separator: "\n").first { $0.hasPrefix("epoch: 4/5") }.map(String.init) ?? ""
      if let a = last.split(separator: " ").drop(while: { $0 != "test_acc:" }).dropFirst().first.flatMap({ Double($0) }) {
        accs.append(a * 100)
      }
    }
    #expect(accs.count == 3, "\(r.out)")
    guard accs.count == 3 else { return }
    let sorted = accs.sorted()
    let want =
      cFormat("%10.2f%% (%.1f-%.1f, %.2f%%)", sorted[1], sorted[0], sorted[2], accs.reduce(0, +) / 3)
    #expect(row.contains(want), "\(row) / \(want)")
    // The paired comparison with the best mean of the sweep: the mean of the per-seed
    // differences is the difference of the two rows' means, inside its own interval.
    let lines = r.out.split(separator: "\n").map(String.init)
    func mean(_ row: String) -> Double? {
      // "  LR  LOSS  MEDIAN% (LO-HI, MEAN%)  <- tag"
      guard let comma = row.lastIndex(of: ",") else { return nil }
      return Double(row[row.index(after: comma)...].drop { $0 == " " }.prefix { $0 != "%" })
    }
    let grid = lines.drop { $0 != "    max lr   final loss   test acc" }.dropFirst().prefix(9)
    let bestRow = grid.max { (mean($0) ?? -1) < (mean($1) ?? -1) } ?? ""
    let paired = lines.first { $0.hasPrefix("on average over 3 seeds: ") } ?? ""
    // "…: recommended - the sweep's best mean (LR) = M points, 95% interval L to H (paired: …)"
    let words = paired.split(separator: " ")
    let numbers = words.compactMap { Double($0.hasSuffix(",") ? $0.dropLast() : $0) }
    #expect(numbers.count == 4, "\(r.out)")
    #expect(paired.contains("(" + String(bestRow.prefix(10).drop { $0 == " " }) + ")"), "\(paired) / \(bestRow)")
    guard numbers.count == 4, let rec = mean(lines.first { $0.hasSuffix("<- recommended") } ?? ""), let best = mean(bestRow)
    else { return }
    let (m, lo, hi) = (numbers[1], numbers[2], numbers[3])
    #expect(abs(m - (rec - best)) < 0.011, "\(paired) / \(rec) - \(best)")
    #expect(lo <= m && m <= hi && abs((hi - m) - (m - lo)) < 0.011, "\(paired)")
  }
}
