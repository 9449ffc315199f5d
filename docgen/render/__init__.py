"""Rendering: a resolved :class:`~docgen.model.core.Model` -> the generated package's files.

In: the model and :class:`~docgen.render.options.RenderOptions`. Out: a mapping of relative
posix paths to black-stable Python text, with diagnostics; nothing is written here.
:mod:`.package` drives it: :mod:`.naming` makes Python names, :mod:`.models` and
:mod:`.requests` plan model modules and request builders, :mod:`.examples` turns the docs'
examples into test plans (checked by :mod:`.checker`), :mod:`.context` builds each template's
data, :mod:`.environment` is the one Jinja environment (with :mod:`.escaping`'s filters, the
only way doc text reaches code), :mod:`.layout` and :mod:`.formatting` keep the text as black
writes it, and :mod:`.ast_check` refuses any module that holds what no template meant.
"""
