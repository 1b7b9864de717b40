import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from policyvc import __version__
from policyvc.cli.app import PolicyvcGroup, app, choose_format
from policyvc.errors import ExitCode, InputError, RepositoryError, UsageError


def test_version_flag() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"policyvc {__version__}"


def _app_raising(exc: BaseException) -> typer.Typer:
    demo = typer.Typer(cls=PolicyvcGroup)

    @demo.command()
    def boom() -> None:
        raise exc

    @demo.command()
    def other() -> None:  # a second command so Typer keeps the group
        pass

    return demo


def test_policyvc_error_becomes_one_line_and_its_exit_code() -> None:
    result = CliRunner().invoke(_app_raising(InputError("x.md: no such file")), ["boom"])
    assert result.exit_code == ExitCode.INPUT
    assert result.stderr == "policyvc: x.md: no such file\n"
    assert "Traceback" not in result.output


def test_repository_error_exit_code() -> None:
    result = CliRunner().invoke(_app_raising(RepositoryError("not a git repository")), ["boom"])
    assert result.exit_code == ExitCode.REPOSITORY == 3


def test_a_bug_is_not_swallowed() -> None:
    result = CliRunner().invoke(_app_raising(ZeroDivisionError("bug")), ["boom"])
    assert result.exit_code == 1
    assert isinstance(result.exception, ZeroDivisionError)


def test_python_dash_m_runs_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "policyvc", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"policyvc {__version__}"


def test_choose_format_accepts_a_known_format_and_names_the_known_ones_otherwise() -> None:
    assert choose_format("json") == "json"
    assert choose_format("table", ("table", "json")) == "table"
    with pytest.raises(UsageError, match=r"^--format 'xml' is not known; use table or json$") as raised:
        choose_format("xml", ("table", "json"))
    assert raised.value.exit_code == ExitCode.USAGE
    with pytest.raises(UsageError):
        choose_format("JSON")  # formats are lower case, as the help lists them
