// The scheduler recursions of `make bench`'s engine table written as plain C loops over plain
// structs: what the same arithmetic costs with no engine around it (same libm `cos`/`floor`, same
// operations in the same order as torch and lrsched, so the same values).
#ifndef CSCHEDULELOOPS_H
#define CSCHEDULELOOPS_H

/// One parameter group with the keys the three schedulers read and write.
typedef struct {
  double lr, momentum, initial_lr, max_lr, min_lr, max_momentum, base_momentum;
} csl_group;

/// CosineAnnealingLR(T_max) stepped `steps` times (eta_min 0, the chainable recursion with the
/// previous numerator cached, as torch computes it).
void csl_cosine(csl_group *groups, int count, long steps, long t_max);
/// OneCycleLR(max_lr, total_steps) stepped `steps` times (cos anneal, cycle_momentum, 2 phases).
void csl_onecycle(csl_group *groups, int count, long steps, long total_steps);
/// CyclicLR(base_lr, max_lr, step_size_up) triangular, stepped `steps` times (cycle_momentum
/// with base 0.8, max 0.9).
void csl_cyclic(csl_group *groups, int count, long steps, double base_lr, double max_lr, long step_size_up);

#endif
