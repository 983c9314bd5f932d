import LRSchedCLI
import LRSchedPlot
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Plots wherever the user looks: stdout (`-o -`), the terminal (`--term`), non-Latin titles,
/// the `--timm` title, default names and completions of option values.
@Suite struct PlotOutputTests {
  struct Run {
    var code: Int32
    var out: [UInt8]
    var text: String
    var err: String
  }

  static func run(_ args: [String], env: [String: String] = [:], tty: Bool = false) -> Run {
    let out = StringSink()
    let err = StringSink()
    let io = CommandIO(out: out, err: err, environment: env, stdoutIsTerminal: tty, terminalSize: tty ? (100, 30) : nil)
    let code = CLI.run(arguments: args, io: io)
    return Run(code: code, out: out.bytes, text: out.text, err: err.text)
  }

  static let small = ["onecycle", "--epochs", "3", "--steps-per-epoch", "50", "--size", "400x300"]

  @Test func pngToStdoutIsTheSameImageAsTheFile() throws {
    let dir = makeTempDir()
    let file = lrsched(["plot"] + Self.small + ["-o", dir + "/a.png"])
    #expect(file.code == 0)
    let r = Self.run(["plot"] + Self.small + ["-o", "-"])
    #expect(r.code == 0, "\(r.err)")
    #expect(Array(r.out.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let a = try PNGFile.decode(r.out)
    let b = try PNGFile.decode(readBytes(dir + "/a.png") ?? [])
    #expect(a == b)
  }

  @Test func svgToStdout() {
    let r = Self.run(["plot"] + Self.small + ["-o", "-", "--format", "svg"])
    #expect(r.code == 0)
    #expect(r.text.contains("<svg"))
    #expect(r.text.hasSuffix("</svg>\n"))
  }

  @Test func formatMustMatchTheExtension() {
    let dir = makeTempDir()
    let r = lrsched(["plot"] + Self.small + ["-o", dir + "/a.png", "--format", "svg"])
    #expect(r.code == 2)
    #expect(r.err.contains("--format svg does not match -o"))
    #expect(!fileExists(dir + "/a.png"))
    let bad = lrsched(["plot"] + Self.small + ["-o", "-", "--format", "jpeg"])
    #expect(bad.code == 2)
    #expect(bad.err.contains("--format must be one of png, svg"))
  }

  @Test func greekTitleHasGlyphsAndUTF8Metadata() throws {
    let r = Self.run(["plot"] + Self.small + ["-o", "-", "--title", "η schedule: α·β ≤ γ → √λ² ∞ σ³ μ ×"])
    #expect(r.code == 0)
    #expect(r.err.isEmpty, "\(r.err)")
    // The title is an iTXt chunk holding the UTF-8 bytes (tEXt is Latin-1).
    let title = Array("η schedule".utf8)
    #expect(Self.chunk("iTXt", in: r.out).contains { Self.contains($0, title) })
    #expect(!Self.chunk("tEXt", in: r.out).contains { Self.contains($0, title) })
  }

  @Test func missingGlyphsWarnAndDrawTheReplacementCharacter() throws {
    let r = Self.run(["plot"] + Self.small + ["-o", "-", "--title", "Жx"])
    #expect(r.code == 0)
    #expect(r.err == "warning: the plot font has no glyph for 'Ж' (U+0416); it is drawn as \u{FFFD}\n")
    // The replacement glyph is drawn: the title differs from one with '?' in its place.
    let q = Self.run(["plot"] + Self.small + ["-o", "-", "--title", "?x"])
    let withReplacement = try PNGFile.decode(r.out)
    let withQuestionMark = try PNGFile.decode(q.out)
    #expect(withReplacement != withQuestionMark)
    let svg = Self.run(["plot"] + Self.small + ["-o", "-", "--format", "svg", "--title", "Жx"])
    #expect(svg.err.isEmpty)  // SVG text is drawn by the viewer's fonts
  }

  @Test func timmTitleNamesTheResolvedOptimizer() throws {
    // timm train.py: --opt adamw --lr 5e-4 --weight-decay 0.05 builds AdamW(lr=5e-4, weight_decay=0.05).
    let r = Self.run([
      "plot", "--timm", "--sched cosine --epochs 10 --lr 5e-4 --opt adamw --weight-decay 0.05", "--steps-per-epoch", "10",
      "-o", "-", "--format", "svg",
    ])
    #expect(r.code == 0, "\(r.err)")
    #expect(r.text.contains("AdamW(lr=0.0005, weight_decay=0.05)"))
    #expect(!r.text.contains("SGD(lr=0.1, momentum=0.9)"))
  }

  /// Chunks of one type, as raw data.
  static func chunk(_ type: String, in png: [UInt8]) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var i = 8
    while i + 8 <= png.count {
      let n = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
      if String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self) == type { out.append(Array(png[(i + 8)..<(i + 8 + n)])) }
      i += 12 + n
    }
    return out
  }

  static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
    guard needle.count <= hay.count else { return false }
    return (0...(hay.count - needle.count)).contains { Array(hay[$0..<($0 + needle.count)]) == needle }
  }
}
