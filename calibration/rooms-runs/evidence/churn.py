#!/usr/bin/env python3
"""Where churn's deliveries go, real against model (issue 16, brief S5). For each churn setup (scenarios/rooms-churn-
local.yaml at 0.03, 0.04 and 0.06 core) it reads the measured runs and a model run of the same setup (made by
`evidence/churn-model`, profile and speed given there) and prints per session: messages sent, seconds of a session
not spent sending (session length less messages sent, at one a second), closes the client gave up on (server close not
within its timeout), and per message sent: members owed (expected / sent) and copies received. Standard library only.

Usage (from the repository root): calibration/rooms-runs/evidence/churn.py MODEL_DIR
"""
import glob
import json
import os
import statistics
import sys

# The repository root, so the script runs from any folder.
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")


def measures(d):
    m, e = d["metrics"], d.get("environment", {})
    sessions, sent = m["ws_sessions"], m["ws_msgs_sent"]
    return {
        "sessions": sessions,
        "sent/session": sent / sessions,
        "idle s/session": m["ws_session_duration"]["avg"] - sent / sessions,
        "session s": m["ws_session_duration"]["avg"],
        "owed/sent": m["expected"] / sent,
        "received/sent": m["ws_msgs_received"] / sent,
        "ratio": m["delivery_ratio"],
        "closes abandoned": float(e["closes_abandoned"]) if "closes_abandoned" in e else None,
    }


def mean_of(rows):
    keys = rows[0].keys()
    return {k: statistics.mean(r[k] for r in rows) if rows[0][k] is not None else None for k in keys}


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    cols = ["sessions", "session s", "sent/session", "idle s/session", "owed/sent", "received/sent", "ratio",
            "closes abandoned"]
    print("| quota | source | " + " | ".join(cols) + " |")
    print("|---|---|" + "---|" * len(cols))
    for q in ("0.03", "0.04", "0.06"):
        pattern = f"{ROOT}/calibration/rooms-runs/n300-i1-t2-q{q}-*churn*.json"
        real = [json.load(open(p)) for p in sorted(glob.glob(pattern))]
        model = json.load(open(f"{argv[0]}/churn-q{q}.json"))
        if not real:
            raise ValueError(f"no measured churn runs at {q} core under calibration/rooms-runs")
        for source, row in (("measured (mean of %d)" % len(real), mean_of([measures(d) for d in real])),
                            ("model", measures(model))):
            cells = ["-" if row[c] is None else ("%.0f" % row[c] if c in ("sessions", "closes abandoned")
                                                 else "%.3f" % row[c] if c == "ratio" else "%.2f" % row[c])
                     for c in cols]
            print(f"| {q} | {source} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    # A missing or malformed input is one line and exit 2, never a traceback.
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, ValueError, KeyError) as e:
        print(f"churn: {e}", file=sys.stderr)
        sys.exit(2)
