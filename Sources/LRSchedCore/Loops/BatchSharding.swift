/// How many batches each process runs per epoch, from the dataset and the `DataLoader`
/// the user built, as each framework shards it.
///
/// - accelerate 1.16 and the Trainer (which prepares its dataloader with accelerate):
///   `BatchSamplerShard.__len__` (`accelerate/data_loader.py:161-177`) on
///   `L = len(DataLoader)`: `L` with `split_batches`, `L // W` when `W` divides `L` or
///   with `drop_last`, else `L // W + 1` (`even_batches=True`). `split_batches` needs a
///   batch size divisible by `W` (a `ValueError` from `prepare_data_loader`,
///   `data_loader.py:1171-1175`, or for batch size 1 from `BatchSamplerShard`, `:151-155`).
/// - Lightning 2.6 and a plain PyTorch DDP loop: `DistributedSampler(drop_last=False)`
///   gives each process `ceil(n / W)` rows (padded), batched by the `DataLoader`.
public struct BatchSharding: Sendable, Equatable {
  /// Batches per epoch per process.
  public var perProcess: Int
  /// `len(dataloader)` before sharding (accelerate's `L`): what a "single GPU" script sees.
  public var beforeSharding: Int

  public init(perProcess: Int, beforeSharding: Int) {
    self.perProcess = perProcess
    self.beforeSharding = beforeSharding
  }

  /// Shards `datasetSize` rows batched by `batchSize` over `worldSize` processes.
  public static func shard(
    framework: LoopFramework, datasetSize n: Int, batchSize bs: Int, dropLast: Bool, worldSize W: Int,
    splitBatches: Bool
  ) throws(ScheduleError) -> BatchSharding {
    precondition(n >= 0 && bs > 0 && W > 0)
    func batches(_ rows: Int) -> Int { dropLast ? rows / bs : (rows + bs - 1) / bs }
    switch framework {
    case .accelerate, .trainer:
      let L = batches(n)
      let split = splitBatches && framework == .accelerate
      if split {
        if bs > 1 && bs % W != 0 {
          throw .value(
            "To use a `DataLoader` in `split_batches` mode, the batch size (\(bs)) needs to be a round multiple of the number of processes (\(W)).")
        }
        guard bs % W == 0 else {
          throw .value(
            "To use `BatchSamplerShard` in `split_batches` mode, the batch size (\(bs)) needs to be a round multiple of the number of processes (\(W)).")
        }
      }
      return BatchSharding(
        perProcess: acceleratePerProcess(batches: L, worldSize: W, dropLast: dropLast, splitBatches: split), beforeSharding: L)
    case .torch, .lightning:
      let rows = W == 1 ? n : (n + W - 1) / W
      return BatchSharding(perProcess: batches(rows), beforeSharding: batches(n))
    }
  }

  /// `BatchSamplerShard.__len__` (`accelerate/data_loader.py:161-177`, `even_batches=True`):
  /// the batches one of `W` processes runs of a dataloader of `L` batches.
  public static func acceleratePerProcess(batches L: Int, worldSize W: Int, dropLast: Bool, splitBatches: Bool) -> Int {
    if splitBatches { return L }
    if L % W == 0 || dropLast { return L / W }
    return L / W + 1
  }
}
