#!/usr/bin/env python3
"""Churn's steady state (issue 16): per real churn run, seconds 21-60 of its time series beside its client counts.

For each churn run file given (default: every *churn* file of calibration/rooms-runs, -w, -conn) and each model run
file given as model=PATH: sessions, closes the client abandoned (closes_abandoned: the socket was already dead when
the client closed), connect avg / p95 / max, and over seconds 21-60 the mean sends a second, the client's open sessions
(opened, not yet ended: sending or closing), those closing (disconnects a second x close avg), the sending ones
(open - closing) and sends per sending session a second. A session that sends for its whole length sends 0.967 a
second at mean 15 s (ticks at 1, 2, ... s from the open; the fraction after the last tick is lost): the shortfall
below that, against the share of sessions whose close was abandoned, says whether the abandoned sessions sent nothing.
Markdown on stdout. python3 calibration/churn-steady/steady.py [FILES...]
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import outfile  # noqa: E402

FULL = 0.967  # sends a second of a session that sends to its end (exponential lengths, mean 15 s, ticks at 1 s)


def row(path, model=False):
    d = json.load(open(path))
    m, e = d["metrics"], d.get("environment", {})
    s = [x for x in d["time_series"]["samples"] if 21 <= x["time"] <= 60]
    sent = sum(x["sent_per_second"] for x in s) / len(s)
    deliv = sum(x["delivered_per_second"] for x in s) / len(s)
    opened = sum(x["open_connections"] for x in s) / len(s)
    closes = m["churn"]["disconnects_per_second"]
    close = m["ws_closing"]["avg"] if "ws_closing" in m else 0.0
    closing = closes * close
    sending = opened - closing
    if model:
        # The model's open_connections count from the dial (the load balancer's pick) to the server's close: its
        # connecting ones (connects a second x connect avg) are taken off too.
        sending -= m["churn"]["connects_per_second"] * m["ws_connecting"]["avg"]
    sessions = m["ws_sessions"]
    abandoned = e.get("closes_abandoned")
    abandoned = int(abandoned) if abandoned not in (None, "") else None
    share = abandoned / sessions if abandoned is not None else None
    c = m.get("ws_connecting")
    return {
        "file": path, "q": d["setup"]["task_vcpu"], "contaminated": str(e.get("contaminated")).lower() == "true",
        "ratio": m["delivery_ratio"], "sessions": sessions, "abandoned": abandoned, "share": share,
        "conn": (c["avg"], c["p95"], c["max"]) if c else None, "close": close, "sent": sent, "deliv": deliv,
        "open": opened, "closing": closing, "sending": sending, "per": sent / sending,
        "expect": FULL * (1 - share) if share is not None else None,
        "copies": deliv / sent,
    }


def main(args):
    models = [a.split("=", 1)[1] for a in args if a.startswith("model=")]
    files = [a for a in args if not a.startswith("model=")] or sorted(
        f for g in ("rooms-runs", "rooms-runs-w", "rooms-runs-conn")
        for f in glob.glob(f"calibration/{g}/*churn*.json"))
    print("| run | core | ratio % | sessions | abandoned (share) | connect avg / p95 / max s | close avg s "
          "| sent/s | copies/s | copies a send | open | closing | sending | sends per sending s "
          f"| {FULL} x (1 - share) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for f in files + models:
        r = row(f, f in models)
        name = f.replace("calibration/", "") + (" (contaminated)" if r["contaminated"] else "")
        name = f"model {name}" if f in models else name
        ab = "-" if r["abandoned"] is None else f"{r['abandoned']} ({100 * r['share']:.1f} %)"
        conn = "-" if r["conn"] is None else " / ".join(f"{v:.2f}" for v in r["conn"])
        close = f"{r['close']:.2f}" if r["conn"] else "-"
        ex = "-" if r["expect"] is None else f"{r['expect']:.3f}"
        print(f"| {name} | {r['q']} | {100 * r['ratio']:.1f} | {r['sessions']} | {ab} | "
              f"{conn} | {close} | {r['sent']:.1f} | "
              f"{r['deliv']:.0f} | {r['copies']:.2f} | {r['open']:.1f} | {r['closing']:.1f} | {r['sending']:.1f} | "
              f"{r['per']:.3f} | {ex} |")


if __name__ == "__main__":
    outfile.main("steady.py", main, errors=(OSError, ValueError, KeyError))
