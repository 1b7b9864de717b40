"""policyvc.cli, the console script's module, starts light: each command imports the libraries it uses.

Every `policyvc` run pays for what policyvc.cli imports, so one eager import of GitPython, Jinja2 or the
pipeline in a command module slows down every other command (README, Benchmarks: bench_cli.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Libraries that only some commands need; none of them may load before a command runs.
HEAVY = (
    "git", "jinja2", "aiosmtpd", "smtplib", "bs4", "mammoth", "markdownify", "markdown_it", "ftfy",
    "rapidfuzz", "regex", "yaml", "tomllib", "hypothesis",
)
# The pipeline's stages: loaded by the commands that run them, never by the CLI itself.
STAGES = ("policyvc.parse", "policyvc.diff", "policyvc.classify", "policyvc.store", "policyvc.notify")
# A plain diff of two Markdown files needs no repository, template, HTML importer or mail.
NOT_FOR_A_FILE_DIFF = ("git", "jinja2", "aiosmtpd", "smtplib", "bs4", "mammoth", "markdownify")


def _modules_after(code: str, tmp_path: Path) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The names in sys.modules after `code` runs in a fresh interpreter, and how the process ended."""
    listing = tmp_path / "modules.json"
    script = (
        f"import json, sys\ntry:\n    {code}\nexcept SystemExit:\n    pass\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return set(json.loads(listing.read_text())), done


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if any(m == name or m.startswith(f"{name}.") for m in modules)]


def test_importing_the_cli_loads_no_heavy_library_and_no_pipeline_stage(tmp_path: Path) -> None:
    modules, _ = _modules_after("import policyvc.cli", tmp_path)
    assert "policyvc.cli.diff" in modules  # the commands are registered
    assert _loaded(modules, HEAVY) == []
    assert _loaded(modules, STAGES) == []


def test_diff_of_two_files_loads_no_git_templates_or_importers(tmp_path: Path) -> None:
    old, new = ROOT / "policies" / "privacy.md", ROOT / "examples" / "privacy-revised.md"
    argv = ["policyvc", "diff", str(old), str(new), "--no-color"]
    modules, done = _modules_after(f"sys.argv = {argv!r}; import policyvc.cli; policyvc.cli.main()", tmp_path)
    assert "\nMATERIAL (bump: major) · 5 changes" in done.stdout, done.stdout[:300]  # the diff really ran
    assert _loaded(modules, NOT_FOR_A_FILE_DIFF) == []
