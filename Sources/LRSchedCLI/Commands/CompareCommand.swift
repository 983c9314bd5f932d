import LRSchedPlot

/// `lrsched compare EXPECTED.png ACTUAL.png`: golden-image check for CI.
public enum CompareCommand {
  public static let command = Command(
    name: "compare",
    summary: "Compare two PNG images pixel by pixel (RMS, differing pixels, diff image).",
    usage: ["EXPECTED.png ACTUAL.png [--tolerance RMS] [--diff DIFF.png]"],
    positionals: [("EXPECTED.png", "The golden image."), ("ACTUAL.png", "The image to check.")],
    options: [
      OptionSpec("--tolerance", value: "RMS", help: "Largest RMS difference accepted (0–255 scale).", default: "0"),
      OptionSpec("--diff", value: "FILE", help: "Write |expected − actual| × 10 as a PNG."),
    ],
    discussion: """
      Both images are decoded to RGBA through libpng. Exit 0 when the RMS difference is within
      the tolerance, 1 when it isn't or the sizes differ, 2 when a file is missing or not a PNG.
      The RMS is matplotlib's (compare_images): over the R, G and B values of every pixel.
      """,
    minPositionals: 2, maxPositionals: 2,
    run: run)

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    let tolerance = try a.double("--tolerance", default: 0)
    guard tolerance >= 0 else { throw .usage("--tolerance must not be negative", command: "compare") }
    // Read both files before decoding, so a missing file is reported as missing.
    let expectedBytes = try FileIO.readBytes(a.positionals[0], limit: 512 << 20)
    let actualBytes = try FileIO.readBytes(a.positionals[1], limit: 512 << 20)
    let expected = try decode(expectedBytes, a.positionals[0])
    let actual = try decode(actualBytes, a.positionals[1])
    let r = ImageCompare.compare(expected: expected, actual: actual)
    guard let rms = r.rms else {
      io.out.line(
        "size mismatch: expected \(r.expectedSize.0)x\(r.expectedSize.1), actual \(r.actualSize.0)x\(r.actualSize.1)")
      return 1
    }
    if let diffPath = a.value("--diff") {
      let w = try AtomicFileWriter(path: diffPath)
      do {
        w.write(bytes: try PNGFile.encode(ImageCompare.diffImage(expected: expected, actual: actual)))
      } catch {
        w.discard()
        throw .failure("cannot encode the diff image: \(error.message)")
      }
      try w.commit()
    }
    let ok = rms <= tolerance
    io.out.line(
      "RMS \(formatRMS(rms)) (tolerance \(formatRMS(tolerance))), \(r.differingPixels) of \(r.totalPixels) pixels differ: "
        + (ok ? "match" : "MISMATCH"))
    return ok ? 0 : 1
  }

  static func decode(_ bytes: [UInt8], _ path: String) throws(CLIError) -> RGBAImage {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
      throw .input("'\(path)' is not a PNG file")
    }
    do {
      return try PNGFile.decode(bytes)
    } catch {
      throw .input("'\(path)' is not a readable PNG (libpng: \(error.message))")
    }
  }

  static func formatRMS(_ v: Double) -> String {
    let r = (v * 1000).rounded() / 1000
    return String(r)
  }
}
