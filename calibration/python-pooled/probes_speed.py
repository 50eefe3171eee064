"""The probes speed index of a run file's environment that `fanoutsim calibrate --speed-rule probes` picks
(src/Cli/Calibration/MeasuredSpeeds.cs): speed_index_server_probes, else speed_index_server unless the in-run sampler
wrote it, else the mean of speed_index_before and _after, else speed_index; None when the run records none. One
definition for the scripts of this folder that read it (speed-elasticity.py, speed-exponent-copies.py)."""


def picked(env):
    def num(k):
        try:
            v = float(env.get(k))
            return v if v > 0 else None
        except (TypeError, ValueError):
            return None
    if num("speed_index_server_probes"):
        return num("speed_index_server_probes")
    if num("speed_index_server") and not str(env.get("speed_index_server_rule", "")).startswith("in-run"):
        return num("speed_index_server")
    if num("speed_index_before") and num("speed_index_after"):
        return (num("speed_index_before") + num("speed_index_after")) / 2
    return num("speed_index")
