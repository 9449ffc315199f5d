"""Models of the seed package: fields read as their type or None, the model records what was set
(PATCH sends only that, None as null), str enums that keep unknown values, flags, lazy models
package that still names every model for type checkers."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
from render_helpers import import_package, render_pages

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    root, folder, _ = render_pages(tmp_path_factory, REPO / "api-docs", "modelseed")
    return root, folder, import_package(root, "modelseed")


def test_unset_fields_read_none_and_are_not_sent(seed):
    from modelseed.models import LearningAssignment

    a = LearningAssignment(learner_user_id="u", notes=None)
    assert a.assigner_user_id is None and a.notes is None
    assert a.fields_set == {"learner_user_id", "notes"}
    out = a.to_dict()
    assert out == {
        "@odata.type": "#microsoft.graph.learningAssignment",
        "learnerUserId": "u",
        "notes": None,
    }


def test_assignment_sets_and_unset_unsets(seed):
    from modelseed import _runtime as rt
    from modelseed.models import LearningAssignment

    a = LearningAssignment()
    a.assigner_user_id = None
    a.learner_user_id = "x"
    assert rt.is_set(a, "assigner_user_id") and a.to_dict()["assignerUserId"] is None
    a.assigner_user_id = rt.UNSET
    assert a.assigner_user_id is None and not rt.is_set(a, "assigner_user_id")
    assert "assignerUserId" not in a.to_dict() and a.to_dict()["learnerUserId"] == "x"


def test_from_dict_marks_what_it_read(seed):
    from modelseed.models import LearningAssignment

    a = LearningAssignment.from_dict({"notes": None, "learnerUserId": "u", "x": 1})
    assert a.fields_set == {"notes", "learner_user_id"}
    assert a.to_dict() == {"notes": None, "learnerUserId": "u", "x": 1}
    assert a == LearningAssignment(notes=None, learner_user_id="u", _extra={"x": 1})
    assert a.assigner_user_id is None and a.additional_data == {"x": 1}
    a.assigner_user_id = "me"
    assert a.to_dict()["assignerUserId"] == "me" and "assigner_user_id" in a.fields_set


def test_replace_keeps_the_record(seed):
    from modelseed.models import LearningAssignment

    a = LearningAssignment.from_dict({"learnerUserId": "u", "future": 1})
    b = dataclasses.replace(a, assigner_user_id="me")
    assert b.to_dict() == {"learnerUserId": "u", "assignerUserId": "me", "future": 1}
    assert a.fields_set == {"learner_user_id"}


def test_the_constructor_is_the_dataclass_signature_filled_in_one_pass(seed):
    # models are built by _runtime._model_init (no __setattr__ per field, no code compiled per
    # class by @dataclass); it must take and refuse what the dataclass __init__ would
    from modelseed import _runtime as rt
    from modelseed.models import LearningAssignment, LearningCourseActivity

    assert LearningAssignment.__init__ is rt._model_init
    first = next(f.name for f in dataclasses.fields(LearningAssignment) if not f.kw_only)
    a = LearningAssignment("pos", notes=None, assigner_user_id=rt.UNSET)
    assert getattr(a, first) == "pos" and a.fields_set == {first, "notes"}
    assert a.assigner_user_id is None and a.additional_data == {}
    assert a.additional_data is not LearningAssignment().additional_data  # a dict each
    with pytest.raises(TypeError, match="unexpected keyword argument 'notez'"):
        LearningAssignment(notez=1)
    with pytest.raises(TypeError, match="multiple values"):
        LearningAssignment("a", **{first: "b"})
    with pytest.raises(TypeError, match="positional"):
        LearningAssignment(*range(len(dataclasses.fields(LearningAssignment))))
    base = LearningCourseActivity(learner_user_id="u")
    assert type(base) is LearningCourseActivity and base.fields_set == {"learner_user_id"}
    b = dataclasses.replace(a, learner_user_id="v", due_date_time=None)
    assert b.fields_set == {first, "notes", "learner_user_id"} and b.learner_user_id == "v"
    # @_rt.model makes no __eq__/__repr__ of its own: Model's compare and show the fields
    assert "__eq__" not in vars(LearningAssignment) and "__repr__" not in vars(LearningAssignment)
    assert LearningAssignment(notes=None) == LearningAssignment(notes=None)
    assert LearningAssignment(learner_user_id="u") != LearningAssignment(learner_user_id="w")
    assert LearningAssignment(_extra={"x": 1}) != LearningAssignment()
    assert LearningCourseActivity() != LearningAssignment() and LearningAssignment() != 1
    assert repr(base).startswith("LearningCourseActivity(") and "learner_user_id='u'" in repr(base)
    assert "_extra" not in repr(base)


def test_str_enums_keep_unknown_values(seed):
    from modelseed.models import CourseStatus, LearningAssignment

    assert isinstance(CourseStatus.COMPLETED, str)
    assert (
        CourseStatus.COMPLETED == "completed" and "completed" == CourseStatus.COMPLETED
    )
    assert str(CourseStatus.COMPLETED) == "completed" == f"{CourseStatus.COMPLETED}"
    assert json.dumps({"s": CourseStatus.IN_PROGRESS}) == '{"s": "inProgress"}'
    assert {CourseStatus.COMPLETED: 1}["completed"] == 1
    new = CourseStatus("pausedByAdmin")
    assert new.is_unknown and new == "pausedByAdmin" and new.value == "pausedByAdmin"
    assert new.member is CourseStatus.UNKNOWN_FUTURE_VALUE and new != "completed"
    assert json.dumps(new) == '"pausedByAdmin"'
    odd = CourseStatus("Completed")  # a documented value in another case
    assert odd == CourseStatus.COMPLETED and odd == "completed" and not odd.is_unknown
    assert (
        hash(odd) == hash(CourseStatus.COMPLETED)
        and odd.member is CourseStatus.COMPLETED
    )
    a = LearningAssignment.from_dict({"status": "Completed", "assignmentType": "soon"})
    assert a.to_dict() == {"status": "Completed", "assignmentType": "soon"}
    assert CourseStatus("completed") is CourseStatus.COMPLETED


def test_models_package_is_lazy_and_names_every_model_for_checkers(seed):
    _, folder, _ = seed
    text = (folder / "models" / "__init__.py").read_text(encoding="utf-8")
    tree = ast.parse(text)
    guarded = [n for n in tree.body if isinstance(n, ast.If)]
    imported = sorted(
        a.asname for n in guarded[0].body for a in n.names  # type: ignore[attr-defined]
    )
    listed = next(
        ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "__all__"
    )
    assert imported == listed == sorted(listed)
    assert "LearningAssignment" in listed and "CourseStatus" in listed
    code = (
        "import sys, modelseed.models as m; "
        "assert not [k for k in sys.modules if k.startswith('modelseed.models.')]; "
        "m.CourseStatus; print(sorted(k for k in sys.modules if k.startswith('modelseed.models.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "['modelseed.models.course_status']"
