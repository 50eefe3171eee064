# shellcheck shell=bash
# Sourced by the Python calibration scripts that take a speed rule: the one check of it (in-run or probes; anything
# else is the script's usage line and exit 2).
#   need_rule SCRIPT RULE
need_rule() {
  case "${2:-}" in
    in-run|probes) ;;
    *) echo "usage: $1 in-run|probes" >&2; exit 2 ;;
  esac
}
