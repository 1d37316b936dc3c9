"""The package itself: importing dlnotes pulls in numpy and nothing else outside the stdlib."""

import subprocess
import sys

CHECK = """
import sys
before = set(sys.modules)
import dlnotes
{imports}
new = {{m.split(".")[0] for m in set(sys.modules) - before}}
stdlib = set(sys.stdlib_module_names) | {{"_distutils_hack"}}
print(sorted(m for m in new if m not in stdlib and not m.startswith("_") and m != "dlnotes"))
"""


def _third_party_imports(imports: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", CHECK.format(imports=imports)],
        capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_package_import_needs_only_numpy():
    assert _third_party_imports("") in ("[]", "['numpy']")


def test_package_submodules_import_only_numpy():
    from pathlib import Path

    names = sorted(p.stem for p in Path(__file__).parents[1].joinpath("dlnotes").glob("[!_]*.py"))
    imports = "\n".join(f"import dlnotes.{n}" for n in names)
    assert _third_party_imports(imports) == "['numpy']"
