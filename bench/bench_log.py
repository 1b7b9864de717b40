"""`policyvc log` over a policy with 1,000 versions (built with git fast-import): cold (no cache) and warm.

Target: cold ≤ 5 s. Run: .venv/bin/python bench/bench_log.py [VERSIONS]   (default 1000)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICYVC = ROOT / ".venv" / "bin" / "policyvc"
VOCALCOM = ROOT / "policies" / "privacy.md"
TARGET_COLD_S = 5.0
GIT_ENV = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def version_texts(base: str, count: int) -> list[str]:
    """`count` successive texts of a policy, each rewording one prose paragraph of the last."""
    lines = base.split("\n")
    prose = [i for i, line in enumerate(lines) if len(line) > 80 and not line.startswith(("#", "---", "|"))]
    texts = ["\n".join(lines)]
    for n in range(1, count):
        i = prose[(n * 7) % len(prose)]
        reworded = lines[i].split(" This clause was last reviewed")[0].rstrip()
        lines[i] = f"{reworded} This clause was last reviewed in revision {n}."
        texts.append("\n".join(lines))
    return texts


def fast_import_stream(texts: list[str]) -> bytes:
    """One commit per text on refs/heads/main, an hour apart, all touching policies/privacy.md."""
    out: list[bytes] = []
    start = 1_700_000_000
    for n, text in enumerate(texts, start=1):
        data = text.encode("utf-8")
        message = f"Revision {n}\n".encode()
        stamp = f"Bench <bench@example.com> {start + n * 3600} +0000".encode()
        out += [b"blob\n", b"mark :%d\n" % (2 * n - 1), b"data %d\n" % len(data), data, b"\n"]
        out += [b"commit refs/heads/main\n", b"mark :%d\n" % (2 * n), b"author " + stamp + b"\n"]
        out += [b"committer " + stamp + b"\n", b"data %d\n" % len(message), message]
        if n > 1:
            out.append(b"from :%d\n" % (2 * n - 2))
        out.append(b"M 100644 :%d policies/privacy.md\n\n" % (2 * n - 1))
    return b"".join(out)


def build_repo(folder: Path, texts: list[str]) -> None:
    """A git repository whose main branch has one commit per text of policies/privacy.md."""
    env = {**os.environ, **GIT_ENV, "HOME": str(folder)}
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    subprocess.run(
        ["git", "fast-import", "--quiet"], input=fast_import_stream(texts), cwd=folder, check=True, env=env
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True, env=env)


def timed_log(folder: Path) -> tuple[float, float, list[dict[str, object]]]:
    """Wall time, CPU time (user + sys of policyvc and its git children) and the parsed log."""
    return timed_policyvc(folder, "log", "privacy")


def timed_policyvc(folder: Path, *args: str) -> tuple[float, float, list[dict[str, object]]]:
    """`policyvc ARGS --format json` run in folder: wall time, CPU time (with git children), the JSON."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [str(POLICYVC), *args, "--format", "json"], cwd=folder, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"policyvc {args[0]} failed: {result.stderr.strip()}")
    found: list[dict[str, object]] = json.loads(result.stdout)
    return elapsed, cpu, found


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    folder = Path(tempfile.mkdtemp(prefix="policyvc-bench-log-"))
    try:
        started = time.perf_counter()
        build_repo(folder, version_texts(VOCALCOM.read_text(encoding="utf-8"), count))
        print(f"built {count} commits with git fast-import in {time.perf_counter() - started:.2f} s")
        shutil.rmtree(folder / ".policyvc", ignore_errors=True)
        cold, cold_cpu, versions = timed_log(folder)
        warm, warm_cpu, again = timed_log(folder)
        assert versions == again, "a warm run must give the same history"
        classes: dict[str, int] = {}
        for version in versions:
            classes[str(version["class"])] = classes.get(str(version["class"]), 0) + 1
        verdict = "meets" if cold <= TARGET_COLD_S else "MISSES"
        print(f"versions: {len(versions)} (latest {versions[-1]['version']}); classes: {classes}")
        print(f"policyvc log cold (no cache): {cold:.2f} s wall, {cold_cpu:.2f} s CPU "
              f"({cold / count * 1000:.1f} ms/version) — {verdict} the {TARGET_COLD_S:.0f} s target")
        print(f"policyvc log warm (cache):    {warm:.2f} s wall, {warm_cpu:.2f} s CPU "
              f"({cold / warm:.1f}x faster)")
        print(f"load average: {os.getloadavg()[0]:.1f} (wall times grow with it; CPU times much less)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
