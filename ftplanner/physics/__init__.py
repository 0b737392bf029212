"""The physics floor: one published model per module, numpy only, importing nothing else of ftplanner.

Error laws, link noise, entanglement swapping and distillation, Litinski's data blocks, logical
counts, code distance, module topologies, magic-state factories, the Azure estimator's T factory
and yoked-surface-code storage. Every layer above reads these; none of them reads a layer above.
"""
