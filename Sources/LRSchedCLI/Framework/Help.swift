/// Help text generated from a command's descriptors, so help and behaviour never drift.
public enum Help {
  public static func text(for c: Command) -> String {
    var s = "OVERVIEW: \(c.summary)\n\nUSAGE:\n"
    for u in c.usage { s += "  lrsched \(c.name) \(u)\n" }
    if !c.positionalHelp.isEmpty {
      s += "\nARGUMENTS:\n"
      for (n, h) in c.positionalHelp { s += row(n, h) }
    }
    s += "\nOPTIONS:\n"
    for o in c.options {
      var left = o.short.map { "\($0), " } ?? ""
      left += o.name
      if let v = o.valueName { left += " \(v)" }
      var help = o.help
      if let d = o.defaultValue { help += " (default: \(d))" }
      s += row(left, help)
    }
    if !c.discussion.isEmpty { s += "\n" + c.discussion + (c.discussion.hasSuffix("\n") ? "" : "\n") }
    return s
  }

  static func row(_ left: String, _ help: String) -> String {
    let pad = 28
    if left.count + 2 >= pad { return "  \(left)\n" + String(repeating: " ", count: pad) + help + "\n" }
    return "  " + left + String(repeating: " ", count: pad - 2 - left.count) + help + "\n"
  }
}
