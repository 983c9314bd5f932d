/// The few NumPy (2.4) routines lr-momentum-scheduler builds its schedules with, reproduced
/// operation for operation so the float64 results match bit for bit.
public enum Numpy {
  /// `np.linspace(start, stop, num)` (`numpy/_core/function_base.py`, endpoint=True):
  ///
  /// ```
  /// div = num - 1; delta = stop - start; y = arange(0, num)
  /// div > 0:  step = delta / div
  ///           step == 0: y = y / div * delta   (denormal guard, gh-5437)
  ///           else:      y = y * step
  /// div <= 0: y = y * delta
  /// y += start; if num > 1: y[-1] = stop
  /// ```
  /// Not `start + (stop - start) * i / (num - 1)`: the two differ in the last bit.
  public static func linspace(_ start: Double, _ stop: Double, _ num: Int) throws(ScheduleError) -> [Double] {
    guard num >= 0 else { throw .value("Number of samples, \(num), must be non-negative.") }
    let div = num - 1
    let delta = stop - start
    var y = [Double]()
    y.reserveCapacity(num)
    if div > 0 {
      let d = Double(div)
      let step = delta / d
      if step == 0 {
        for i in 0..<num { y.append(Double(i) / d * delta) }
      } else {
        for i in 0..<num { y.append(Double(i) * step) }
      }
    } else {
      for i in 0..<num { y.append(Double(i) * delta) }
    }
    for i in y.indices { y[i] += start }
    if num > 1 { y[num - 1] = stop }
    return y
  }

  /// `np.logspace(start, stop, num, base=10.0)` = `np.power(base, np.linspace(start, stop, num))`.
  public static func logspace(_ start: Double, _ stop: Double, _ num: Int, base: Double = 10.0) throws(ScheduleError) -> [Double] {
    try linspace(start, stop, num).map { power(base, $0) }
  }

  /// Element-wise float64 `np.power(x, y)` as NumPy 2.x computes it on an x86-64 machine with
  /// AVX512_SKX: SVML's `__svml_pow8_ha` (ported in `NumpySIMDPow`), not glibc `pow` — the
  /// two differ by 1 ulp on about 5% of `logspace` values. The reference cases were recorded
  /// on such a machine (docs/parity.md). NumPy's scalar-exponent fast paths (`y` = -1, 0,
  /// 0.5, 1, 2 broadcast over an array) don't apply to `logspace`, whose exponents vary.
  public static func power(_ x: Double, _ y: Double) -> Double {
    NumpySIMDPow.pow(x, y)
  }

  /// The `IndexError` NumPy raises for `a[index]` on a 1-D array of `size` elements.
  public static func indexError(_ index: Int, size: Int) -> ScheduleError {
    ScheduleError("IndexError", "index \(index) is out of bounds for axis 0 with size \(size)")
  }

  /// `np.array(rows)` of a list of lists with different lengths (NumPy ≥ 1.24).
  public static func inhomogeneousError(rows: Int) -> ScheduleError {
    .value(
      "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (\(rows),) + inhomogeneous part.")
  }
}
