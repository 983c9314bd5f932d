// swift-tools-version:6.0
import PackageDescription

// The benchmark's hot loops (pixel kernels, SGD, Adam) are built twice: for the baseline target
// and, on x86-64, for Haswell-level CPUs (AVX2). LRSchedBench picks one at run time from the
// CPU's features, so the binary still runs on any x86-64 machine. Same operation order in both:
// identical results. (`-target-cpu` is an unsafe flag to SwiftPM: see README, Build settings.)
#if arch(x86_64)
let avx2Settings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let avx2Settings: [SwiftSetting] = []
#endif

/// Linker scripts that make the release binary link libstdc++, libpng and zlib statically.
let staticLinkDirectory = String(#filePath.dropLast("Package.swift".count)) + "StaticLink"

let package = Package(
  name: "lrsched",
  products: [
    .executable(name: "lrsched", targets: ["lrsched"]),
    .library(name: "LRSchedCore", targets: ["LRSchedCore"]),
    .library(name: "LRSchedSpec", targets: ["LRSchedSpec"]),
    .library(name: "LRSchedPlot", targets: ["LRSchedPlot"]),
    .library(name: "LRSchedBench", targets: ["LRSchedBench"]),
  ],
  targets: [
    // MARK: - Public API

    /// Schedulers of torch, timm, pytorch-accelerated and lr-momentum-scheduler. Pure Swift + libm, no I/O.
    .target(name: "LRSchedCore"),
    /// The spec language: Python constructor calls, lambdas, optimizer specs, aliases.
    .target(name: "LRSchedSpec", dependencies: ["LRSchedCore"]),
    /// Charts: raster, scales and ticks, embedded font, PNG (libpng) and SVG output, image compare.
    .target(name: "LRSchedPlot", dependencies: ["CPNG", "CFontAtlas"]),
    /// Chart policy: schedule runs, range tests and bench runs turned into `Figure`s (kept out
    /// of LRSchedPlot, which knows no schedules, and out of the commands, which only parse).
    .target(name: "LRSchedCharts", dependencies: ["LRSchedCore", "LRSchedSpec", "LRSchedPlot", "LRSchedBench"]),
    /// CIFAR-10 loader, cache, download (zlib; libcurl loaded at run time) and pickle reader, the 2-neuron network, optimizers, per-phase timers, LR range test.
    .target(name: "LRSchedBench", dependencies: ["LRSchedKernels", "LRSchedKernelsAVX2", "CPNG"]),
    /// Command-line front end as a library: `CLI.run(arguments:io:)`.
    .target(name: "LRSchedCLI", dependencies: ["LRSchedCore", "LRSchedSpec", "LRSchedPlot", "LRSchedBench", "LRSchedCharts"]),
    /// Release builds on Linux link libstdc++ (which the static Swift runtime needs), libgcc,
    /// libpng and zlib statically: no shared libraries but libc and libm to load and relocate at
    /// every start (about 1 ms of a plot's 10–15; docs/plotting.md, Speed). `StaticLink/` holds
    /// linker scripts named like the shared libraries, found first, that name the archives; the
    /// trailing archives resolve references from archives linked after them.
    .executableTarget(
      name: "lrsched", dependencies: ["LRSchedCLI"],
      linkerSettings: [
        .unsafeFlags(
          [
            "-L", staticLinkDirectory, "-Xclang-linker", "-static-libgcc",
            "-Xlinker", "-l:libpng16.a", "-Xlinker", "-l:libz.a", "-Xlinker", "-l:libstdc++.a",
          ], .when(platforms: [.linux], configuration: .release))
      ]),
    /// libFuzzer targets (Scripts/fuzz.sh); without -DFUZZING it replays inputs from files.
    .executableTarget(name: "lrsched-fuzz", dependencies: ["LRSchedCore", "LRSchedSpec", "LRSchedBench", "LRSchedPlot"], path: "Sources/LRSchedFuzz"),
    /// `make bench`: the schedule engine's ns per step (release build).
    .executableTarget(name: "LRSchedBenchmarks", dependencies: ["LRSchedCore", "LRSchedSpec", "CScheduleLoops"]),
    /// The same scheduler recursions as plain C loops, timed beside the engine in one run.
    .target(name: "CScheduleLoops"),

    // MARK: - Implementation details

    /// The benchmark's hot loops (pixel kernels, SGD, Adam) for the baseline target.
    .target(name: "LRSchedKernels"),
    /// The same loops (same arithmetic) built for AVX2, selected at run time only when the CPU has it.
    .target(name: "LRSchedKernelsAVX2", dependencies: ["LRSchedKernels"], swiftSettings: avx2Settings),

    /// The embedded DejaVu Sans glyph atlas as constant C arrays (Scripts/make-font-atlas.py):
    /// read in place, so a plot decodes nothing at start-up.
    .target(name: "CFontAtlas"),

    /// libpng + zlib through shim headers (Debian: libpng-dev, zlib1g-dev); fetch.h loads libcurl with dlopen.
    /// No pkg-config: its `-L` would put the shared libpng ahead of `StaticLink/` (png.h is in /usr/include).
    .systemLibrary(name: "CPNG", providers: [.apt(["libpng-dev", "zlib1g-dev"])]),

    // MARK: - Tests

    /// What the test targets share: temporary folders, file reads and writes, golden images.
    .target(name: "LRSchedTestSupport", dependencies: ["LRSchedPlot"], path: "Tests/LRSchedTestSupport"),
    .testTarget(name: "LRSchedCoreTests", dependencies: ["LRSchedCore", "LRSchedSpec", "LRSchedTestSupport"]),
    /// The spec language, lint, resume and `verify` with the reference files it reads (`Fixtures/`).
    .testTarget(name: "LRSchedSpecTests", dependencies: ["LRSchedSpec", "LRSchedCore", "LRSchedTestSupport"], exclude: ["Fixtures"]),
    .testTarget(name: "LRSchedPlotTests", dependencies: ["LRSchedPlot", "LRSchedTestSupport"], exclude: ["Golden"]),
    .testTarget(name: "LRSchedBenchTests", dependencies: ["LRSchedBench", "LRSchedTestSupport"], exclude: ["Fixtures"]),
    .testTarget(
      name: "LRSchedCLITests", dependencies: ["LRSchedCLI", "LRSchedSpec", "LRSchedPlot", "LRSchedBench", "LRSchedTestSupport"],
      exclude: ["Golden", "Snippets", "Fixtures"]),
  ]
)
