/// LLVM's prefetch intrinsic, reached through its symbol name: Swift has no prefetch of its own,
/// and a plain load would stall the CPU's retirement until the line arrives, where a prefetch
/// instruction (`prefetcht0` on x86-64, `prfm pldl1keep` on arm64) does not.
@usableFromInline @_silgen_name("llvm.prefetch.p0")
func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ cacheType: Int32)

/// Under ThreadSanitizer the compiler emits every call as an `invoke` (for its unwinding
/// cleanups), which LLVM refuses for an intrinsic; `make test-tsan` therefore builds with
/// `-DLRSCHED_NO_PREFETCH`, which turns the hint into nothing (results are the same either way).
public enum Prefetch {
  /// Asks for the cache line holding `address` in L2 and below, for reading (`prefetcht1`:
  /// leaving L1 to the weights the pixels are multiplied with; 2 ms per epoch faster than
  /// `prefetcht0` here). A hint only: it never faults, whatever the address.
  @inlinable @inline(__always)
  public static func read(_ address: UnsafeRawPointer) {
    #if !LRSCHED_NO_PREFETCH
      llvmPrefetch(address, 0, 2, 1)
    #endif
  }
}
