import LRSchedCore
import LRSchedSpec
import Testing

/// A table of bad specs: each must fail with a one-line message naming the problem and a
/// caret under the right column.
@Suite struct BadSpecTests {
  struct Row: CustomStringConvertible, Sendable {
    var spec: String
    var contains: String
    /// The text the caret must point at.
    var at: String
    var description: String { spec }
  }

  static let rows: [Row] = [
    Row(spec: "CosineAnealingLR(T_max=10)", contains: "did you mean 'CosineAnnealingLR'", at: "CosineAnealingLR"),
    Row(spec: "CosineAnnealingLR(T_maxx=10)", contains: "unexpected keyword argument 'T_maxx'; did you mean 'T_max'", at: "T_maxx"),
    Row(spec: "CosineAnnealingLR(eta_min=0.1)", contains: "missing required argument 'T_max'", at: "CosineAnnealingLR"),
    Row(spec: "CosineAnnealingLR(T_max='ten')", contains: "T_max must be a number", at: "'ten'"),
    Row(spec: "CosineAnnealingLR(T_max=10", contains: "unbalanced '('", at: "("),
    Row(spec: "CosineAnnealingLR(T_max=10))", contains: "unbalanced ')'", at: ")"),
    Row(spec: "MultiStepLR(milestones=[3, 6)", contains: "expected ']'", at: ")"),
    Row(spec: "StepLR(step_size=3, step_size=4)", contains: "repeated", at: "step_size=4"),
    Row(spec: "StepLR(step_size=[2])", contains: "step_size must be a number", at: "[2]"),
    Row(spec: "StepLR(step_size=0)", contains: "step_size must be positive", at: "0"),
    Row(spec: "StepLR(step_size=-2.5)", contains: "step_size must be positive", at: "-2.5"),
    Row(spec: "CosineAnnealingLR(T_max=0)", contains: "T_max must be positive", at: "0"),
    Row(spec: "CosineAnnealingLR(T_max=float('nan'))", contains: "NaN", at: "float"),
    Row(spec: "LambdaLR(lr_lambda=lambda e: os.system('x'))", contains: "function 'os.system' is not in the lambda subset", at: "os.system"),
    Row(spec: "LambdaLR(lr_lambda=lambda e: math.coss(e))", contains: "did you mean 'math.cos'", at: "math.coss"),
    Row(spec: "LambdaLR(lr_lambda=lambda e: epoch * 2)", contains: "unknown name 'epoch'", at: "epoch * 2"),
    Row(spec: "LambdaLR(lr_lambda=lambda a, b: a)", contains: "exactly one parameter", at: "lambda a"),
    Row(spec: "LambdaLR(lr_lambda=0.5)", contains: "expected a lambda", at: "0.5"),
    Row(spec: "LambdaLR(lr_lambda=lambda e: e[0])", contains: "subscripts are not part", at: "[0]"),
    Row(spec: "OneCycleLR(max_lr=0.1)", contains: "You must define either total_steps OR (epochs AND steps_per_epoch)", at: "OneCycleLR"),
    Row(spec: "OneCycleLR(max_lr=0.1, total_steps=100, anneal_strategy='lin')", contains: "anneal_strategy must be one of", at: "'lin'"),
    Row(spec: "OneCycleLR(max_lr=0.1, total_steps=100, pct_start=1)", contains: "Expected float between 0 and 1 pct_start", at: "1)"),
    Row(spec: "LinearLR(start_factor=0)", contains: "Starting multiplicative factor", at: "0)"),
    Row(spec: "CyclicLR(base_lr=0.1, max_lr=1, mode='tri')", contains: "mode is invalid", at: "'tri'"),
    Row(spec: "SequentialLR(schedulers=[ExponentialLR(gamma=0.9)], milestones=[3])", contains: "one more than the number of milestone", at: "[3]"),
    Row(spec: "SequentialLR(schedulers=[Foo()], milestones=[])", contains: "unknown scheduler 'Foo'", at: "Foo()"),
    Row(spec: "StepLR(3, 0.5, -1, 7)", contains: "at most 3 positional", at: "7"),
    Row(spec: "StepLR(gamma=0.5, 3)", contains: "positional argument follows keyword", at: "3)"),
    Row(spec: "StepLR(step_size=3, last_epoch=5)", contains: "last_epoch=5", at: "5)"),
    Row(spec: "StepLR(step_size=3, field='wd2')", contains: "field must be one of", at: "'wd2'"),
    Row(spec: "", contains: "empty spec", at: ""),
    Row(spec: "StepLR(step_size=3) + 1", contains: "expected a scheduler call", at: "StepLR"),
    Row(spec: "StepLR(step_size=3 $)", contains: "unexpected character '$'", at: "$"),
    Row(spec: "StepLR(step_size='3)", contains: "unterminated string", at: "'3)"),
    Row(spec: "StepLR(step_size=" + String(repeating: "9", count: 401) + ")", contains: "number literal too long", at: "9999"),
    Row(spec: "StepLR(step_size=1e)", contains: "malformed number", at: "1e"),
    Row(spec: String(repeating: "[", count: 200), contains: "nested too deeply", at: "["),
  ]

  @Test(arguments: rows)
  func refused(row: Row) {
    var groups = [ParamGroup(lr: 0.1, momentum: 0.9)]
    let ctx = BuildContext(optimizer: .defaultSGD, epochs: 3, stepsPerEpoch: 10, stepOn: .batch)
    do {
      _ = try SpecBuilder.buildStepper(row.spec, groups: &groups, context: ctx)
      Issue.record("accepted: \(row.spec)")
    } catch {
      #expect(error.message.contains(row.contains), "message was: \(error.message)")
      #expect(!error.message.contains("\n"), "message must be one line")
      let chars = Array(row.spec)
      let expected = Array(row.at)
      var found = -1
      if expected.isEmpty { found = 0 } else if chars.count >= expected.count {
        for i in 0...(chars.count - expected.count) where Array(chars[i..<i + expected.count]) == expected {
          found = i
          if i == error.column { break }
        }
        // The caret must be at one of the occurrences.
        var ok = false
        for i in 0...(chars.count - expected.count) where Array(chars[i..<i + expected.count]) == expected && i == error.column { ok = true }
        #expect(ok, "caret at \(error.column), expected at '\(row.at)' (first at \(found))\n\(error.caretLines)")
      }
      let lines = error.caretLines.split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.count == 2)
      #expect(lines.last?.hasSuffix("^") == true)
    }
  }
}
