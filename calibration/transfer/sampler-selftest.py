#!/usr/bin/env python3
# Usage: calibration/transfer/sampler-selftest.py [SECONDS] [SLICE/PERIOD ...]  (after a Release build; e.g. 40 5ms/1s)
"""Busy-machine self-test of the in-run sampler: per pace, its CPU cost after warm-up and each CPU's slice noise."""
import subprocess, sys, time, os, statistics as st, math
DLL = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src', 'Cli', 'bin', 'Release', 'net10.0', 'fanoutsim.dll')
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 40
paces = [tuple(p.split("/")) for p in (sys.argv[2:] or ["1ms/500ms", "5ms/1s", "2ms/500ms", "10ms/1s", "5ms/500ms"])]
tck = os.sysconf('SC_CLK_TCK')
def cpu(pid):
    f = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
    return (int(f[11]) + int(f[12])) / tck
def load(): return open('/proc/loadavg').read().split()[0]
for slice_, every in paces:
    p = subprocess.Popen(['dotnet', DLL, 'probe', '--sample', '--slice', slice_, '--every', every],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == 'ready'
    c0, t0, l0 = cpu(p.pid), time.time(), load()
    lines = []
    while time.time() - t0 < SECONDS:
        lines.append(p.stdout.readline())
    c1, t1 = cpu(p.pid), time.time()
    p.stdin.close(); p.wait()
    by = {}
    for l in lines:
        f = l.split()
        if len(f) == 3: by.setdefault(int(f[1]), []).append(float(f[2]))
    out = []
    for c, r in sorted(by.items()):
        med = st.median(r)
        noise = 1.4826 * st.median([abs(b - a) for a, b in zip(r, r[1:])]) / math.sqrt(2) / med
        spread = 1.4826 * st.median([abs(x - med) for x in r]) / med
        per_window = 5 / (float(every[:-2]) / 1000 if every.endswith('ms') else float(every[:-1])) / len(by)
        band = 4.5 * 1.2533 * noise / math.sqrt(per_window)
        out.append(f"cpu{c}: n={len(r)} median={med/1e6:.2f}M noise={noise*100:.1f}% spread={spread*100:.1f}% "
                   f"5s-window band={band*100:.0f}%")
    print(f"{slice_} every {every}: cost {(c1-c0)/(t1-t0)*100:.2f} % of a core over {t1-t0:.0f} s "
          f"(load {l0} -> {load()}); " + "; ".join(out), flush=True)
