#!/usr/bin/env python3
"""What a per-task replica task does with its quota as the room grows (issue 17, session AD): per setup of the given
folders' clean, unshaped per-task runs, the means over its repeats of the delivery ratio, the copies clients received
a second, and from the replica's own counters (server_counters, once every connection had closed) the messages it
published, the copies it wrote to sockets and the copies its full outbound queues dropped, each a second of the run
and the written ones also a second of quota; the servers' whole CPU over the run (environment's
server_cpu_seconds_pidN, user and kernel, and server_cpu_system_seconds_pidN, kernel) over the copies written, in us a
copy (everything the task did, messages, polls and handshakes included, shared over its copies) and the kernel's share
of it; the data segments TCP sent in the run's namespace (tcp_counters, TcpExt.TCPOrigDataSent: every socket's,
the clients', Redis' and the id calls' too) over the copies written, an upper bound on the segments a copy took; with
the in-run speed index (environment.speed_index_server).

    python3 calibration/python-runs-ad/room-size.py FOLDER... > room-size.md

A saturated task that spent its quota at a fixed price a message and a fixed price a copy would write
(quota - messages x price) / copy price copies a second whatever its backlog; the table shows whether it does.
Standard library only; bad input is one line and exit 2.
"""
import glob
import json
import os
import statistics
import sys


def run_row(path):
    with open(path) as f:
        run = json.load(f)
    setup, env, metrics = run["setup"], run["environment"], run["metrics"]
    if setup["subscription"] != "per-task" or setup.get("redis_egress_mbps") or env.get("contaminated") in ("true", True):
        return None
    counters = run.get("server_counters") or {}
    counters = counters.get("settled") or counters.get("at_end")
    if not counters:
        raise KeyError("server_counters")
    seconds = metrics["duration_seconds"]
    whole = sum(float(v) for k, v in env.items() if k.startswith("server_cpu_seconds_pid"))
    kernel = sum(float(v) for k, v in env.items() if k.startswith("server_cpu_system_seconds_pid"))
    if not whole or not kernel:
        raise KeyError("server_cpu_seconds_pidN / server_cpu_system_seconds_pidN")
    return {
        "key": (setup["task_vcpu"], setup["tasks"], setup["users"], setup["interval_seconds"]),
        "ratio": 100 * metrics["delivery_ratio"],
        "received": metrics["delivered_per_second"],
        "published": counters["published"] / seconds,
        "written": counters["messages_out"] / seconds,
        "dropped": counters["dropped"] / seconds,
        "user_us": 1e6 * (whole - kernel) / counters["messages_out"],
        "kernel_us": 1e6 * kernel / counters["messages_out"],
        "kernel_share": kernel / whole,
        "segments": run["tcp_counters"]["increase"]["TcpExt.TCPOrigDataSent"] / counters["messages_out"],
        "speed": float(env["speed_index_server"]) / 1e6,
        "session": metrics["ws_session_duration"]["avg"],
    }


def main(folders):
    if not folders:
        print("usage: room-size.py FOLDER...", file=sys.stderr)
        return 2
    setups = {}
    for folder in folders:
        paths = sorted(glob.glob(os.path.join(folder, "*.json")))
        if not paths:
            print(f"room-size.py: no run files in {folder}", file=sys.stderr)
            return 2
        for path in paths:
            try:
                row = run_row(path)
            except OSError as e:
                print(f"room-size.py: cannot read {path}: {e.strerror}", file=sys.stderr)
                return 2
            except (ValueError, KeyError, TypeError, ZeroDivisionError) as e:
                print(f"room-size.py: {path} is not a run file with server counters ({e})", file=sys.stderr)
                return 2
            if row is not None:
                setups.setdefault(row["key"], []).append(row)
    if not setups:
        print("room-size.py: no clean unshaped per-task runs in the folders", file=sys.stderr)
        return 2
    print("| quota (core) x tasks | N | interval (s) | runs | ratio % (min-max) | received/s | published/s | "
          "written/s | written/s a core | dropped/s | session avg (s) | user us a copy | kernel us a copy | "
          "kernel share | data segments a copy | in-run speed (M) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (quota, tasks, users, interval), rows in sorted(setups.items()):
        mean = {k: statistics.fmean(r[k] for r in rows) for k in rows[0] if k != "key"}
        ratios = [r["ratio"] for r in rows]
        print(f"| {quota:g} x {tasks} | {users} | {interval:g} | {len(rows)} | {mean['ratio']:.1f} "
              f"({min(ratios):.1f}-{max(ratios):.1f}) | {mean['received']:.0f} | {mean['published']:.1f} | "
              f"{mean['written']:.0f} | {mean['written'] / (quota * tasks):.0f} | {mean['dropped']:.0f} | "
              f"{mean['session']:.1f} | {mean['user_us']:.1f} | {mean['kernel_us']:.1f} | "
              f"{mean['kernel_share']:.2f} | {mean['segments']:.2f} | {mean['speed']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
