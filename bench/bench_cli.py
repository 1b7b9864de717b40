"""Start-up cost of the CLI: each command run N times in fresh processes, median wall and CPU time.

A one-policy `policyvc diff` spends most of its time starting Python and importing modules, not diffing,
so this measures the commands a user types, then prints the `-X importtime` top 10 of `diff`.
`check` and `log` run in a scratch policy repository built like examples/demo.sh (two versions of the
bundled statement, the second on a branch).

Run: .venv/bin/python bench/bench_cli.py [RUNS]   (default 15)
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
POLICYVC = BIN / "policyvc"
OLD = ROOT / "policies" / "privacy.md"
NEW = ROOT / "examples" / "privacy-revised.md"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "NO_COLOR": "1",
}

# (label, arguments, run in the scratch repository); `check` gates the material revision on its branch
# (bump, notice period, acknowledgement: it passes), the work CI does on a pull request.
COMMANDS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("python -c pass", (), False),
    ("policyvc --version", ("--version",), False),
    ("policyvc --help", ("--help",), False),
    ("policyvc diff OLD NEW", ("diff", str(OLD), str(NEW)), False),
    ("policyvc diff OLD NEW --format json", ("diff", str(OLD), str(NEW), "--format", "json"), False),
    ("policyvc check --base main", ("check", "--base", "main"), True),
    ("policyvc log", ("log",), True),
)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)


def build_repo(folder: Path) -> None:
    """Two versions of the bundled statement: 1.0.0 on main, the material revision on a branch."""
    steps = [
        [str(POLICYVC), "init", str(folder)],
        [str(POLICYVC), "commit", "privacy", "--from", str(OLD), "--effective", "2013-05-23", "-m", "2013"],
        ["git", "branch", "-M", "main"],
        ["git", "checkout", "-q", "-b", "revise-sharing"],
        [
            str(POLICYVC), "commit", "privacy", "--from", str(ROOT / "examples" / "privacy-revised.html"),
            "--effective", str(dt.date.today() + dt.timedelta(days=45)), "-m", "Share contact details",
            "--acknowledge", "Dana Legal <legal@example.com>",
        ],
    ]
    folder.mkdir(parents=True)
    for step in steps:
        done = run(step, folder)
        if done.returncode != 0:
            raise SystemExit(f"building the scratch repository failed at {step[1:3]}: {done.stderr.strip()}")


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + sys of the process and its git children) of one successful run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = run(args, cwd)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[1:])} failed ({done.returncode}): {done.stderr.strip()}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def import_top(count: int) -> tuple[float, list[tuple[int, int, str]]]:
    """Total import time of `policyvc diff OLD NEW` and its `count` costliest modules by own time (µs)."""
    done = subprocess.run(
        [str(BIN / "python"), "-X", "importtime", "-m", "policyvc", "diff", str(OLD), str(NEW)],
        cwd=ROOT, env=ENV, capture_output=True, text=True,
    )
    rows: list[tuple[int, int, str]] = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.removeprefix("import time:").split("|", 2)
        rows.append((int(own), int(cumulative), name.rstrip()))
    total = sum(own for own, _, _ in rows) / 1e6
    return total, sorted(rows, reverse=True)[:count]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 15
    folder = Path(tempfile.mkdtemp(prefix="policyvc-bench-cli-")) / "repo"
    try:
        build_repo(folder)
        print(f"{runs} fresh processes per command; medians (min) — wall time, CPU time")
        for label, args, in_repo in COMMANDS:
            argv = [str(BIN / "python"), "-c", "pass"] if not args else [str(POLICYVC), *args]
            cwd = folder if in_repo else ROOT
            timed(argv, cwd)  # warm the page cache and __pycache__ once, untimed
            samples = [timed(argv, cwd) for _ in range(runs)]
            walls = [wall for wall, _ in samples]
            cpus = [cpu for _, cpu in samples]
            print(f"  {label:<38} {statistics.median(walls) * 1000:6.0f} ms ({min(walls) * 1000:4.0f})"
                  f"   CPU {statistics.median(cpus) * 1000:6.0f} ms")
        total, top = import_top(10)
        print(f"\n-X importtime, policyvc diff OLD NEW: {total * 1000:.0f} ms of imports; top 10 by own time")
        print(f"  {'own ms':>7} {'cumul. ms':>9}  module")
        for own, cumulative, name in top:
            print(f"  {own / 1000:7.1f} {cumulative / 1000:9.1f}  {name.strip()}")
        print(f"\nload average: {os.getloadavg()[0]:.1f} (wall times grow with it; CPU times much less)")
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
