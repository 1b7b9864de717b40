"""A real SMTP server on 127.0.0.1 (aiosmtpd) collecting messages; it can drop the connection mid-batch."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Collector:
    """Keeps every accepted message; after `accept_limit` messages it closes the connection instead."""

    accept_limit: int | None = None
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    refuse: tuple[str, ...] = ()  # recipients answered with 550

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.accept_limit is not None and len(self.messages) >= self.accept_limit:
            server.transport.close()  # the fault a real server can produce: the line goes dead mid-batch
            return "421 closing"
        parsed = email.message_from_bytes(envelope.content, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.envelopes.append((envelope.mail_from, tuple(envelope.rcpt_tos)))
        return "250 OK"

    def recipients(self) -> list[str]:
        return [rcpt for _, rcpts in self.envelopes for rcpt in rcpts]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(collector: Collector, *, password: str | None = None) -> Iterator[str]:
    """Run the server for the duration of the block; yields its `smtp://127.0.0.1:PORT` URL."""
    kwargs: dict[str, Any] = {}
    if password is not None:

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and data.password.decode() == password
            if ok:
                collector.logins.append(data.login.decode())
            return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

        kwargs = {"authenticator": authenticate, "auth_require_tls": False, "auth_required": True}
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}"
    finally:
        controller.stop()
