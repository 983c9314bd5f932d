import LRSchedCLI
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Output to a full disk or a directory that refuses writes: a clear error, exit 1, no
/// partial file, and any previous file at that path intact.
@Suite struct FaultTests {
  @Test(arguments: [["values", "cosine"], ["plot", "cosine"], ["values", "cosine", "--format", "json"]])
  func fullDiskIsAFailureNotACrash(args: [String]) {
    let r = lrsched(args + ["-o", "/dev/full"])
    #expect(r.code == 1)
    #expect(r.err.hasPrefix("error: cannot write '/dev/full': No space left on device"))
    #expect(r.err.split(separator: "\n").count == 1)
  }

  @Test func aDirectoryThatRefusesWritesLeavesNothing() {
    // /sys refuses new files even to root (EACCES); no temporary file may remain either.
    let before = listDir("/sys")
    let r = lrsched("values", "cosine", "-o", "/sys/lrsched-test.csv")
    #expect(r.code == 1)
    #expect(r.err.hasPrefix("error: cannot write '/sys/lrsched-test.csv'"))
    #expect(listDir("/sys") == before)
  }

  @Test func aFailedRunKeepsThePreviousFile() {
    let dir = makeTempDir()
    let path = dir + "/schedule.png"
    let good = lrsched("plot", "cosine", "--epochs", "2", "--steps-per-epoch", "5", "-o", path)
    #expect(good.code == 0)
    let previous = readBytes(path)
    #expect(previous != nil)
    // A spec error after the output was named: the old image survives, no temp file left.
    let bad = lrsched("plot", "CosineAnnealingLR(T_max=-1)", "-o", path)
    #expect(bad.code == 2)
    #expect(readBytes(path) == previous)
    #expect(listDir(dir) == ["schedule.png"])
  }

  @Test func theSchedulerRaisingMidRunLeavesNoFile() {
    let dir = makeTempDir()
    let r = lrsched("values", "OneCycleLR(max_lr=0.1, total_steps=5)", "--epochs", "1", "--steps-per-epoch", "10", "-o", dir + "/v.csv", "--save-state", dir + "/s.json")
    #expect(r.code == 1)
    #expect(listDir(dir).isEmpty)
  }

  @Test func devicesAndSymlinksAreWrittenThroughNotReplaced() {
    let dir = makeTempDir()
    writeFile(dir + "/real.csv", "old\n")
    symlink("real.csv", dir + "/link.csv")
    let r = lrsched("values", "cosine", "--epochs", "1", "--steps-per-epoch", "2", "-o", dir + "/link.csv")
    #expect(r.code == 0)
    var st = stat()
    lstat(dir + "/link.csv", &st)
    #expect((st.st_mode & S_IFMT) == S_IFLNK)
    #expect(readFile(dir + "/real.csv")?.hasPrefix("step,epoch,lr,momentum\n") == true)
    #expect(lrsched("values", "cosine", "-o", "/dev/null").code == 0)
    var dn = stat()
    stat("/dev/null", &dn)
    #expect((dn.st_mode & S_IFMT) == S_IFCHR)
  }
}
