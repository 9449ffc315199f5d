"""``python -m docgen`` runs the command line.

The cyclic collector is switched off before the command line's modules are imported: :func:`run`
switches it off anyway, and the collections it made while they were imported (their classes,
functions and dataclass fields) found nothing to free.
"""

import gc

gc.disable()

from docgen.cli.main import run  # after the collector is off

run()
