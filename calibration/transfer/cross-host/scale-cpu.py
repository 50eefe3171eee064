#!/usr/bin/env python3
"""E3 (issue 12): a profile yaml with every CPU cost multiplied by a host factor f, for `--speed-rule none`.

Scaled: the keys under `costs:` whose name ends in `_cpu` or `_cores` or is `delivery_cpu_per_kib` or
`idle_poll_cpu_per_connection` (CPU time per event or CPU cores held), except `usable_cores_per_task` and
`throttled_burst_cores` (capacities, not costs). A value keeps its unit suffix (ms). Everything else is copied as is;
the name becomes NAME and a `description` line says what was scaled.
Usage: calibration/transfer/cross-host/scale-cpu.py IN.yaml OUT.yaml F NAME   (prints the scaled keys on stderr)
Standard library only.
"""
import re
import sys

NOT_COSTS = {"usable_cores_per_task", "throttled_burst_cores"}


def scaled_key(key):
    if key in NOT_COSTS:
        return False
    return key.endswith(("_cpu", "_cores")) or key in ("delivery_cpu_per_kib", "idle_poll_cpu_per_connection")


def main(argv):
    if len(argv) != 4:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    src, out, f, name = argv[0], argv[1], float(argv[2]), argv[3]
    lines, in_costs, done = [], False, []
    with open(src, encoding="utf-8") as fh:
        text = fh.read().splitlines()
    skip_block = False
    for line in text:
        if skip_block:
            if line.startswith("  ") or not line.strip():
                continue
            skip_block = False
        if line.startswith("name:"):
            lines.append(f"name: {name}")
            continue
        if line.startswith(("description:", "fit:", "fitted_on:")):
            skip_block = line.rstrip().endswith(("|", ">-"))
            if line.startswith("description:"):
                lines.append(f"description: {src} with every CPU cost x {f:.4f} (scale-cpu.py; issue 12, E3)")
            continue
        if not line.startswith(" "):
            in_costs = line.startswith("costs:")
        m = re.match(r"^(  )([a-z_]+): ([0-9.Ee+-]+)(ms)?$", line)
        if in_costs and m and scaled_key(m.group(2)):
            value = float(m.group(3)) * f
            lines.append(f"{m.group(1)}{m.group(2)}: {value!r}{m.group(4) or ''}")
            done.append(m.group(2))
            continue
        lines.append(line)
    with open(out, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    print(f"scale-cpu.py: x {f:.4f}: {', '.join(done)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
