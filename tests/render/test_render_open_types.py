"""Which generated classes take any key (``_open_type_``, what strict decoding and the examples'
check allow): an open type and a class under one, and a type no input page documents, but not
the subclasses of such a type (their pages say what they hold). tests/fixtures/rules/item_subtype
(copied from graph-docs-v1.0) documents ``attachment`` and ``fileAttachment`` on their pages; their
base ``entity`` is named by ``attachment``'s annotation only (no page of its own, no property)."""

from __future__ import annotations

from pathlib import Path

import pytest
from render_helpers import render_pages, run_code

from docgen.diagnostics import Location
from docgen.model.core import Property, TypeDef
from docgen.render.models import open_attribute, takes_any_key

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "item_subtype"
AT = Location("p.md", 1, 1)


def _type(name: str, *, documented: bool = True, open_type: bool = False, rows: int = 1) -> TypeDef:
    props = tuple(Property(f"p{i}", "Edm.String", False, AT) for i in range(rows))
    return TypeDef(name, "microsoft.graph", "complex", AT, properties=props, documented=documented, open_type=open_type)


UNDOCUMENTED = _type("dateTimeTimeZone", documented=False, rows=0)
PAGED = _type("attachment")
OPEN = _type("openTypeExtension", open_type=True)


@pytest.mark.parametrize(
    ("chain", "takes", "sets"),
    [
        ((PAGED,), False, None),  # the runtime's Model takes none already
        ((UNDOCUMENTED,), True, True),
        ((PAGED, UNDOCUMENTED), False, False),  # its base's is not its own
        ((PAGED, PAGED, UNDOCUMENTED), False, None),  # its base already set False
        ((OPEN,), True, True),
        ((PAGED, OPEN), True, None),  # inherited as it is
        ((UNDOCUMENTED, OPEN), True, None),
        ((_type("x", documented=False, rows=1),), False, None),  # a row says what it holds
        ((_type("y", rows=0),), False, None),  # its page says it holds nothing
    ],
)
def test_which_classes_take_any_key_and_which_say_so(chain, takes, sets):
    assert takes_any_key(chain) is takes
    assert open_attribute(chain) is sets


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    root, folder, _ = render_pages(tmp_path_factory, PAGES, "openpkg")
    return root, folder


def test_the_undocumented_base_takes_any_key_and_its_documented_subclass_does_not(package):
    _, folder = package
    entity = (folder / "models" / "entity.py").read_text(encoding="utf-8")
    attachment = (folder / "models" / "attachment.py").read_text(encoding="utf-8")
    file_attachment = (folder / "models" / "file_attachment.py").read_text(encoding="utf-8")
    assert "_open_type_: _typing.ClassVar[bool] = True" in entity
    assert "_open_type_: _typing.ClassVar[bool] = False" in attachment
    assert "_open_type_" not in file_attachment  # inherits attachment's


def test_strict_decoding_follows_the_attributes(package):
    root, _ = package
    code = (
        "from openpkg._runtime import DecodeError\n"
        "from openpkg.models import Attachment, Entity, FileAttachment\n"
        "assert Entity.from_dict({'id': 'a', 'anything': 1}, strict=True).to_dict() == {'id': 'a', 'anything': 1}\n"
        "for cls in (Attachment, FileAttachment):\n"
        "    try:\n"
        "        cls.from_dict({'name': 'a', 'anything': 1}, strict=True)\n"
        "    except DecodeError as exc:\n"
        "        assert \"has no property 'anything'\" in str(exc), exc\n"
        "    else:\n"
        "        raise AssertionError(cls)\n"
    )
    run_code(root, code)
