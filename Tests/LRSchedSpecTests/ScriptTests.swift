import LRSchedCore
import Testing

@testable import LRSchedSpec

/// The statement interpreter's Python semantics and the file runs. Expected reprs were
/// printed by python3 3.11 with numpy 2 (the venv of Scripts/gen-cases.py) for the same
/// expressions; expected schedule values are computed here by hand from the spec.
@Suite struct ScriptTests {
  static let settings = ScriptSettings(optimizer: .defaultSGD, epochs: 4, stepsPerEpoch: 1, stepOn: .epoch)

  /// Evaluates one expression in a fresh interpreter; its repr.
  func repr(_ expression: String) throws -> String {
    let source = "import math\nimport numpy as np\nresult_ = " + expression + "\n"
    let interp = ScriptInterpreter(source: source, defines: [:], settings: Self.settings)
    do {
      try interp.run(try ScriptParser.parse(source))
    } catch {
      Issue.record("\(expression): \(error)")
      return ""
    }
    return interp.globals.vars["result_"]?.repr ?? "<unset>"
  }

  @Test(arguments: [
    ("[x * 2 for x in range(5) if x % 2 == 0]", "[0, 4, 8]"),
    ("{k: v for k, v in zip('abc', [1, 2, 3])}", "{'a': 1, 'b': 2, 'c': 3}"),
    ("sum(x for x in range(10)) / 4", "11.25"),
    ("[1, 2, 3, 4, 5][1:4]", "[2, 3, 4]"),
    ("[1, 2, 3, 4, 5][::-2]", "[5, 3, 1]"),
    ("'hello'[1:3]", "'el'"),
    ("list(range(10, 0, -3))", "[10, 7, 4, 1]"),
    ("max([3, 1, 2], key=lambda v: -v)", "1"),
    ("min(4, 2.5, 3)", "2.5"),
    ("sorted([3, 1, 2], reverse=True)", "[3, 2, 1]"),
    ("sorted(['b', 'a', 'c'])", "['a', 'b', 'c']"),
    ("any(x > 2 for x in [1, 2, 3])", "True"),
    ("all([])", "True"),
    ("round(2.675, 2)", "2.67"),
    ("round(0.5) + round(1.5) + round(2.5)", "4"),
    ("int(-3.7)", "-3"),
    ("float('1e-3') * 3", "0.003"),
    ("abs(-7) + abs(-2.5)", "9.5"),
    ("7 // -2", "-4"),
    ("-7 % 3", "2"),
    ("2 ** -1", "0.5"),
    ("10 / 4", "2.5"),
    ("isinstance(3, (int, float))", "True"),
    ("isinstance(True, int)", "True"),
    ("len({'a': 1, 'b': 2})", "2"),
    ("[i for i, _ in enumerate('xyz', start=1)]", "[1, 2, 3]"),
    ("list(zip([1, 2, 3], 'ab'))", "[(1, 'a'), (2, 'b')]"),
    ("list(map(lambda a, b: a + b, [1, 2], [10, 20]))", "[11, 22]"),
    ("list(filter(None, [0, 1, '', 'a', None, 2]))", "[1, 'a', 2]"),
    ("dict(a=1, b=2)", "{'a': 1, 'b': 2}"),
    ("tuple([1, 2]) + (3,)", "(1, 2, 3)"),
    ("[0] * 3 + [1]", "[0, 0, 0, 1]"),
    ("'a' if 3 > 2 > 1 else 'b'", "'a'"),
    ("1 < 2 < 2", "False"),
    ("not [] and 'x'", "'x'"),
    ("0 or None or 'last'", "'last'"),
    ("2 in [1, 2] and 'c' not in 'abc'", "False"),
    ("None is None", "True"),
    ("math.cos(math.pi / 3)", "0.5000000000000001"),
    ("math.exp(1) - math.e", "0.0"),
    ("math.log(8, 2)", "3.0"),
    ("math.floor(-2.5) + math.ceil(2.1)", "0"),
    ("math.sqrt(2) ** 2", "2.0000000000000004"),
    ("np.exp(-1.5)", "0.22313016014842982"),
    ("np.power(0.9, 2.5)", "0.7684334714209162"),
    ("np.log(0.0)", "-inf"),
    ("np.float64(3) / 2", "1.5"),
    ("np.pi / 2", "1.5707963267948966"),
    ("np.clip(1.5, 0, 1)", "1.0"),
    ("np.maximum(0.3, 0.7)", "0.7"),
    ("str(1.0) + str(2)", "'1.02'"),
    ("'-'.join(['a', 'b'])", "'a-b'"),
    ("(1e-3 * 0.1) ** 0.5", "0.01"),
    ("0.1 + 0.2", "0.30000000000000004"),
    ("3 * 0.1", "0.30000000000000004"),
    ("1 / 3", "0.3333333333333333"),
    ("2 ** 0.5", "1.4142135623730951"),
    ("10 ** 20", "100000000000000000000"),
    ("(-8) ** (1 / 3)", "(1.0000000000000002+1.7320508075688772j)")

  ])
  func pythonSemantics(_ c: (String, String)) throws {
    #expect(try repr(c.0) == c.1, "\(c.0)")
  }

  /// Every operator spelling parses to its enum case (none falls into a default).
  @Test func operatorsAreEnums() throws {
    for op in BinaryOp.allCases {
      let stmts = try ScriptParser.parse("x = a \(op.rawValue) b")
      guard case .assign(_, let v) = stmts[0].stmt, case .binary(let parsed, _, _) = v.expr else {
        Issue.record("\(op.rawValue) did not parse as a binary operation")
        continue
      }
      #expect(parsed == op)
      guard case .binary(let specOp, _, _) = try Parser.parse("a \(op.rawValue) b").expr else {
        Issue.record("spec parser: \(op.rawValue)")
        continue
      }
      #expect(specOp == op)
    }
    for op in CompareOp.allCases {
      let stmts = try ScriptParser.parse("x = a \(op.rawValue) b")
      guard case .assign(_, let v) = stmts[0].stmt, case .compare(_, let rest) = v.expr else {
        Issue.record("\(op.rawValue) did not parse as a comparison")
        continue
      }
      #expect(rest.first?.0 == op)
    }
  }

  func lrs(_ text: String, epochs: Int = 6, defines: [String] = []) throws(SpecError) -> [Double] {
    var plan = RunPlan(specs: ["test.py"], epochs: epochs, stepsPerEpoch: 1, stepOn: .epoch)
    plan.script = ScriptSource(text: text, path: "test.py", defines: defines)
    var run = try plan.makeRun()
    var out: [Double] = []
    while run.step < run.totalSteps {
      out.append(run.groups[0].lr)
      do {
        try run.advance()
      } catch {
        throw SpecError("\(error.pythonType): \(error.message)", source: text, column: 0, scheduleError: error)
      }
    }
    return out
  }

  /// A def with locals, a for loop over range, if/elif/else, a dict and a slice, as lr_lambda.
  @Test func defAsLambda() throws {
    let text = """
      milestones = [2, 4]
      table = {m: 0.5 ** (i + 1) for i, m in enumerate(milestones)}

      def rule(epoch):
          factor = 1.0
          for m in milestones:
              if epoch >= m:
                  factor = table[m]
          evens = [x for x in range(epoch + 1) if x % 2 == 0]
          if len(evens) > 2:
              factor *= sum(evens[-2:]) / 10
          elif epoch == 1:
              factor = factor
          else:
              pass
          return factor

      scheduler = LambdaLR(optimizer, rule)
      """
    // LambdaLR: lr = base_lr * rule(epoch), base 0.1 (--optimizer's default).
    func rule(_ e: Int) -> Double {
      var f = 1.0
      for m in [2, 4] where e >= m { f = m == 2 ? 0.5 : 0.25 }
      let evens = stride(from: 0, through: e, by: 2).map { $0 }
      if evens.count > 2 { f *= Double(evens.suffix(2).reduce(0, +)) / 10 }
      return f
    }
    #expect(try lrs(text) == (0..<6).map { 0.1 * rule($0) })
  }

  /// -D supplies dotted names; len() of a loader is the steps per epoch.
  @Test func definesAndLoaders() throws {
    let text = "s = StepLR(optimizer, step_size=args.step, gamma=cfg.TRAIN.GAMMA)\n"
    #expect(try lrs(text, defines: ["args.step=2", "cfg.TRAIN.GAMMA=0.5"]) == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
    var plan = RunPlan(specs: ["t.py"], epochs: 2, stepsPerEpoch: 7, stepOn: .batch)
    plan.script = ScriptSource(text: "s = CosineAnnealingLR(opt, T_max=len(val_loader) * 2)\n", path: "t.py")
    let outcome = try ScriptProgram.run(plan.script!, settings: plan.scriptSettings)
    #expect(outcome.notes.contains { $0.contains("len(val_loader) = 7") })
    #expect(outcome.resolved.constantArguments()["T_max"]?.repr == "14")
    #expect(outcome.resolved.origin == .file(path: "t.py", line: 1))
  }

  /// An undefined name is reported where it is used, naming the -D that supplies it.
  @Test func undefinedNames() throws {
    let text = "import torch\n\nscheduler = StepLR(optimizer, step_size=EPOCHS // 3)\n"
    do {
      _ = try lrs(text)
      Issue.record("no error")
    } catch {
      #expect(error.message.contains("name 'EPOCHS' is not defined in the file: define it with -D EPOCHS="))
      #expect(error.line == 3)
      #expect(error.caretLines.hasPrefix("  3 | scheduler = StepLR("))
      #expect(!error.raisedByFile)
    }
  }

  /// What Python raises at run time is Python's exception, flagged as raised by the file.
  @Test func pythonExceptions() throws {
    for (text, type) in [("x = [1][3]\n", "IndexError"), ("x = {}['k']\n", "KeyError"), ("x = 1 / 0\n", "ZeroDivisionError"),
                         ("a, b = [1, 2, 3]\n", "ValueError"), ("x = 'a' + 1\n", "TypeError"), ("x = math.sqrt(-1)\n", "ValueError")] {
      do {
        _ = try lrs(text)
        Issue.record("\(text): no error")
      } catch {
        #expect(error.raisedByFile, "\(text)")
        #expect(error.message.hasPrefix(type + ":"), "\(text): \(error.message)")
      }
    }
  }

  /// The fuzzer's find: a file's optimizer (two groups) with --optimizer's one group must
  /// still lint (the resolved plan takes the file's optimizer).
  @Test func lintUsesTheFilesOptimizer() throws {
    var plan = RunPlan(specs: ["t.py"], epochs: 2, stepsPerEpoch: 3, stepOn: .batch)
    plan.script = ScriptSource(
      text: "o = torch.optim.SGD([{'params': a, 'lr': 0.2}, {'params': b}], lr=0.1)\ns = StepLR(o, 2)\n", path: "t.py")
    let resolved = try plan.resolve()
    #expect(resolved.optimizer.groups.count == 2)
    _ = Lint.check(plan: plan)
  }

  ///  is read-only; the optimizer's step is the file's own loop.
  @Test func paramGroupsAreReadOnly() throws {
    do {
      _ = try lrs("o = torch.optim.SGD(m.parameters(), lr=0.1)\no.param_groups[0]['lr'] = 1.0\ns = StepLR(o, 2)\n")
      Issue.record("no error")
    } catch {
      #expect(error.message.contains("read-only"))
    }
    let v = try lrs("o = torch.optim.SGD(m.parameters(), lr=0.1)\ns = StepLR(o, 2, gamma=0.5)\nfor e in range(3):\n    o.step()\n")
    #expect(v == [0.1, 0.1, 0.05, 0.05, 0.025, 0.025])
  }

  /// Bounds: recursion, work, sizes.
  @Test func bounds() throws {
    let cases = [
      ("def f(n):\n    return f(n + 1)\ns = LambdaLR(optimizer, f)\n", "RecursionError"),
      ("x = 0\nwhile True:\n    x += 1\n", "too much work"),
      ("x = list(range(10 ** 7))\n", "range too long"),
      ("x = [0] * 1000 * 10000\n", "list too large"),
      ("x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300) + "\n", "nested too deeply"),
    ]
    for (text, says) in cases {
      do {
        _ = try lrs(text)
        Issue.record("\(says): no error")
      } catch {
        #expect(error.message.contains(says), "\(error.message)")
      }
    }
  }
}
