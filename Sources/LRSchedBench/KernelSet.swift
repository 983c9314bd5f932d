#if canImport(Glibc)
import Glibc
#endif
import LRSchedKernels
import LRSchedKernelsAVX2

/// Which build of the kernels the benchmark runs (`TrainingConfig.kernels`; `LRSCHED_KERNELS`
/// for `lrsched bench`).
public enum KernelChoice: String, Sendable, CaseIterable {
  /// AVX2 when the CPU has it, else the baseline.
  case auto
  case baseline
  case avx2
}

/// The forward and backward pixel kernels and the optimizer updates in use. Both builds give
/// bit-identical results (`LRSchedKernels`), so the choice changes speed only.
public struct KernelSet: Sendable {
  public typealias Dot = @Sendable (UnsafePointer<UInt8>, UnsafePointer<Float>) -> (Float, Float)
  public typealias DotPrefetching = @Sendable (UnsafePointer<UInt8>, UnsafePointer<Float>, UnsafePointer<UInt8>) -> (Float, Float)
  public typealias RankUpdate = @Sendable (
    UnsafePointer<UnsafePointer<UInt8>>, UnsafePointer<Float>, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>
  ) -> Void

  public typealias SGD = @Sendable (
    UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int, SGDStep
  ) -> Void

  public typealias Adam = @Sendable (
    UnsafeMutablePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int,
    AdamStep
  ) -> Void

  public let name: String
  public let dotU8: Dot
  /// `dotU8` that prefetches the image given third while it computes (same result).
  public let dotU8Prefetching: DotPrefetching
  public let rankUpdateU8: RankUpdate
  public let sgd: SGD
  public let adam: Adam

  public static let baseline = KernelSet(
    name: "baseline", dotU8: { BaselineKernels.dotU8($0, $1) },
    dotU8Prefetching: { BaselineKernels.dotU8($0, $1, prefetching: $2) },
    rankUpdateU8: { BaselineKernels.rankUpdateU8($0, $1, $2, $3, $4) }, sgd: { BaselineKernels.sgd($0, $1, $2, $3, $4) },
    adam: { BaselineKernels.adam($0, $1, $2, $3, $4, $5) })
  public static let avx2 = KernelSet(
    name: "avx2", dotU8: { AVX2Kernels.dotU8($0, $1) }, dotU8Prefetching: { AVX2Kernels.dotU8($0, $1, prefetching: $2) },
    rankUpdateU8: { AVX2Kernels.rankUpdateU8($0, $1, $2, $3, $4) },
    sgd: { AVX2Kernels.sgd($0, $1, $2, $3, $4) }, adam: { AVX2Kernels.adam($0, $1, $2, $3, $4, $5) })
  /// The fastest set this CPU runs.
  public static let best: KernelSet = CPUFeatures.haswellLevel ? .avx2 : .baseline

  /// The set for `choice` on this CPU; asking for AVX2 on a CPU without it is an error (running
  /// it would die of SIGILL).
  public static func select(_ choice: KernelChoice) throws -> KernelSet {
    switch choice {
    case .baseline: return .baseline
    case .auto: return best
    case .avx2:
      guard CPUFeatures.haswellLevel else {
        throw BenchError.invalidArgument(
          name: "--kernels", value: "avx2", reason: "this CPU lacks AVX2/FMA/BMI2 (use auto or baseline)")
      }
      return .avx2
    }
  }
}

/// What the CPU supports, read once.
public enum CPUFeatures {
  /// Every feature `-target-cpu haswell` lets the compiler use: AVX, AVX2, FMA, BMI1, BMI2, F16C,
  /// LZCNT (`abm`), MOVBE. Linux: the `flags` line of /proc/cpuinfo (which already accounts for
  /// the OS saving the AVX state). Other systems: false, so the baseline kernels run.
  public static let haswellLevel: Bool = {
    #if arch(x86_64) && os(Linux)
      guard let flags = cpuinfoFlags() else { return false }
      return ["avx", "avx2", "fma", "bmi1", "bmi2", "f16c", "abm", "movbe"].allSatisfy(flags.contains)
    #else
      return false
    #endif
  }()

  #if os(Linux)
    /// The first `flags : …` line of /proc/cpuinfo as a set of words.
    static func cpuinfoFlags() -> Set<Substring>? {
      guard let f = fopen("/proc/cpuinfo", "r") else { return nil }
      defer { fclose(f) }
      var line: UnsafeMutablePointer<CChar>?
      var cap = 0
      defer { free(line) }
      while getline(&line, &cap, f) > 0, let line {
        let s = String(cString: line)
        guard s.hasPrefix("flags"), let colon = s.firstIndex(of: ":") else { continue }
        return Set(s[s.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }))
      }
      return nil
    }
  #endif
}
