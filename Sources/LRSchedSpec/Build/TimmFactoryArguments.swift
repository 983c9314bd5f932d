import LRSchedCore

extension TimmFactory {
  /// argparse, as `train.py` configures it: `--opt value`, `--opt=value`, unique prefixes,
  /// `nargs='+'` lists, `store_true` flags.
  struct ArgParser {
    let source: String
    let defaults: Defaults

    struct Token {
      var text: String
      var offset: Int

      /// argparse's `--name=value`: the option's name and the value after `=`, if any.
      var optionParts: (name: String, inline: String?) {
        guard let eq = text.firstIndex(of: "=") else { return (text, nil) }
        return (String(text[..<eq]), String(text[text.index(after: eq)...]))
      }
    }

    func fail(_ message: String, _ at: Int) -> SpecError { SpecError(message, source: source, column: at) }

    /// Splits like a POSIX shell: whitespace separates, quotes group, backslash escapes.
    func tokens() throws(SpecError) -> [Token] {
      var out: [Token] = []
      var cur = ""
      var start = -1
      var quote: Character?
      var escaped = false
      for (i, ch) in source.enumerated() {
        if escaped {
          cur.append(ch)
          escaped = false
          continue
        }
        if let q = quote {
          if ch == q { quote = nil } else if ch == "\\" && q == "\"" { escaped = true } else { cur.append(ch) }
          continue
        }
        if ch == "\\" {
          if start < 0 { start = i }
          escaped = true
        } else if ch == "'" || ch == "\"" {
          if start < 0 { start = i }
          quote = ch
        } else if ch == " " || ch == "\t" || ch == "\n" {
          if start >= 0 { out.append(Token(text: cur, offset: start)) }
          cur = ""
          start = -1
        } else {
          if start < 0 { start = i }
          cur.append(ch)
        }
      }
      if quote != nil { throw fail("unterminated quote in the timm arguments", source.count) }
      if start >= 0 { out.append(Token(text: cur, offset: start)) }
      return out
    }

    static func looksLikeOption(_ s: String) -> Bool {
      guard s.hasPrefix("-"), s.count > 1 else { return false }
      let second = s[s.index(after: s.startIndex)]
      return !(second.isNumber || second == ".")
    }

    /// What a command-line option names: a schedule option, or another `train.py` option.
    enum Match {
      case schedule(Option)
      case other(String, TimmTrainFlags.Arity)
    }

    /// argparse's lookup: the exact name, else a unique prefix of a long option among all of
    /// `train.py`'s options (an ambiguous prefix is argparse's error).
    func match(_ name: String, at: Int) throws(SpecError) -> Match? {
      if let exact = TimmFactory.options.first(where: { $0.names.contains(name) }) { return .schedule(exact) }
      if let f = TimmTrainFlags.find(name) { return .other(f.names.last!, f.arity) }
      guard name.hasPrefix("--") else { return nil }
      var hits: [(String, Match)] = []
      for o in TimmFactory.options where o.names.contains(where: { $0.hasPrefix(name) }) {
        hits.append((o.names.last!, .schedule(o)))
      }
      for f in TimmTrainFlags.all where f.names.contains(where: { $0.hasPrefix(name) }) {
        let display = f.names.last!
        if !hits.contains(where: { $0.0 == display }) { hits.append((display, .other(display, f.arity))) }
      }
      if hits.count == 1 { return hits[0].1 }
      if hits.count > 1 {
        throw fail("ambiguous option: \(name) could match \(hits.map(\.0).joined(separator: ", "))", at)
      }
      return nil
    }

    /// Consumes the values argparse gives a skipped option, failing where argparse fails.
    func skipValues(
      _ display: String, _ arity: TimmTrainFlags.Arity, inline: String?, at: Int, _ toks: [Token], _ i: inout Int
    ) throws(SpecError) {
      func next() -> Bool {
        guard i < toks.count, !Self.looksLikeOption(toks[i].text) else { return false }
        i += 1
        return true
      }
      switch arity {
      case .none:
        if let inline { throw fail("argument \(display): ignored explicit argument '\(inline)'", at) }
      case .one:
        if inline == nil && !next() { throw fail("argument \(display): expected one argument", at) }
      case .optional:
        if inline == nil { _ = next() }
      case .oneOrMore, .any:
        var n = inline == nil ? 0 : 1
        while next() { n += 1 }
        if arity == .oneOrMore && n == 0 { throw fail("argument \(display): expected at least one argument", at) }
      case .exactly(let k):
        var n = inline == nil ? 0 : 1
        while n < k && next() { n += 1 }
        if n < k { throw fail("argument \(display): expected \(k) arguments", at) }
      }
    }

    func convert(_ text: String, _ kind: Kind, option: String, at: Int) throws(SpecError) -> PyNumber {
      let clean = text.filter { $0 != "_" }
      switch kind {
      case .int, .ints:
        guard let i = Int(clean.hasPrefix("+") ? String(clean.dropFirst()) : clean) else {
          throw fail("argument \(option): invalid int value: '\(text)'", at)
        }
        return .int(i)
      default:
        let lower = clean.lowercased()
        let d: Double?
        switch lower {
        case "inf", "+inf", "infinity", "+infinity": d = .infinity
        case "-inf", "-infinity": d = -.infinity
        default: d = Double(clean)
        }
        guard let d, !d.isNaN else { throw fail("argument \(option): invalid float value: '\(text)'", at) }
        return .float(d)
      }
    }

    func parse() throws(SpecError) -> Parsed {
      var values: [String: Value] = [:]
      for o in TimmFactory.options { values[o.dest] = defaults == .trainScript ? o.script : o.factory }
      var given: [String: Int] = [:]
      var notes: [String] = []
      let toks = try tokens()
      var i = 0
      // A leading `python train.py` / `train.py` is allowed.
      while i < toks.count, !Self.looksLikeOption(toks[i].text),
        toks[i].text.hasSuffix("python") || toks[i].text.hasSuffix("python3") || toks[i].text.hasSuffix(".py")
      {
        i += 1
      }
      while i < toks.count {
        let tok = toks[i]
        i += 1
        guard Self.looksLikeOption(tok.text) else {
          notes.append("ignored positional argument '\(tok.text)' (train.py's data directory)")
          continue
        }
        let (name, inline) = tok.optionParts
        if name == "-c" || name == "--config" {
          throw fail("\(name): YAML config files are not read; pass the arguments they set", tok.offset)
        }
        let found = try match(name, at: tok.offset)
        guard case .schedule(let opt)? = found else {
          if case .other(let display, let arity)? = found {
            // A train.py option that does not shape the schedule: skip exactly its values.
            try skipValues(display, arity, inline: inline, at: tok.offset, toks, &i)
            notes.append("ignored \(display) (does not affect the schedule)")
            continue
          }
          if name.hasPrefix("--"), let near = Suggest.closest(to: name, in: TimmFactory.allNames, maxDistance: 2) {
            throw fail("unrecognized argument \(name); did you mean \(near)?", tok.offset)
          }
          // Not an option lrsched knows train.py to have (a newer or local one): skip it and
          // the values after it.
          if inline == nil {
            while i < toks.count, !Self.looksLikeOption(toks[i].text) { i += 1 }
          }
          notes.append("ignored \(name) (not a train.py option lrsched knows; does not affect the schedule)")
          continue
        }
        let display = opt.names.last!
        given[opt.dest] = tok.offset
        switch opt.kind {
        case .flag:
          if inline != nil { throw fail("argument \(display): ignored explicit argument '\(inline!)'", tok.offset) }
          values[opt.dest] = .bool(true)
        case .string, .int, .float:
          let text: String
          let at: Int
          if let inline {
            text = inline
            at = tok.offset
          } else {
            guard i < toks.count, !Self.looksLikeOption(toks[i].text) else {
              throw fail("argument \(display): expected one argument", tok.offset)
            }
            text = toks[i].text
            at = toks[i].offset
            i += 1
          }
          if opt.kind == .string {
            values[opt.dest] = .str(text)
          } else {
            values[opt.dest] = .num(try convert(text, opt.kind, option: display, at: at))
          }
        case .ints, .floats:
          var items: [PyNumber] = []
          if let inline { items.append(try convert(inline, opt.kind, option: display, at: tok.offset)) }
          while i < toks.count, !Self.looksLikeOption(toks[i].text) {
            items.append(try convert(toks[i].text, opt.kind, option: display, at: toks[i].offset))
            i += 1
          }
          if items.isEmpty { throw fail("argument \(display): expected at least one argument", tok.offset) }
          values[opt.dest] = .list(items)
        }
      }
      return Parsed(values: values, given: given, notes: notes)
    }
  }
}
