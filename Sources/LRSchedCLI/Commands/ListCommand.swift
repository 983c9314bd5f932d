import LRSchedCore
import LRSchedSpec

/// `lrsched list [NAME]`: every scheduler by library, or one signature.
public enum ListCommand {
  public static let command = Command(
    name: "list",
    summary: "List schedulers by library, or show one scheduler's signature.",
    usage: ["[NAME]"],
    positionals: [("NAME", "A class name (OneCycleLR) or alias (onecycle).")],
    options: [],
    maxPositionals: 1, positionalChoices: CompletionsCommand.schedulerNames,
    run: run)

  static let libraryTitles: [(Library, String)] = [
    (.torch, "PyTorch (torch.optim.lr_scheduler 2.15)"), (.timm, "timm (timm.scheduler 1.0.31)"),
    (.accelerated, "pytorch-accelerated (0.1.61)"), (.lrmom, "lr-momentum-scheduler"),
    (.transformers, "Hugging Face transformers (transformers.optimization 5.25)"),
  ]

  @Sendable static func run(_ a: ParsedArguments, _ io: CommandIO) throws(CLIError) -> Int32 {
    if let name = a.positionals.first {
      if let c = Registry.find(name) {
        io.out.line(c.signature)
        io.out.line("  library: \(c.library.rawValue)")
        io.out.line("  \(c.summary)")
        let aliases = Aliases.all.filter { $0.className == c.name }.map(\.name)
        if !aliases.isEmpty { io.out.line("  aliases: \(aliases.joined(separator: ", "))") }
        io.out.line("  any scheduler also takes field='lr'|'momentum'|'beta1'|'weight_decay'")
        return 0
      }
      if let al = Aliases.find(name) {
        io.out.line("\(al.name): \(al.summary)")
        io.out.line("  expands to \(al.className)(…) with defaults from --optimizer, --epochs, --steps-per-epoch, --step-on")
        io.out.line("  e.g. \(name) → " + ((try? al.expand(Node(.name(name), at: 0), context: defaultContext, evaluator: Evaluator(source: name))) ?? al.className))
        return 0
      }
      let names = Registry.all.map(\.name) + Aliases.all.map(\.name)
      let hint = Suggestions.closest(name, names).map { "; did you mean '\($0)'?" } ?? ""
      throw .input("unknown scheduler '\(name)'\(hint)")
    }
    for (lib, title) in libraryTitles {
      let classes = Registry.classes(of: lib)
      io.out.line(title + (classes.isEmpty ? " — not implemented yet" : ""))
      for c in classes { io.out.write(Help.row(c.name, c.summary)) }
      io.out.line()
    }
    io.out.line("Aliases (defaults from --optimizer, --epochs, --steps-per-epoch, --step-on)")
    for al in Aliases.all { io.out.write(Help.row(al.name, al.summary)) }
    return 0
  }

  static var defaultContext: BuildContext {
    BuildContext(optimizer: .defaultSGD, epochs: 15, stepsPerEpoch: 391, stepOn: .batch)
  }
}
