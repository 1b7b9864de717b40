"""The legal user's loop through the real CLI: init, commit three Vocalcom versions (Markdown, HTML, DOCX),
log, diff by version, show --at, blame, id — and one clear line for every bad input, repository untouched."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import git
import pytest
from typer.testing import CliRunner

from policyvc.cli import app
from policyvc.errors import ExitCode

REPO = Path(__file__).resolve().parents[2]
SOLD = "We may sell your personal information to data brokers and advertising partners."


@pytest.fixture(autouse=True)
def pinned_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Dana Counsel")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "dana@example.com")
    at(monkeypatch, "2026-01-02T09:00:00+00:00")


def at(monkeypatch: pytest.MonkeyPatch, date: str) -> None:
    monkeypatch.setenv("GIT_AUTHOR_DATE", date)
    monkeypatch.setenv("GIT_COMMITTER_DATE", date)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def markdown_to_docx(markdown: str, path: Path) -> None:
    """A Word document written the way a lawyer would: headings, bulleted clauses with bold labels."""
    document = docx.Document()
    paragraph = None
    for line in markdown.splitlines():
        stripped = line.strip()
        front_matter = ":" in stripped.split(" ")[0] and not stripped.startswith("*")
        if not stripped or stripped == "---" or front_matter:
            continue
        heading = re.match(r"^(#+)\s+(.*)$", stripped)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
            paragraph = None
            continue
        if stripped.startswith("* "):
            paragraph = document.add_paragraph(style="List Bullet")
            stripped = stripped[2:]
        elif paragraph is None or not line.startswith(" "):
            paragraph = document.add_paragraph()
        else:
            paragraph.add_run(" ")
        for i, piece in enumerate(stripped.split("**")):
            if piece:
                paragraph.add_run(piece).bold = i % 2 == 1
    document.save(str(path))


@pytest.fixture
def vocalcom(tmp_path: Path) -> dict[str, Path]:
    """The three sources: the 2013 statement (Markdown), its revision (web page), a later revision (Word)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    first = sources / "privacy-2013.md"
    shutil.copy(REPO / "policies" / "privacy.md", first)
    revised = sources / "privacy-revised.html"
    shutil.copy(REPO / "examples" / "privacy-revised.html", revised)
    third = (REPO / "examples" / "privacy-revised.md").read_text(encoding="utf-8")
    heading = "### Use of personal information\n"
    third = third.replace(heading, f"{heading}\n{SOLD}\n", 1)
    assert SOLD in third
    word = sources / "privacy-2027.docx"
    markdown_to_docx(third, word)
    return {"md": first, "html": revised, "docx": word}


@pytest.fixture
def legal_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "legal"
    code, out, _ = run("init", str(root))
    assert code == 0 and "created: git repository" in out
    monkeypatch.chdir(root)
    return root


def test_the_legal_users_loop(
    legal_repo: Path, vocalcom: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run("commit", "privacy", "--from", str(vocalcom["md"]), "--effective", "2013-05-23")
    assert code == 0, err
    assert "recorded privacy 1.0.0" in out
    assert "repaired line" in err  # the archived statement carries mojibake
    at(monkeypatch, "2026-02-01T09:00:00+00:00")
    code, out, err = run("commit", "privacy", "--from", str(vocalcom["html"]), "--effective", "2026-03-01")
    assert code == 0, err
    second = re.search(r"recorded privacy (\S+) after 1\.0\.0 \((\w+)\)", out)
    assert second is not None, out
    at(monkeypatch, "2026-05-01T09:00:00+00:00")
    code, out, err = run(
        "commit", "privacy", "--from", str(vocalcom["docx"]), "--effective", "2026-06-01",
        "--acknowledge", "Dana Counsel <dana@example.com>",
    )
    assert code == 0, err
    third = re.search(r"recorded privacy (\S+) after (\S+) \((\w+)\)", out)
    assert third is not None and third.group(3) == "material", out
    assert third.group(1) == f"{int(second.group(1).split('.')[0]) + 1}.0.0"

    code, out, _ = run("log", "privacy", "--format", "json")
    log = json.loads(out)
    assert [v["version"] for v in log] == ["1.0.0", second.group(1), third.group(1)]
    assert [v["effective_date"] for v in log] == ["2013-05-23", "2026-03-01", "2026-06-01"]
    assert [v["class"] for v in log] == ["none", second.group(2), "material"]
    assert all(v["tagged"] for v in log)
    code, table, _ = run("log")
    assert code == 0
    assert table.splitlines()[0].split()[:5] == ["POLICY", "VERSION", "EFFECTIVE", "COMMITTED", "CLASS"]
    assert table.splitlines()[1].split()[:2] == ["privacy", third.group(1)]  # newest first

    code, out, _ = run("diff", "privacy@1.0.0", f"privacy@{third.group(1)}", "--format", "json")
    assert code == 0
    assert SOLD.split(" to ")[0] in out

    code, shown, _ = run("show", "privacy", "--at", "2026-04-15")
    assert code == 0 and shown.startswith("# Privacy Statement") and SOLD not in shown
    code, shown_latest, _ = run("show", "privacy@latest")
    assert SOLD in shown_latest

    code, out, _ = run("blame", "privacy", "--format", "json")
    blame = json.loads(out)
    (sold,) = [e for e in blame if SOLD in e["text"]]
    assert sold["version"] == third.group(1) and sold["effective_date"] == "2026-06-01"
    assert any(e["version"] == "1.0.0" for e in blame), "unchanged clauses still date from 2013"

    code, first_id, _ = run("id", "privacy@1.0.0")
    assert code == 0 and re.fullmatch(r"sha256:[0-9a-f]{64}\n", first_id)
    assert run("id", "privacy@1.0.0")[1] == first_id != run("id", "privacy")[1]

    commits = git.Repo(legal_repo).iter_commits()
    assert [c.message.count("Policy-Version:") for c in commits] == [1, 1, 1]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["commit", "privacy", "--effective", "soon"], ExitCode.USAGE, "not a date"),
        (["commit", "privacy", "--effective", "2001-01-01"], ExitCode.USAGE, "is before privacy@1.0.0"),
        (["commit", "privacy", "--effective", "2027-01-01", "--bump", "huge"], ExitCode.USAGE, "--bump"),
        (["show", "cookies"], ExitCode.REPOSITORY, "unknown policy 'cookies'"),
        (["show", "privacy@4.0.0"], ExitCode.REPOSITORY, "no such version"),
        (["show", "privacy", "--at", "1999-01-01"], ExitCode.REPOSITORY, "no version of privacy was"),
        (["commit", "privacy", "--from", "fake.docx", "--effective", "2027-01-01"], ExitCode.INPUT, "Word"),
        (["commit", "privacy", "--from", "latin1.txt", "--effective", "2027-01-01"], ExitCode.INPUT, "UTF-8"),
        (["log", "--format", "xml"], ExitCode.USAGE, "--format"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_repository_untouched(
    legal_repo: Path, vocalcom: dict[str, Path], args: list[str], code: int, message: str
) -> None:
    assert run("commit", "privacy", "--from", str(vocalcom["md"]), "--effective", "2013-05-23")[0] == 0
    (legal_repo / "policies" / "privacy.md").write_text("# Edited\n\nA draft.\n", encoding="utf-8")
    (legal_repo / "fake.docx").write_text("not a zip", encoding="utf-8")
    (legal_repo / "latin1.txt").write_bytes("Caf\xe9".encode("latin-1"))
    repo = git.Repo(legal_repo)
    before = (repo.git.for_each_ref(), repo.git.status("--porcelain"), repo.git.ls_files("-s"))
    exit_code, _out, err = run(*args)
    assert exit_code == code
    assert err.startswith("policyvc: ") and err.count("\n") == 1 and message in err
    assert (repo.git.for_each_ref(), repo.git.status("--porcelain"), repo.git.ls_files("-s")) == before


def test_outside_a_repository_and_on_a_detached_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    exit_code, _, err = run("log")
    assert exit_code == ExitCode.REPOSITORY and "not inside a git repository" in err
    run("init", ".")
    (tmp_path / "policies" / "privacy.md").write_text("# P\n\nText.\n")
    assert run("commit", "privacy", "--effective", "2026-01-01")[0] == 0
    git.Repo(tmp_path).git.checkout("--detach", "HEAD")
    exit_code, _, err = run("commit", "privacy", "--effective", "2026-01-01", "--from", "policies/privacy.md")
    assert exit_code == ExitCode.REPOSITORY and "detached" in err


def test_init_is_idempotent_and_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "policyvc.toml").write_text("notice_days = 60\n")
    (tmp_path / ".gitignore").write_text("*.pyc")
    code, out, _ = run("init", str(tmp_path), "--dry-run")
    assert code == 0 and "would create: git repository" in out and not (tmp_path / ".git").exists()
    run("init", str(tmp_path))
    assert (tmp_path / "policyvc.toml").read_text() == "notice_days = 60\n"
    assert (tmp_path / ".gitignore").read_text() == "*.pyc\n.policyvc/cache/\n"
    code, out, _ = run("init", str(tmp_path))
    assert code == 0 and "already a policy repository" in out


def test_commit_dry_run_prints_the_message_and_writes_nothing(
    legal_repo: Path, vocalcom: dict[str, Path]
) -> None:
    source = str(vocalcom["md"])
    code, out, _ = run("commit", "privacy", "--from", source, "--effective", "2013-05-23", "--dry-run")
    assert code == 0 and "would record privacy 1.0.0" in out and "Policy-Version: 1.0.0" in out
    assert not (legal_repo / "policies" / "privacy.md").exists()
    assert not git.Repo(legal_repo).head.is_valid()


def test_identical_text_says_so_and_exits_zero(legal_repo: Path, vocalcom: dict[str, Path]) -> None:
    run("commit", "privacy", "--from", str(vocalcom["md"]), "--effective", "2013-05-23")
    code, out, _ = run("commit", "privacy", "--effective", "2014-01-01")
    assert code == 0 and "identical to privacy@1.0.0" in out
    assert len(list(git.Repo(legal_repo).iter_commits())) == 1


def test_diff_git_forms_and_log_of_every_policy(
    legal_repo: Path, vocalcom: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    run("commit", "privacy", "--from", str(vocalcom["md"]), "--effective", "2013-05-23")
    at(monkeypatch, "2026-02-01T09:00:00+00:00")
    (legal_repo / "terms.md").write_text("# Terms\n\nBe nice.\n", encoding="utf-8")
    run("commit", "terms", "--from", "terms.md", "--effective", "2026-02-01")
    code, out, _ = run("log", "--format", "json")
    assert code == 0 and sorted(v["policy"] for v in json.loads(out)) == ["privacy", "terms"]

    policy = legal_repo / "policies" / "privacy.md"
    policy.write_text(policy.read_text(encoding="utf-8") + f"\n{SOLD}\n", encoding="utf-8")
    code, out, _ = run("diff", "privacy", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["summary"]["classification"] == "material"
    assert SOLD.split(" to ")[0] in out
    code, out, _ = run("diff", "--base", "privacy/v1.0.0", "--format", "json")
    assert code == 0
    compared = [(p["old"], p["new"]) for p in json.loads(out)["policies"]]
    assert compared == [
        ("privacy/v1.0.0:policies/privacy.md", "policies/privacy.md"),
        ("privacy/v1.0.0:policies/terms.md", "policies/terms.md"),
    ]


def test_a_failing_post_commit_hook_is_a_warning_on_stderr_and_exit_0(
    legal_repo: Path, vocalcom: dict[str, Path]
) -> None:
    hook = legal_repo / ".git" / "hooks" / "post-commit"
    hook.write_text("#!/bin/sh\necho 'posting to the legal channel'\necho 'no route to chat' >&2\nexit 2\n")
    hook.chmod(0o755)
    code, out, err = run(
        "commit", "privacy", "--from", str(vocalcom["md"]), "--effective", "2013-05-23", "--format", "json"
    )
    assert code == 0
    recorded = json.loads(out)  # the hook's output never reaches stdout
    assert recorded["status"] == "committed" and recorded["warnings"]
    assert "posting to the legal channel\nno route to chat\n" in err
    warning = [line for line in err.splitlines() if line.startswith("policyvc: warning: ")]
    assert len(warning) == 1 and "post-commit hook failed (exit 2): no route to chat" in warning[0]
    assert git.Repo(legal_repo).git.tag("--list") == "privacy/v1.0.0"
