"""Shared helpers for the render tests: write a rendered package to disk and import it."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

from docgen.diagnostics import Location
from docgen.model.core import (
    EnumMember,
    Example,
    Header,
    Model,
    Operation,
    Property,
    RequestBody,
    RequestLine,
    Response,
    TypeDef,
)
from docgen.render.package import RenderOptions, render_package


def write_package(files: dict[str, str], root: Path, package: str) -> Path:
    """Write ``files`` under ``root/package`` and return the package folder."""
    base = root / package
    for rel, text in files.items():
        path = base / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return base


def render_to(model: Model, root: Path, package: str, **options) -> tuple[Path, list]:
    """Render ``model`` as ``package`` under ``root``; returns (package folder, diagnostics)."""
    files, diags = render_package(model, RenderOptions(package=package, **options))
    return write_package(files, root, package), diags


def render_pages(tmp_path_factory, pages: Path, package: str) -> tuple[Path, Path, list]:
    """The model of the pages under ``pages`` rendered as ``package`` in a new temporary folder:
    (that folder, the package folder, the renderer's diagnostics)."""
    from docgen.pipeline.build import build_model

    root = tmp_path_factory.mktemp(package)
    package_dir, diags = render_to(build_model([pages]), root, package)
    return root, package_dir, diags


def import_package(root: Path, package: str):
    """Import a generated package from ``root`` (each test uses its own package name)."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    return importlib.import_module(package)


def seed_runtime(tmp_path_factory, package: str):
    """The seed page's package rendered and imported as ``package``; its ``_runtime`` module."""
    root, _, _ = render_pages(tmp_path_factory, Path(__file__).resolve().parents[1] / "api-docs", package)
    import_package(root, package)
    return importlib.import_module(package + "._runtime")


def run_pytest(folder: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Run pytest on a generated tests folder in a fresh interpreter, warnings as errors."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-W",
            "error",
            "--rootdir",
            str(cwd),
            str(folder),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_code(root: Path, code: str) -> None:
    """Run ``code`` in a fresh interpreter from ``root`` (where a rendered package is), warnings as
    errors; fails the test with its stderr when it does not exit 0."""
    run = subprocess.run([sys.executable, "-W", "error", "-c", code], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-2000:]


def loc(line: int = 1, path: str = "docs/page.md") -> Location:
    """A location in a made-up page."""
    return Location(path, line, 1)


def prop(name: str, type_: str, line: int = 10, **kw) -> Property:
    """A property row."""
    return Property(
        name=name,
        type=type_,
        collection=kw.pop("collection", False),
        location=loc(line),
        **kw,
    )


def hand_seed_model() -> Model:
    """The seed page's model, built by hand (what the parser gives, independent of it)."""
    path = "api-docs/learningassignment-update.md"

    def at(line: int) -> Location:
        return Location(path, line, 1)

    base = TypeDef(
        "learningCourseActivity",
        "microsoft.vivaLearning",
        "entity",
        at(48),
        properties=(
            Property("externalcourseActivityId", "Edm.String", False, at(49)),
            Property("learningProviderId", "Edm.String", False, at(50)),
            Property("learningContentId", "Edm.String", False, at(51)),
            Property("learnerUserId", "Edm.String", False, at(52)),
            Property("status", "microsoft.vivaLearning.courseStatus", False, at(53)),
            Property("completedDateTime", "Edm.DateTimeOffset", False, at(54)),
            Property("completionPercentage", "Edm.Int32", False, at(55)),
        ),
    )
    sub = TypeDef(
        "learningAssignment",
        "microsoft.graph",
        "entity",
        at(15),
        base="microsoft.vivaLearning.learningCourseActivity",
        properties=(
            Property("assignmentType", "microsoft.graph.assignmentType", False, at(56)),
            Property("assignerUserId", "Edm.String", False, at(57)),
            Property("assignedDateTime", "Edm.DateTimeOffset", False, at(58)),
            Property(
                "dueDateTime", "microsoft.vivaLearning.dateTimeTimeZone", False, at(59)
            ),
            Property("notes", "microsoft.vivaLearning.itemBody", False, at(60)),
        ),
    )
    status = TypeDef(
        "courseStatus",
        "microsoft.vivaLearning",
        "enum",
        at(53),
        members=tuple(
            EnumMember(m, at(53))
            for m in ("notStarted", "inProgress", "completed", "unknownFutureValue")
        ),
    )
    kind = TypeDef(
        "assignmentType",
        "microsoft.graph",
        "enum",
        at(56),
        members=tuple(
            EnumMember(m, at(56))
            for m in ("required", "recommended", "unknownFutureValue")
        ),
    )
    dttz = TypeDef(
        "dateTimeTimeZone",
        "microsoft.vivaLearning",
        "complex",
        at(59),
        documented=False,
    )
    body = TypeDef(
        "itemBody", "microsoft.vivaLearning", "complex", at(60), documented=False
    )
    example = {
        "@odata.type": "#microsoft.graph.learningAssignment",
        "learningContentId": "String",
        "learnerUserId": "String",
        "status": "String",
        "completedDateTime": "String (timestamp)",
        "completionPercentage": "Integer",
        "assignmentType": "String",
        "dueDateTime": {"@odata.type": "microsoft.graph.dateTimeTimeZone"},
    }
    text = json.dumps(example, indent=2)
    required = {"learningContentId", "learnerUserId", "assignmentType"}
    body_props = tuple(
        Property(p.name, p.type, False, p.location, required=p.name in required)
        for p in (*base.properties, *sub.properties)
    )
    op = Operation(
        "update_learningassignment",
        "Update learningAssignment",
        at(1),
        method="PATCH",
        request_lines=(RequestLine("PATCH", "/learningAssignment", at(31)),),
        description="Update the properties of a learningAssignment object.",
        namespace="microsoft.graph",
        headers=(
            Header("Authorization", at(37), "Bearer {token}. Required.", True),
            Header("Content-Type", at(38), "application/json. Required.", True),
        ),
        request_body=RequestBody(
            at(41), "microsoft.graph.learningAssignment", False, body_props
        ),
        response=Response(at(66), 200, "microsoft.graph.learningAssignment"),
        examples=(
            Example(
                "request",
                "update_learningassignment",
                at(77),
                method="PATCH",
                url="https://graph.microsoft.com/v1.0/learningAssignment",
                headers=(("Content-Type", "application/json"),),
                body_text=text,
                body=example,
            ),
            Example(
                "response",
                "update_learningassignment",
                at(111),
                status=200,
                headers=(("Content-Type", "application/json"),),
                body_text=text,
                body=example,
            ),
        ),
    )
    types = tuple(
        sorted((base, sub, status, kind, dttz, body), key=lambda t: t.qualified_name)
    )
    return Model(types=types, operations=(op,))
