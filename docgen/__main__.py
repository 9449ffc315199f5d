"""``python -m docgen`` and the ``docgen`` script (pyproject's ``[project.scripts]``) run the
command line.

The cyclic collector is switched off before the command line's modules are imported: :func:`run`
switches it off anyway, and the collections it made while they were imported (their classes,
functions and dataclass fields) found nothing to free. The script calls :func:`main` (importing
this module runs nothing), so it gets the same start as ``python -m docgen``.

Before anything is imported, a running ``docgen serve`` for this code and cache folder is asked to
run the command (:mod:`docgen.serve_client`, standard library only): it has everything imported.
Without one the command runs here, as it always did.
"""

import gc


def main() -> None:
    """Switch the collector off, run the command in a server if one runs it, else import and run
    the command line."""
    gc.disable()
    from docgen.serve_client import run_through_server

    run_through_server()  # (returns only when no server ran the command)
    from docgen.cli.main import run  # after the collector is off

    run()


if __name__ == "__main__":
    main()
