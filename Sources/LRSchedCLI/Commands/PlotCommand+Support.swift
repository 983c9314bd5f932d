import LRSchedCore
import LRSchedPlot
import LRSchedSpec

/// `lrsched plot` helpers: size parsing, default names and metadata text.
extension PlotCommand {
  static func parseSize(_ s: String) throws(CLIError) -> (Int, Int) {
    let parts = s.lowercased().split(separator: "x")
    guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
      throw .usage("--size expects WIDTHxHEIGHT like 1200x800, got '\(s)'", command: "plot")
    }
    guard (200...Canvas.maxSide).contains(w), (150...Canvas.maxSide).contains(h) else {
      throw .usage("--size \(s) is out of range (width 200…\(Canvas.maxSide), height 150…\(Canvas.maxSide))", command: "plot")
    }
    return (w, h)
  }

  /// The default file name (without extension): the specs and the options that change the
  /// schedule (every plot option but the display ones, so options added later count), as a file-name-safe slug, so two different schedules never share a name
  /// silently. `onecycle` → `onecycle`; `onecycle --epochs 30` → `onecycle-epochs-30`;
  /// `StepLR(step_size=5, gamma=0.5)` → `steplr-step_size-5-gamma-0.5`; several specs are
  /// joined with `-vs-`. A name longer than 60 characters is cut and ends in a hash of the
  /// whole text.
  static func defaultName(_ specs: [String], _ a: ParsedArguments) -> String {
    func slug(_ s: String) -> String {
      var out = ""
      for c in s.lowercased() {
        if c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == ".") {
          out.append(c)
        } else if !out.isEmpty && out.last != "-" {
          out.append("-")
        }
      }
      while out.last == "-" || out.last == "." { out.removeLast() }
      return out
    }
    let source = a.has("--hf") ? "hf-trainer" : (a.value("--file").map(fileStem) ?? "timm")
    var parts = [specs.isEmpty ? source : specs.map { slug($0).isEmpty ? "schedule" : slug($0) }.joined(separator: "-vs-")]
    var raw = specs
    for o in PlotCommand.command.options where a.has(o.name) && !displayOptions.contains(o.name) && o.name != "--file" {
      parts.append(slug(o.name.dropFirst(2) + " " + a.all(o.name).joined(separator: " ")))
      raw += [o.name] + a.all(o.name)
    }
    let name = parts.filter { !$0.isEmpty }.joined(separator: "-")
    guard name.count > 60 else { return name }
    return String(name.prefix(51)) + "-" + hash8(raw.joined(separator: "\u{0}"))
  }

  /// `configs/sched.py` → `sched` (`-` → `schedule`).
  static func fileStem(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    let stem = base.hasSuffix(".py") ? String(base.dropLast(3)) : base
    return stem == "-" || stem.isEmpty ? "schedule" : stem
  }

  /// Options that change how the chart looks, not the schedule: left out of default names.
  static let displayOptions: Set<String> = [
    "--fields", "--x", "--log-y", "--size", "--title", "--theme", "--panels", "--output", "--format", "--term", "--help",
  ]

  /// FNV-1a, 32 bits, as 8 hex digits: a short, stable name part.
  static func hash8(_ s: String) -> String {
    var h: UInt32 = 0x811C_9DC5
    for b in s.utf8 {
      h ^= UInt32(b)
      h = h &* 0x0100_0193
    }
    let digits = Array("0123456789abcdef")
    return String((0..<8).map { digits[Int((h >> (28 - 4 * UInt32($0))) & 15)] })
  }

  static func hex4(_ v: UInt32) -> String {
    let digits = Array("0123456789ABCDEF")
    var s = ""
    var v = v
    repeat {
      s.insert(digits[Int(v & 15)], at: s.startIndex)
      v >>= 4
    } while v > 0
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
  }

  static func commandLineText(_ a: ParsedArguments) -> String {
    var parts: [String] = []
    for o in PlotCommand.command.options where a.has(o.name) {
      if o.isFlag { parts.append(o.name) } else { parts.append("\(o.name)=\(a.value(o.name)!)") }
    }
    return parts.joined(separator: " ")
  }
}
