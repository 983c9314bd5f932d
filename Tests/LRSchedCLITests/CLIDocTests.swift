import LRSchedCLI
import Testing

/// docs/cli.md is generated from the help output (Scripts/gen-cli-doc.sh); it must match.
@Suite struct CLIDocTests {
  static let doc: String? = {
    let f = #filePath
    let testsDir = f[..<f.lastIndex(of: "/")!]
    let root = testsDir[..<testsDir.lastIndex(of: "/")!]
    let repo = root[..<root.lastIndex(of: "/")!]
    return readFile(repo + "/docs/cli.md")
  }()

  @Test func everyCommandsHelpIsInTheReference() throws {
    let doc = try #require(Self.doc, "docs/cli.md is missing: run Scripts/gen-cli-doc.sh > docs/cli.md")
    #expect(doc.contains("```\n" + CLI.mainHelp() + "```"), "main help differs: regenerate docs/cli.md")
    for c in CLI.commands {
      let help = lrsched("help", c.name).out
      #expect(doc.contains("## lrsched \(c.name)\n\n```\n" + help + "```"), "\(c.name) help differs: regenerate docs/cli.md")
    }
  }
}
