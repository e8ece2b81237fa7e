"""The bundled example builds, by the readable name each file carries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from configurator.build.errors import BuildError
from configurator.build.io import load_build
from configurator.build.model import Build


@dataclass(frozen=True)
class ExampleBuild:
    name: str
    path: Path
    build: Build


def example_builds(folder: Path) -> list[ExampleBuild]:
    """Every readable build file in ``folder``, sorted by name; unreadable files are skipped so
    one broken example cannot hide the others."""
    examples = []
    for path in sorted(Path(folder).glob("*.json")):
        try:
            build = load_build(path)
        except BuildError:
            continue
        examples.append(ExampleBuild(build.name, path, build))
    return sorted(examples, key=lambda e: e.name.casefold())
