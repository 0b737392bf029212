"""The names the experiment builders take (kinds, bases, observable sets, BB codes), apart from Stim and numpy so
that the CLI's help can list them cheaply; the builders read them from here."""

KINDS = ("memory", "surgery", "seam", "seam_memory")  # rotated surface code (`ftplanner.sim.experiments`)
BASES = ("Z", "X")
SEAM_KINDS = ("seam", "seam_memory")
SURGERY_KINDS = ("surgery", "seam")
OBSERVABLES = ("parity", "product")
BB_KIND = "bb_memory"  # a bivariate-bicycle code memory (`ftplanner.sim.bicycle`)
BB_CODES = ("gross", "two_gross")  # the codes of `ftplanner.sim.bicycle.codes.CODES`, in its order
