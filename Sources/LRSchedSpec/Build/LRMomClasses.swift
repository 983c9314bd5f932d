import LRSchedCore

extension Registry {
  /// lr-momentum-scheduler (`scheduler.py`).
  static let lrmomClasses: [SchedulerClass] = []
}
