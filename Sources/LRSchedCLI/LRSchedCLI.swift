enum LRSchedCLIModule {}
