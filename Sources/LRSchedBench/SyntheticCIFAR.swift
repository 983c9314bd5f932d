#if canImport(Glibc)
import Glibc
#endif

/// Synthetic CIFAR-format data with class-dependent structure that the 2-neuron network can learn.
///
/// Image pixel `(c, y, x)` of class `k`:
/// ```
/// template_k[c, y, x] = 80 + 35 cos(2πk/10 − 2πc/3)            // mean colour on a circle
///                     + 20 sin(2π f_k y / 32 + φ_k)              // class stripe pattern
///                     + 10 (x/31 − 1/2) s_k                      // horizontal gradient, sign by class
/// pixel = template_k + jitter_c (0…31, per image and channel) + noise (0…63, per pixel)
/// ```
/// The template stays within 20…140, so pixels stay within 0…255 without clamping. Every image
/// draws from its own xoshiro256** stream seeded with `(seed, split, index)`, so output is
/// deterministic for a seed and the first N images do not depend on how many are generated.
public enum SyntheticCIFAR {
  /// The ten class templates (3,072 bytes each).
  static let templates: [UInt8] = {
    var t = [UInt8](repeating: 0, count: CIFAR10.classCount * CIFAR10.imageSize)
    for k in 0..<CIFAR10.classCount {
      let theta = 2 * Double.pi * Double(k) / 10
      let freq = Double(1 + k % 3)
      let phase = Double(k) * 0.7
      let sign: Double = k < 5 ? 1 : -1
      for c in 0..<3 {
        let base = 80 + 35 * cos(theta - 2 * Double.pi * Double(c) / 3)
        for y in 0..<32 {
          let stripe = 20 * sin(2 * Double.pi * freq * Double(y) / 32 + phase)
          for x in 0..<32 {
            let v = base + stripe + 10 * (Double(x) / 31 - 0.5) * sign
            t[k * CIFAR10.imageSize + c * 1024 + y * 32 + x] = UInt8(max(0, min(159, v.rounded())))
          }
        }
      }
    }
    return t
  }()

  /// Fills `count` images and labels for `split` (0 train, 1 test).
  static func fill(
    pixels: UnsafeMutablePointer<UInt8>, labels: UnsafeMutablePointer<UInt8>, range: Range<Int>, seed: UInt64, split: UInt64
  ) {
    templates.withUnsafeBufferPointer { tpl in
      let t = UnsafeRawPointer(tpl.baseAddress!)
      for i in range {
        var rng = Xoshiro256(seed: SplitMix64.mix(seed, split &+ 1, UInt64(i)))
        let label = rng.below(CIFAR10.classCount)
        labels[i] = UInt8(label)
        let jitterBits = rng.next()
        let out = UnsafeMutableRawPointer(pixels + i * CIFAR10.imageSize)
        let src = t + label * CIFAR10.imageSize
        for c in 0..<3 {
          let jitter = SIMD8<UInt8>(repeating: UInt8(truncatingIfNeeded: jitterBits &>> UInt64(8 * c)) & 31)
          var off = c * CIFAR10.planeSize
          let end = off + CIFAR10.planeSize
          while off < end {
            let noise = unsafeBitCast(rng.next() & 0x3F3F_3F3F_3F3F_3F3F, to: SIMD8<UInt8>.self)
            let v = src.loadUnaligned(fromByteOffset: off, as: SIMD8<UInt8>.self) &+ jitter &+ noise
            out.storeBytes(of: v, toByteOffset: off, as: SIMD8<UInt8>.self)
            off += 8
          }
        }
      }
    }
  }

  /// Generates a dataset in memory (60,000 images take well under a second).
  public static func generate(train: Int = 50_000, test: Int = 10_000, seed: UInt64 = 0) -> CIFAR10Dataset {
    let storage = ByteStorage(allocating: CIFAR10Dataset.dataSize(train: train, test: test))
    let pixels = storage.base.assumingMemoryBound(to: UInt8.self)
    let labels = pixels + (train + test) * CIFAR10.imageSize
    fill(pixels: pixels, labels: labels, range: 0..<train, seed: seed, split: 0)
    fill(
      pixels: pixels + train * CIFAR10.imageSize, labels: labels + train, range: 0..<test, seed: seed, split: 1)
    return CIFAR10Dataset(
      storage: storage, offset: 0, trainCount: train, testCount: test, stats: nil, origin: .synthetic(seed: seed))
  }

  /// Writes `DIR/cifar-10-batches-bin/` with CIFAR-format files; returns the batch folder path.
  @discardableResult
  public static func synth(train: Int, test: Int, seed: UInt64, into directory: String) throws -> String {
    guard train >= 0 else { throw BenchError.invalidArgument(name: "--train", value: "\(train)", reason: "must be >= 0") }
    guard test >= 0 else { throw BenchError.invalidArgument(name: "--test", value: "\(test)", reason: "must be >= 0") }
    let folder = PosixFiles.join(directory, CIFAR10.folderName)
    try CIFAR10Reader.writeFolder(generate(train: train, test: test, seed: seed), to: folder)
    return folder
  }
}
