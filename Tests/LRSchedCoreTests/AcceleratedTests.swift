import LRSchedCore
import LRSchedSpec
import Testing

@Suite(.serialized) struct AcceleratedTests {
  static func values(
    _ specs: [String], _ opt: String = "SGD(lr=0.1, momentum=0.9)", epochs: Int, spe: Int, stepOn: StepOn = .batch,
    files: SpecIO.FileReader? = nil
  ) throws -> [[ParamGroup]] {
    var plan = try RunPlan(
      specs: specs, optimizer: OptimizerSpec.parse(opt), epochs: epochs, stepsPerEpoch: spe, stepOn: stepOn)
    plan.fileReader = files
    var run = try plan.makeRun()
    var out: [[ParamGroup]] = []
    do {
      while let v = try run.next() { out.append(v) }
    } catch {
      if out.isEmpty { throw error }  // keep the values recorded before a scheduler error
    }
    return out
  }

  @Test func cosineQuirksFromTheDocs() throws {
    // T=10, W=2 (landscape C.9): 0.0, 0.05, 0.1, 0.0962, … then the jump to the minimum.
    let v = try Self.values(
      ["CosineLrScheduler(total_num_epochs=10, num_update_steps_per_epoch=1, lr_min=0.0, num_warmup_epochs=2, warmup_starting_lr=0.0)"],
      epochs: 10, spe: 1)
    let lr = v.map { $0[0].lr }
    #expect(lr[0] == 0 && lr[1] == 0 && lr[2] == 0.05 && lr[3] == 0.1)
    #expect(lr[9] == 0)
  }

  @Test func anyFieldSeveralSpecs() throws {
    let v = try Self.values(
      ["CosineLrScheduler(total_num_epochs=2, num_update_steps_per_epoch=5)",
       "WSDLrScheduler(total_steps=10, decay_phase_ratio=0.5, lr_min=0.1, field='weight_decay')"],
      "AdamW(lr=0.001, weight_decay=0.05)", epochs: 2, spe: 5)
    #expect(v[0][0].weightDecay == 0.05)
    #expect(v[9][0].weightDecay < 0.05)
    #expect(v[9][0].lr < 0.001)
    #expect(v[0][0].lr == 0.001)
    // lr-momentum-scheduler's lr part can drive another field too.
    let w = try Self.values(
      ["ListScheduler(lrs=[0.1, 0.2], momentums=[0.9, 0.9], field='weight_decay')"], "SGD(lr=0.1, momentum=0.9, weight_decay=0.1)",
      epochs: 2, spe: 1, stepOn: .epoch)
    #expect(w.map { $0[0].weightDecay } == [0.1, 0.2])
    #expect(w.map { $0[0].lr } == [0.1, 0.1])
  }

  @Test func wsdErrors() throws {
    func err(_ s: String) -> ScheduleError? {
      do {
        _ = try Self.values([s], epochs: 2, spe: 5)
        return nil
      } catch {
        return (error as? SpecError)?.scheduleError
      }
    }
    #expect(err("WSDLrScheduler(num_epochs=2, num_update_steps_per_epoch=5, total_steps=10)")?.pythonType == "ValueError")
    #expect(err("WSDLrScheduler(total_steps=0)")?.message == "total_steps must be positive")
    #expect(err("WSDLrScheduler(total_steps=10, warmup_starting_lr=1.0)")?.message == "warmup_starting_lr should not exceed maximum base learning rate")
    #expect(
      err("WSDLrScheduler(total_steps=100, num_checkpoints=2, decay_phase_ratio=0.5)")?.message
        == "Decay phase ratio 0.5 is too large and may cause overlapping decay phases. Maximum safe ratio is 0.33 with 2 checkpoints using geometric progression")
    #expect(try AcceleratedWSD.estimateCheckpointSteps(.int(400), .int(3)) == [100, 200, 400])
    #expect(try AcceleratedWSD.estimateCheckpointSteps(.int(42), .int(3)) == [10, 20, 40])
  }

  @Test func numpyLinspace() throws {
    #expect(try Numpy.linspace(0.1, 1.0, 4) == [0.1, 0.4, 0.7, 1.0])  // 3·step + start is 0.9999999999999999; the end is set to stop
    #expect(try Numpy.linspace(0.0, 1.0, 7)[3] == 0.5)
    #expect(try Numpy.linspace(0.95, 0.95, 3) == [0.95, 0.95, 0.95])
    #expect(try Numpy.linspace(2, 3, 1) == [2])
    #expect(try Numpy.linspace(2, 3, 0) == [])
    #expect(throws: ScheduleError.value("Number of samples, -2, must be non-negative.")) { try Numpy.linspace(0, 1, -2) }
  }

  @Test func lrmomEdges() throws {
    // Appended 0, then NumPy's IndexError.
    let v = try Self.values(["ListScheduler(lrs=[0.1, 0.05], momentums=[0.9, 0.9])"], epochs: 3, spe: 1, stepOn: .epoch)
    #expect(v.map { $0[0].lr } == [0.1, 0.05, 0.0])
    var run = try RunPlan(specs: ["ListScheduler(lrs=[0.1, 0.05])"], epochs: 4, stepsPerEpoch: 1, stepOn: .epoch).makeRun()
    var thrown: ScheduleError?
    do { while try run.next() != nil {} } catch { thrown = error }
    #expect(thrown == ScheduleError("IndexError", "index 3 is out of bounds for axis 0 with size 3"))
    // Ragged lists of lists, and too few rows for the groups.
    #expect(throws: SpecError.self) {
      _ = try Self.values(["ListScheduler(lrs=[[0.1, 0.2], [0.1]])"], "SGD([{'lr': 0.1}, {'lr': 0.01}], momentum=0.9)", epochs: 1, spe: 1)
    }
    do {
      _ = try Self.values(["LambdaScheduler(lr_lambda=[lambda e: 1.0])"], "SGD([{'lr': 0.1}, {'lr': 0.01}], momentum=0.9)", epochs: 1, spe: 1)
      Issue.record("expected an error")
    } catch {
      #expect((error as? SpecError)?.scheduleError == ScheduleError.value("Expected 2 lr_lambdas, but got 1"))
    }
    // A base below 1e-12 silently ignores the list.
    let z = try Self.values(["ListScheduler(momentums=[0.5, 0.6])"], "SGD(lr=0.1, momentum=0.0)", epochs: 2, spe: 1, stepOn: .epoch)
    #expect(z.map { $0[0].momentum } == [0, 0])
  }

  @Test func fileValues() throws {
    #expect(throws: SpecError.self) { _ = try Self.values(["ListScheduler(lrs=file('v.csv'))"], epochs: 1, spe: 1) }
    let files: SpecIO.FileReader = { path in
      switch path {
      case "v.csv": return "lr\n0.1\n0.05, 0.01 # comment\n"
      case "bad.csv": return "0.1\n0.2\nabc\n"
      default: throw SpecError("no such file", source: path, column: 0)
      }
    }
    let v = try Self.values(
      ["ListScheduler(lrs=file('v.csv'), momentums=[0.9, 0.9, 0.9])"], epochs: 4, spe: 1, stepOn: .epoch, files: files)
    #expect(v.map { $0[0].lr } == [0.1, 0.05, 0.1 * (0.01 / 0.1), 0.0])
    do {
      _ = try Self.values(["ListScheduler(lrs=file('bad.csv'))"], epochs: 1, spe: 1, files: files)
      Issue.record("expected an error")
    } catch {
      #expect((error as? SpecError)?.message.contains("bad.csv line 3: 'abc' is not a number") == true)
    }
    #expect(try SpecIO.parseNumbers("1e-05;2\t3", path: "x") == [1e-05, 2, 3])
  }
}
