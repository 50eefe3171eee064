"""A drop run's setup as a `fanoutsim run` scenario: the one mapping from a run file's `setup` block to scenario keys,
for the scripts that replay drop setups in the model (drop-storm, drop-aborts, drop-probe-spread,
drop-anatomy-aligned). Standard library only.

    sys.path.insert(0, CALIBRATION_DIR); import drop_scenario
    drop_scenario.write(path, drop_scenario.keys(setup, profile))              # the setup as measured
    drop_scenario.write(path, drop_scenario.keys(setup, profile, ramp_seconds=0.07))   # a what-if ramp
"""


def keys(setup, profile, ramp_seconds=None):
    """The scenario keys of a run's `setup` block with the given profile (a path); its own ramp unless one is given."""
    ramp = setup["ramp_seconds"] if ramp_seconds is None else ramp_seconds
    return {"name": setup["name"], "users": setup["users"], "interval": f'{setup["interval_seconds"]}s',
            "session": f'{setup["session_seconds"]}s', "sessions": setup["sessions"], "ramp": f"{ramp}s",
            "tasks": setup["tasks"], "task_vcpu": setup["task_vcpu"], "subscription": setup["subscription"],
            "redis_egress_mbps": setup["redis_egress_mbps"],
            "redis_shaping_bucket_kb": setup["redis_shaping_bucket_kb"],
            "redis_shaping_queue_kb": setup["redis_shaping_queue_kb"], "profile": profile}


def write(path, scenario):
    """Writes the keys as a scenario file, one `key: value` line each."""
    with open(path, "w") as f:
        f.write("".join(f"{k}: {v}\n" for k, v in scenario.items()))
