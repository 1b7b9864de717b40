"""`policyvc blame` over 200 versions of a policy (built with git fast-import): cold, warm, one commit later.

Cold: no cache at all (history and blame computed). Warm: the same command again. New commit: one more version
recorded after a warm run, so blame resumes from its cached state. Each run's output is compared with a fresh,
cache-less run, so the cache is never faster by being wrong.
Run: .venv/bin/python bench/bench_blame.py [VERSIONS]   (default 200)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_log import GIT_ENV, build_repo, timed_policyvc, version_texts

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
# The bundled Vocalcom statement (7.5 KB) and GitHub's privacy statement of 2023 (a real, larger policy).
POLICIES = [
    ROOT / "policies" / "privacy.md",
    CORPUS / "github-site-policy" / "github-privacy-statement" / "2023-03-15.md",
]


def timed_blame(folder: Path) -> tuple[float, float, list[dict[str, object]]]:
    """Wall time, CPU time (policyvc and its git children) and the parsed blame."""
    return timed_policyvc(folder, "blame", "privacy")


def commit_one_more(folder: Path, text: str, number: int) -> None:
    """Reword one more paragraph and commit it with plain git, as a user would."""
    (folder / "policies" / "privacy.md").write_text(text, encoding="utf-8")
    env = {**os.environ, **GIT_ENV, "HOME": str(folder)}
    subprocess.run(["git", "commit", "-qam", f"Revision {number}"], cwd=folder, check=True, env=env)


def uncached_blame(folder: Path) -> list[dict[str, object]]:
    shutil.rmtree(folder / ".policyvc", ignore_errors=True)
    return timed_blame(folder)[2]


def bench_policy(source: Path, count: int) -> None:
    texts = version_texts(source.read_text(encoding="utf-8"), count + 1)
    folder = Path(tempfile.mkdtemp(prefix="policyvc-bench-blame-"))
    try:
        build_repo(folder, texts[:count])
        shutil.rmtree(folder / ".policyvc", ignore_errors=True)
        cold, cold_cpu, entries = timed_blame(folder)
        warm, warm_cpu, again = timed_blame(folder)
        assert entries == again, "a warm run must give the same blame"
        commit_one_more(folder, texts[count], count + 1)
        resumed, resumed_cpu, after_commit = timed_blame(folder)
        assert after_commit == uncached_blame(folder), "a resumed run must give the fresh answer"
        origins = len({str(e["version"]) for e in entries})
        size = len(texts[0].encode("utf-8")) / 1024
        print(
            f"{source.name} ({size:.0f} KB), {count} commits: {len(entries)} blame entries "
            f"from {origins} distinct versions"
        )
        print(f"  cold (no cache):      {cold:.2f} s wall, {cold_cpu:.2f} s CPU")
        print(f"  warm (cache):         {warm:.2f} s wall, {warm_cpu:.2f} s CPU ({cold / warm:.1f}x faster)")
        print(f"  after one new commit: {resumed:.2f} s wall, {resumed_cpu:.2f} s CPU")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200
    for source in POLICIES:
        if source.is_file():
            bench_policy(source, count)
        else:
            print(f"{source}: not found; skipped")
    print(f"load average: {os.getloadavg()[0]:.1f} (wall times grow with it; CPU times much less)")


if __name__ == "__main__":
    main()
