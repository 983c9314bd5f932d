import LRSchedPlot

/// The PNG reader behind `lrsched compare`: decode, then compare with itself.
func fuzzExtra(_ target: String, _ data: UnsafeRawBufferPointer) {
  guard target == "png" else { return }
  let bytes = Array(data)
  guard let img = try? PNGFile.decode(bytes) else { return }
  _ = ImageCompare.compare(expected: img, actual: img)
}
