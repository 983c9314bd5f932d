import LRSchedCore
import LRSchedSpec

/// `lrsched values --format`.
enum ValuesFormat: String, OptionValue { case csv, tsv, json }

/// Formats the rows of `lrsched values` as CSV, TSV or streaming JSON, written as bytes into
/// one buffer that goes to the sink 64 KiB at a time (no `String` per row or per number).
/// Numbers are `repr(float)` (`ShortestDouble`) and `str(int)`; JSON writes inf/nan as strings.
final class RowWriter {
  let format: ValuesFormat
  let fields: [Field]
  let groups: Int
  let sink: TextSink
  let specs: [String]
  var first = true

  /// The bytes written since the last hand-over to the sink.
  private let buffer: UnsafeMutablePointer<UInt8>
  private var used = 0
  /// The buffer's size: 64 KiB plus room for a whole row past the hand-over mark.
  private let capacity: Int
  private let flushMark = 1 << 16
  private let separator: UInt8
  /// JSON: `, "lr": [` for each field.
  private let fieldOpeners: [[UInt8]]

  init(format: ValuesFormat, fields: [Field], groups: Int, sink: TextSink, specs: [String]) {
    self.format = format
    self.fields = fields
    self.groups = groups
    self.sink = sink
    self.specs = specs
    separator = format == .tsv ? UInt8(ascii: "\t") : UInt8(ascii: ",")
    fieldOpeners = fields.map { Array(", \"\($0.rawValue)\": [".utf8) }
    // Per number: its repr, `"` twice (JSON inf/nan) and `, `; per row: two ints, the JSON
    // keys and brackets.
    let rowBytes = 64 + fields.count * (24 + groups * (ShortestDouble.maxReprBytes + 4))
    capacity = flushMark + rowBytes
    buffer = .allocate(capacity: capacity)
  }

  deinit { buffer.deallocate() }

  func header() {
    let cols = ["step", "epoch"] + ScheduleOptions.columns(fields: fields, groups: groups)
    switch format {
    case .json:
      sink.write("{\"specs\": [" + specs.map { JSONText.quote($0) }.joined(separator: ", ") + "], \"groups\": \(groups), \"fields\": [")
      sink.write(fields.map { "\"\($0.rawValue)\"" }.joined(separator: ", ") + "],\n \"steps\": [")
    case .tsv: sink.line(cols.joined(separator: "\t"))
    case .csv: sink.line(cols.joined(separator: ","))
    }
  }

  func row(step: Int, epoch: Int, values: UnsafeBufferPointer<ParamGroup>) {
    var p = buffer + used
    if format == .json {
      p = put(first ? "\n  {\"step\": " : ",\n  {\"step\": ", p)
      first = false
      p += DecimalText.writeInt(step, to: p)
      p = put(", \"epoch\": ", p)
      p += DecimalText.writeInt(epoch, to: p)
      for (fi, f) in fields.enumerated() {
        p = fieldOpeners[fi].withUnsafeBufferPointer { o in
          p.update(from: o.baseAddress!, count: o.count)
          return p + o.count
        }
        for (i, g) in values.enumerated() {
          if i > 0 { p = put(", ", p) }
          p = jsonNumber(g[f], p)
        }
        p[0] = UInt8(ascii: "]")
        p += 1
      }
      p[0] = UInt8(ascii: "}")
      p += 1
    } else {
      p += DecimalText.writeInt(step, to: p)
      p[0] = separator
      p += 1
      p += DecimalText.writeInt(epoch, to: p)
      for f in fields {
        for g in values {
          p[0] = separator
          p += ShortestDouble.writeRepr(g[f], to: p + 1) + 1
        }
      }
      p[0] = UInt8(ascii: "\n")
      p += 1
    }
    used = p - buffer
    if used >= flushMark { handOver() }
  }

  func footer() {
    handOver()
    if format == .json { sink.line("\n ]}") }
  }

  /// Gives the buffered bytes to the sink.
  private func handOver() {
    guard used > 0 else { return }
    sink.write(bytes: UnsafeRawBufferPointer(start: buffer, count: used))
    used = 0
  }

  /// A number in JSON: its repr, or the repr quoted for inf and nan (JSON has no literal).
  @inline(__always)
  private func jsonNumber(_ v: Double, _ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    if v.isFinite { return p + ShortestDouble.writeRepr(v, to: p) }
    p[0] = UInt8(ascii: "\"")
    let n = ShortestDouble.writeRepr(v, to: p + 1)
    p[n + 1] = UInt8(ascii: "\"")
    return p + n + 2
  }

  @inline(__always)
  private func put(_ s: StaticString, _ p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
    p.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
    return p + s.utf8CodeUnitCount
  }
}
