import LRSchedCore
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `ShortestDouble` (Schubfach) and `DecimalText` against CPython's `repr(float)`: about two
/// million doubles drawn here (random bit patterns, subnormals, powers of ten and of two with
/// their neighbours, decimal halfway points, the layout boundaries) are written to a temporary
/// file, `python3` prints their reprs into another, and every line must match byte for byte.
@Suite struct ShortestDoubleTests {
  func repr(_ v: Double) -> String { ShortestDouble.repr(v) }

  /// Printed by python3 3.11 (`repr(x)`), independent of any code here.
  @Test(arguments: [
    (5e-324, "5e-324"), (1e-323, "1e-323"), (1.5e-323, "1.5e-323"),
    (2.2250738585072014e-308, "2.2250738585072014e-308"), (1.7976931348623157e308, "1.7976931348623157e+308"),
    (1e16, "1e+16"), (9999999999999998.0, "9999999999999998.0"), (1e15, "1000000000000000.0"),
    (123456789012345.6, "123456789012345.6"), (0.0001, "0.0001"), (0.00009999999999999999, "9.999999999999999e-05"),
    (1e-05, "1e-05"), (0.1, "0.1"), (100.0, "100.0"), (1e22, "1e+22"), (1.5e300, "1.5e+300"), (-0.0, "-0.0"),
    (0.0, "0.0"), (0.3, "0.3"), (1.0 / 3.0, "0.3333333333333333"), (9007199254740992.0, "9007199254740992.0"),
    (4.35, "4.35"), (0.035, "0.035"), (-1.5, "-1.5"), (.infinity, "inf"), (-.infinity, "-inf"), (.nan, "nan"),
  ] as [(Double, String)])
  func knownReprs(_ v: Double, _ expected: String) {
    #expect(repr(v) == expected)
  }

  @Test func integersAsStrDoes() {
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    var values = [0, 1, -1, 9, 10, 99, 100, Int.max, Int.min, 99_999_999, 100_000_000, 1_000_000_000_000_000_000]
    for _ in 0..<20_000 {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      values.append(Int(bitPattern: UInt(x)) >> Int(x & 63))
    }
    var buffer = [UInt8](repeating: 0, count: 32)
    for v in values {
      let n = buffer.withUnsafeMutableBufferPointer { DecimalText.writeInt(v, to: $0.baseAddress!) }
      #expect(String(decoding: buffer[0..<n], as: UTF8.self) == String(v))
    }
  }

  /// The doubles of the Python comparison.
  static func sample() -> [Double] {
    var out: [Double] = []
    var s: UInt64 = 0x2545_F491_4F6C_DD1D
    func next() -> UInt64 {
      // splitmix64
      s &+= 0x9E37_79B9_7F4A_7C15
      var z = s
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    func neighbours(_ d: Double, _ r: Int) {
      for k in -r...r { out.append(Double(bitPattern: UInt64(bitPattern: Int64(bitPattern: d.bitPattern) &+ Int64(k)))) }
    }
    for _ in 0..<1_200_000 { out.append(Double(bitPattern: next())) }
    for t in 1..<50_000 { out.append(Double(bitPattern: UInt64(t))) }  // the smallest subnormals
    for _ in 0..<150_000 { out.append(Double(bitPattern: next() & (1 << 52 - 1))) }  // subnormals
    for e in -323...308 { neighbours(Double("1e\(e)")!, 3) }
    for e in -1074...1023 { neighbours(Double(sign: .plus, exponent: e, significand: 1), 2) }
    // Doubles next to decimal halfway points: d1…dn5 × 10^e for n up to 17 digits.
    for _ in 0..<200_000 {
      let digits = Int(next() % 17) + 1
      var m = next() % 100_000_000_000_000_000
      var text = ""
      for _ in 0..<digits {
        text.append(Character(Unicode.Scalar(UInt8(48 + m % 10))))
        m /= 10
      }
      let e = Int(next() % 640) - 330
      guard let d = Double(text + "5e\(e)"), d.isFinite, d != 0 else { continue }
      neighbours(d, 1)
    }
    // Integers around 2^53 and the layout boundaries (1e16, 1e-4).
    for v in [9007199254740992.0, 1e16, 1e-4, 1e15, 123456789012345.6] { neighbours(v, 50) }
    for i in 0..<20_000 { out.append(Double(i)); out.append(Double(i) / 10); out.append(Double(i) * 1e-5) }
    out += [0, -0.0, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, -.leastNonzeroMagnitude]
    return out
  }

  @Test func everyDoubleMatchesPythonRepr() throws {
    let values = Self.sample()
    let dir = tmpDir()
    defer { _ = system("rm -rf '\(dir)'") }
    let input = dir + "/doubles.bin"
    let output = dir + "/repr.txt"
    try values.withUnsafeBytes { try writeFile(input, $0) }
    let script = "import struct,sys; d=open(sys.argv[1],'rb').read(); "
      + "open(sys.argv[2],'w').write(''.join(repr(x)+'\\n' for x in struct.unpack('<%dd' % (len(d)//8), d)))"
    let status = system("python3 -c \"\(script)\" '\(input)' '\(output)'")
    try #require(status == 0, "python3 is needed to print the expected reprs (exit status \(status))")
    let expected = try readBytes(output)
    var mismatches: [String] = []
    var line = 0
    let ours = UnsafeMutablePointer<UInt8>.allocate(capacity: 32)
    defer { ours.deallocate() }
    expected.withUnsafeBufferPointer { e in
      var start = 0
      while start < e.count, line < values.count,
        let nl = memchr(e.baseAddress! + start, 0x0A, e.count - start)
      {
        let end = UnsafeRawPointer(nl).assumingMemoryBound(to: UInt8.self) - e.baseAddress!
        let n = ShortestDouble.writeRepr(values[line], to: ours)
        if n != end - start || memcmp(ours, e.baseAddress! + start, n) != 0, mismatches.count < 10 {
          mismatches.append(
            "\(String(values[line].bitPattern, radix: 16)): python \(String(decoding: e[start..<end], as: UTF8.self))"
              + " ours \(String(decoding: UnsafeBufferPointer(start: ours, count: n), as: UTF8.self))")
        }
        line += 1
        start = end + 1
      }
    }
    #expect(line == values.count, "python printed \(line) lines for \(values.count) doubles")
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
  }

  func tmpDir() -> String {
    var template = Array("/tmp/lrsched-shortest-XXXXXX".utf8CString)
    let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return p.map { String(cString: $0) } ?? "/tmp"
  }

  struct IOError: Error { let path: String }

  func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) throws {
    guard let f = fopen(path, "wb") else { throw IOError(path: path) }
    defer { fclose(f) }
    guard fwrite(bytes.baseAddress, 1, bytes.count, f) == bytes.count else { throw IOError(path: path) }
  }

  func readBytes(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw IOError(path: path) }
    defer { fclose(f) }
    fseek(f, 0, SEEK_END)
    var out: [UInt8] = []
    out.reserveCapacity(ftell(f))
    rewind(f)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n == 0 { break }
      chunk.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
    }
    return out
  }
}
