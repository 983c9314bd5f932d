/// LRSchedPlot: charts to PNG (libpng) and SVG. See docs/plotting.md.
enum LRSchedPlotModule {}
