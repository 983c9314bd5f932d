import LRSchedCLI
