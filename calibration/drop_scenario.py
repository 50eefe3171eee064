"""A measured run's setup as a `fanoutsim run` scenario: the one mapping from a run file's `setup` block to scenario
keys, for the scripts that replay measured setups in the model (drop-storm, drop-aborts, drop-probe-spread,
drop-anatomy-aligned, python-first-seconds). Standard library only.

    sys.path.insert(0, CALIBRATION_DIR); import drop_scenario
    drop_scenario.write(path, drop_scenario.keys(setup, profile))              # the setup as measured
    drop_scenario.write(path, drop_scenario.keys(setup, profile, ramp_seconds=0.07))   # a what-if ramp
"""

# Redis' link as a run recorded it: shaped (the egress limit and the shaper's bucket and queue, when it had them) or
# unshaped, the model's node of that name (RedisNodeType.UnshapedName), as calibrate predicts such runs.
SHAPING_KEYS = ("redis_egress_mbps", "redis_shaping_bucket_kb", "redis_shaping_queue_kb")
UNSHAPED_NODE = "local-unshaped"


def keys(setup, profile, ramp_seconds=None):
    """The scenario keys of a run's `setup` block with the given profile (a path); its own ramp unless one is given."""
    ramp = setup["ramp_seconds"] if ramp_seconds is None else ramp_seconds
    scenario = {"name": setup["name"], "users": setup["users"], "interval": f'{setup["interval_seconds"]}s',
                "session": f'{setup["session_seconds"]}s', "sessions": setup["sessions"], "ramp": f"{ramp}s",
                "tasks": setup["tasks"], "task_vcpu": setup["task_vcpu"], "subscription": setup["subscription"]}
    scenario.update({k: setup[k] for k in SHAPING_KEYS if setup.get(k) is not None})
    if setup.get("redis_link") == "unshaped":
        scenario["redis_node"] = UNSHAPED_NODE
    scenario["profile"] = profile
    return scenario

def write(path, scenario):
    """Writes the keys as a scenario file, one `key: value` line each."""
    with open(path, "w") as f:
        f.write("".join(f"{k}: {v}\n" for k, v in scenario.items()))
