"""The one error hierarchy. Library code raises these; cli.py turns them into one line and an exit code."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Documented in README.md ("Exit codes"). Keep the two in step."""

    OK = 0
    CHANGED = 1  # diff --exit-code found a substantive change; check: the gate failed
    USAGE = 2  # bad arguments or configuration (including rule packs)
    REPOSITORY = 3  # not a git repository, unknown revision or policy, locked index, failed hook
    INPUT = 4  # unreadable input: missing file, directory, binary, undecodable, wrong format
    DELIVERY = 5  # email could not be (fully) delivered; the send log says what went out
    INTERRUPTED = 130


class PolicyvcError(Exception):
    """Base class: a user-facing problem with one clear message and an exit code."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(PolicyvcError):
    exit_code = ExitCode.USAGE


class ConfigError(PolicyvcError):
    exit_code = ExitCode.USAGE


class RuleError(ConfigError):
    """An invalid rule pack: the message names the file, the rule and the field."""


class InputError(PolicyvcError):
    exit_code = ExitCode.INPUT


class RepositoryError(PolicyvcError):
    exit_code = ExitCode.REPOSITORY


class DeliveryError(PolicyvcError):
    exit_code = ExitCode.DELIVERY


class GateFailed(PolicyvcError):
    exit_code = ExitCode.CHANGED
