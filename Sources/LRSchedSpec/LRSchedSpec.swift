enum LRSchedSpecModule {}
