/// LRSchedBench: CIFAR-10 loader and cache, the 2-neuron network, optimizers, timers.
enum LRSchedBenchModule {}
