"""Times a command as a whole process: best and median of N runs (wall clock)."""
import argparse
import statistics
import subprocess
import time

p = argparse.ArgumentParser()
p.add_argument("--name", required=True)
p.add_argument("--runs", type=int, default=20)
p.add_argument("cmd", nargs=argparse.REMAINDER)
a = p.parse_args()
cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
times = []
for _ in range(a.runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - t0)
print(f"{a.name}: best {min(times) * 1e3:.1f} ms, median {statistics.median(times) * 1e3:.1f} ms over {a.runs} runs")
