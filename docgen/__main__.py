"""``python -m docgen`` and the ``docgen`` script (pyproject's ``[project.scripts]``) run the
command line.

The cyclic collector is switched off before the command line's modules are imported: :func:`run`
switches it off anyway, and the collections it made while they were imported (their classes,
functions and dataclass fields) found nothing to free. The script calls :func:`main` (importing
this module runs nothing), so it gets the same start as ``python -m docgen``.
"""

import gc


def main() -> None:
    """Switch the collector off, then import and run the command line."""
    gc.disable()
    from docgen.cli.main import run  # after the collector is off

    run()


if __name__ == "__main__":
    main()
