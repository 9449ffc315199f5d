"""Rendering: a resolved :class:`~docgen.model.core.Model` -> the generated package's files.

In: the model and :class:`~docgen.render.options.RenderOptions`. Out: a mapping of relative
posix paths to black-stable Python text, with diagnostics; nothing is written here.
:mod:`.package` drives it: :mod:`.naming` makes Python names, :mod:`.models` and
:mod:`.requests` plan model modules and request builders, :mod:`.planning` names operation
modules (:mod:`.names_cache` keeps those names and the types' between renders), :mod:`.reads` records what each operation's job reads of the types, :mod:`.examples` turns the docs' examples into test plans
(:mod:`.example_plans`; URLs matched by :mod:`.example_urls`, bodies told apart by
:mod:`.example_bodies` and :mod:`.example_json`, placeholders from :mod:`.placeholders` filled
and every value checked by :mod:`.checker`, which asks the packaged runtime's own codecs through
:mod:`.runtime`), :mod:`.files` and :mod:`.context` build each template's data,
:mod:`.environment` is the one Jinja environment (with :mod:`.escaping`'s filters, the only way
doc text reaches code), :mod:`.layout` and :mod:`.formatting` keep the text as black writes it,
and :mod:`.verify` (with :mod:`.ast_check`) formats each file and refuses any module that holds
what no template meant.
"""
