import LRSchedCore

extension Registry {
  /// `timm.scheduler` (1.0.31).
  static let timmClasses: [SchedulerClass] = []
}
