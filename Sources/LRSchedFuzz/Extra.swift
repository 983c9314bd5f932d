/// Targets of modules added later (png). Unknown targets do nothing.
func fuzzExtra(_ target: String, _ data: UnsafeRawBufferPointer) {}
