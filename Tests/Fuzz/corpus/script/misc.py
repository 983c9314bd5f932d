x, *y = [1, 2, 3]
d = {k: v for k, v in zip("ab", y)}
sched = OneCycleLR(optimizer, max_lr=[0.1, 0.2][::-1][0], total_steps=len(loader) * args.lr * 100 // 1)
