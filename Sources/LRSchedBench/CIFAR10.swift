#if canImport(Glibc)
import Glibc
#endif

/// Constants of the CIFAR-10 binary format (https://www.cs.toronto.edu/~kriz/cifar.html):
/// each record is 1 label byte followed by 3,072 pixel bytes, 1,024 red, 1,024 green, 1,024 blue,
/// each plane row-major 32×32.
public enum CIFAR10 {
  @inlinable public static var width: Int { 32 }
  @inlinable public static var height: Int { 32 }
  @inlinable public static var channels: Int { 3 }
  @inlinable public static var planeSize: Int { 1024 }
  @inlinable public static var imageSize: Int { 3072 }
  @inlinable public static var recordSize: Int { 3073 }
  @inlinable public static var classCount: Int { 10 }
  public static let trainFiles = (1...5).map { "data_batch_\($0).bin" }
  public static let testFile = "test_batch.bin"
  public static let folderName = "cifar-10-batches-bin"
  public static let classNames = [
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
  ]
}

/// Memory that holds a dataset.
public final class ByteStorage: @unchecked Sendable {
  public let base: UnsafeMutableRawPointer
  public let count: Int

  /// Anonymous memory, 2 MB aligned for large blocks and advised for transparent huge pages
  /// (`MADV_HUGEPAGE`; many kernels only back `madvise`d ranges with them): shuffled batches
  /// touch images all over the 150 MB, and with 4 KB pages nearly every image costs a TLB miss.
  init(allocating count: Int) {
    let huge = 2 << 20
    let alignment = count >= huge ? huge : 64
    base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: alignment)
    if count >= huge {
      _ = madvise(base, count / huge * huge, MADV_HUGEPAGE)  // advisory: ignored where unsupported
    }
    self.count = count
  }

  deinit { base.deallocate() }
}

/// One split (train or test): `count` images of 3,072 channel-planar bytes, and their labels.
public struct CIFAR10Split: @unchecked Sendable {
  public let count: Int
  public let pixels: UnsafePointer<UInt8>
  public let labels: UnsafePointer<UInt8>
  let owner: ByteStorage

  /// The 3,072 bytes of image `i` (R plane, G plane, B plane).
  @inlinable public func image(_ i: Int) -> UnsafePointer<UInt8> { pixels + i * CIFAR10.imageSize }
  @inlinable public func label(_ i: Int) -> Int { Int(labels[i]) }
}

/// Per-channel statistics of pixel values scaled to [0, 1] (as `torchvision`'s `ToTensor`).
public struct ChannelStats: Equatable, Sendable {
  public var mean: [Double]
  public var std: [Double]
  public init(mean: [Double], std: [Double]) {
    self.mean = mean
    self.std = std
  }
}

/// Train and test splits in one block of memory laid out as the cache file's data region:
/// train pixels, test pixels, train labels, test labels.
public final class CIFAR10Dataset: @unchecked Sendable {
  public enum Origin: Equatable, Sendable {
    case cache(path: String)
    case folder(path: String)
    case synthetic(seed: UInt64)
  }

  public let train: CIFAR10Split
  public let test: CIFAR10Split
  /// Statistics of the training split; the network normalises with them.
  public let stats: ChannelStats
  public let origin: Origin
  let storage: ByteStorage

  /// Bytes needed for the data region of `train` + `test` images.
  public static func dataSize(train: Int, test: Int) -> Int { (train + test) * CIFAR10.recordSize }

  init(storage: ByteStorage, offset: Int, trainCount: Int, testCount: Int, stats: ChannelStats?, origin: Origin) {
    let b = UnsafePointer((storage.base + offset).assumingMemoryBound(to: UInt8.self))
    let labels = b + (trainCount + testCount) * CIFAR10.imageSize
    train = CIFAR10Split(count: trainCount, pixels: b, labels: labels, owner: storage)
    test = CIFAR10Split(
      count: testCount, pixels: b + trainCount * CIFAR10.imageSize, labels: labels + trainCount, owner: storage)
    self.storage = storage
    self.origin = origin
    self.stats = stats ?? DatasetInfo.channelStats(train)
  }

  /// The data region (what the cache stores after its header).
  var dataRegion: UnsafeRawBufferPointer {
    UnsafeRawBufferPointer(start: UnsafeRawPointer(train.pixels), count: Self.dataSize(train: train.count, test: test.count))
  }
}
