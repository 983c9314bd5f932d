import LRSchedCore

extension Registry {
  /// `pytorch_accelerated.schedulers` (0.1.61).
  static let acceleratedClasses: [SchedulerClass] = []
}
