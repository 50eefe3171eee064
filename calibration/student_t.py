"""Student's t for the calibration scripts' "beyond repeat scatter" tests, written once. Standard library only."""
import math

# Two-sided 95 % critical values of Student's t by degrees of freedom (1-30; the normal's beyond).
T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042)


def t95(dof):
    """The two-sided 95 % critical t at dof degrees of freedom (infinite without any)."""
    if dof < 1:
        return math.inf
    return T95[dof - 1] if dof <= len(T95) else 1.960
