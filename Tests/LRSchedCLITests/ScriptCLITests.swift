import LRSchedCLI
import Testing

/// Python statements through the CLI: the shapes issue 11 lists, each compared with the
/// same schedule written as a spec (the spec path is checked against the libraries'
/// recorded values by the fixture tests).
@Suite struct ScriptCLITests {
  func values(_ args: [String], stdin: String? = nil) -> CLIResult {
    let out = StringSink()
    let err = StringSink()
    let code = CLI.run(arguments: ["values"] + args, io: CommandIO(out: out, err: err, stdin: stdin))
    return CLIResult(code: code, out: out.text, err: err.text)
  }

  @Test(arguments: [
    // The optimizer as first positional or optimizer=, names from -D and loaders.
    (["CosineAnnealingLR(optimizer, T_max=100)"], ["CosineAnnealingLR(T_max=100)"]),
    (["OneCycleLR(opt, 0.1, total_steps=30)"], ["OneCycleLR(max_lr=0.1, total_steps=30)"]),
    (["StepLR(optimizer=opt, step_size=4)"], ["StepLR(step_size=4)"]),
    (["OneCycleLR(optimizer, max_lr=0.1, epochs=3, steps_per_epoch=len(train_loader))"],
     ["OneCycleLR(max_lr=0.1, epochs=3, steps_per_epoch=10)"]),
    (["CosineAnnealingLR(optimizer, T_max=args.epochs)", "-D", "args.epochs=3"], ["CosineAnnealingLR(T_max=3)"]),
    (["torch.optim.lr_scheduler.MultiStepLR(optimizer, milestones=M, gamma=0.5)", "-D", "M=[10, 20]"],
     ["MultiStepLR(milestones=[10, 20], gamma=0.5)"]),
    // Statements in the SPEC: variables, nested schedulers, lambdas over numpy.
    (["warmup = LinearLR(optimizer, start_factor=0.1, total_iters=5); cosine = CosineAnnealingLR(optimizer, T_max=25); SequentialLR(optimizer, schedulers=[warmup, cosine], milestones=[5])"],
     ["SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=25)], milestones=[5])"]),
    (["LambdaLR(optimizer, lambda e: float(np.exp(-e / 10)))"], ["LambdaLR(lr_lambda=lambda e: math.exp(-e / 10))"]),
    (["OneCycleLR(optimizer, max_lr=[g['lr'] * 10 for g in optimizer.param_groups], total_steps=30)"],
     ["OneCycleLR(max_lr=1.0, total_steps=30)"]),
  ])
  func sameAsTheSpec(_ c: ([String], [String])) {
    let common = ["--epochs", "3", "--steps-per-epoch", "10"]
    let file = values(c.0 + common)
    let spec = values(c.1 + common)
    #expect(file.code == 0, "\(c.0): \(file.err)")
    #expect(spec.code == 0, "\(c.1): \(spec.err)")
    #expect(!file.out.isEmpty && file.out == spec.out, "\(c.0)")
  }

  @Test func stdinAndFileAgree() {
    let text = "import torch\nopt = torch.optim.Adam(model.parameters(), lr=1e-3)\nsched = ExponentialLR(opt, gamma=0.9)\n"
    let fromStdin = values(["-f", "-", "--epochs", "4", "--steps-per-epoch", "1"], stdin: text)
    #expect(fromStdin.code == 0, "\(fromStdin.err)")
    let spec = values(["ExponentialLR(gamma=0.9)", "--optimizer", "Adam(lr=1e-3)", "--epochs", "4", "--steps-per-epoch", "1"])
    #expect(fromStdin.out == spec.out)
    #expect(fromStdin.out.hasPrefix("step,epoch,lr,beta1\n"))
  }

  @Test func theFilesOptimizerWinsWithANote() {
    let r = values(["-f", "-", "--optimizer", "SGD(lr=0.5)", "--epochs", "2", "--steps-per-epoch", "1"],
                   stdin: "o = torch.optim.SGD(m.parameters(), lr=0.2)\ns = StepLR(o, 1, gamma=0.5)\n")
    #expect(r.code == 0)
    #expect(r.out == "step,epoch,lr\n0,0,0.2\n1,1,0.1\n")
    #expect(r.err.contains("note: the file constructs its optimizer; --optimizer is not used"))
  }

  @Test func nameAndLightning() {
    let text = """
      a = StepLR(optimizer, 1, gamma=0.5)
      b = ExponentialLR(optimizer, gamma=0.9)
      """
    let picked = values(["-f", "-", "--name", "a", "--epochs", "3", "--steps-per-epoch", "1", "--step-on", "epoch"], stdin: text)
    #expect(picked.code == 0)
    // a was constructed first; b's construction changes nothing at epoch 0 (ExponentialLR writes lr · 1).
    #expect(picked.out == values(["StepLR(step_size=1, gamma=0.5)", "--epochs", "3", "--steps-per-epoch", "1", "--step-on", "epoch"]).out)
    let lightning = """
      class M(pl.LightningModule):
          def configure_optimizers(self):
              o = torch.optim.SGD(self.parameters(), lr=0.1)
              s = StepLR(o, step_size=2)
              return {"optimizer": o, "lr_scheduler": {"scheduler": s, "interval": "step"}}
      """
    let l = values(["-f", "-", "--epochs", "2", "--steps-per-epoch", "3"], stdin: lightning)
    #expect(l.code == 0, "\(l.err)")
    #expect(l.err.contains("Lightning lr_scheduler config: --loop lightning --interval step --frequency 1"))
    #expect(l.out == values(["StepLR(step_size=2)", "--optimizer", "SGD(lr=0.1)", "--epochs", "2", "--steps-per-epoch", "3"]).out)
    // 'frequency': 2 steps every second batch: Lightning's loop with --frequency 2.
    let every2 = values(["-f", "-", "--epochs", "2", "--steps-per-epoch", "3"], stdin: lightning.replacingOccurrences("\"interval\": \"step\"", "\"interval\": \"step\", \"frequency\": 2"))
    #expect(every2.code == 0, "\(every2.err)")
    let byHand = values(["StepLR(step_size=2)", "--optimizer", "SGD(lr=0.1)", "--epochs", "2", "--steps-per-epoch", "3", "--loop", "lightning", "--frequency", "2"])
    #expect(byHand.code == 0, "\(byHand.err)")
    #expect(every2.out == byHand.out)
  }

  /// A whole training script: helpers with `with`/`try`/decorators that are never run do not
  /// stop it; lrsched stops reading at the file's own loop.
  @Test func wholeTrainingScript() {
    let text = """
      import torch
      from torch.optim.lr_scheduler import StepLR

      @torch.no_grad()
      def evaluate(model):
          with torch.autocast("cuda"):
              try:
                  return model(x)
              except RuntimeError as e:
                  raise e

      def train(epoch):
          for batch in train_loader:
              optimizer.zero_grad()
              optimizer.step()

      optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
      scheduler = StepLR(optimizer, step_size=2)
      for epoch in range(10):
          train(epoch)
          scheduler.step()
      """
    let r = values(["-f", "-", "--epochs", "4", "--steps-per-epoch", "1", "--step-on", "epoch"], stdin: text)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out == values(["StepLR(step_size=2)", "--optimizer", "SGD(lr=0.1)", "--epochs", "4", "--steps-per-epoch", "1", "--step-on", "epoch"]).out)
    #expect(r.err.contains("note: line 13: the file's own training loop starts here"))
    let called = values(["-f", "-"], stdin: text.replacingOccurrences("for epoch in range(10):", "evaluate(model)\nfor epoch in range(10):"))
    #expect(called.code == 2)
    #expect(called.err.hasPrefix("error: <stdin>:4: decorated functions are not part of the Python subset"))
  }

  @Test func errorsQuoteTheUsersLine() {
    let r = values(["-f", "-"], stdin: "import torch\n\n# the scheduler\nsched = StepLR(optimizer, step_size=EPOCHS // 3)\n")
    #expect(r.code == 2)
    let lines = r.err.split(separator: "\n").map(String.init)
    #expect(lines.first == "error: <stdin>:4: name 'EPOCHS' is not defined in the file: define it with -D EPOCHS=… (the run's length is --epochs; give the same number)")
    #expect(lines.dropFirst().first == "  4 | sched = StepLR(optimizer, step_size=EPOCHS // 3)")
    #expect(lines.last?.hasSuffix("^") == true)
    #expect(r.out.isEmpty)
  }
  /// A scheduler class of the file's own is refused where it is constructed, naming it; a
  /// class whose __init__ builds the scheduler says its methods are not run.
  @Test func fileSchedulerClassesAreRefusedClearly() {
    let own = values(["-f", "-", "--epochs", "2"], stdin: """
      class WarmUpLR(_LRScheduler):
          def get_lr(self):
              return [b * self.last_epoch for b in self.base_lrs]
      s1 = WarmUpLR(optimizer, 3)
      """)
    #expect(own.code == 2 && own.out.isEmpty)
    #expect(own.err.contains("WarmUpLR(_LRScheduler) is a scheduler class of the file's own"), "\(own.err)")
    #expect(own.err.contains("s1 = WarmUpLR(optimizer, 3)") && own.err.contains("^"), "\(own.err)")
    let holder = values(["-f", "-", "--epochs", "2"], stdin: """
      class Holder():
          def __init__(self, optimizer):
              self.s = StepLR(optimizer, 2)
      """)
    #expect(holder.code == 2 && holder.err.contains("methods of class Holder other than configure_optimizers are not run"), "\(holder.err)")
  }

  /// functools.partial binds like Python's; isinstance knows torch's Optimizer.
  @Test func partialAndIsinstance() {
    let r = values(["-f", "-", "--epochs", "4", "--step-on", "epoch"], stdin: """
      from functools import partial
      from torch.optim import Optimizer
      def f(step, *, k):
          return k ** step
      assert isinstance(optimizer, Optimizer)
      s = LambdaLR(optimizer, partial(f, k=0.5))
      """)
    let spec = values(["LambdaLR(lr_lambda=lambda step: 0.5 ** step)", "--epochs", "4", "--step-on", "epoch"])
    #expect(r.code == 0, "\(r.err)")
    #expect(!r.out.isEmpty && r.out == spec.out)
  }

}

extension String {
  fileprivate func replacingOccurrences(_ a: String, _ b: String) -> String {
    split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
  }

  fileprivate func split(separator: String, omittingEmptySubsequences: Bool) -> [Substring] {
    var out: [Substring] = []
    var rest = self[...]
    while let r = rest.firstRange(of: separator) {
      out.append(rest[..<r.lowerBound])
      rest = rest[r.upperBound...]
    }
    out.append(rest)
    return out
  }
}
