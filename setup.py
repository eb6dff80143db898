"""Puts the theme into the package when a wheel is built: the repository's templates/ and static/
become factsite/theme/templates/ and factsite/theme/static/ (factsite/theme/__init__.py).

Everything else is declared in pyproject.toml. The theme stays at the top of the repository, where
this desk's own site uses it as its templates/ and static/, and an installed factsite finds it as
package data.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

THEME = ("templates", "static")


class BuildWithTheme(build_py):
    def run(self) -> None:
        super().run()
        for folder in THEME:
            target = Path(self.build_lib) / "factsite" / "theme" / folder
            self.copy_tree(folder, str(target))


setup(cmdclass={"build_py": BuildWithTheme})
