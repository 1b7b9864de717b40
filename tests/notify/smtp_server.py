"""A real SMTP server on 127.0.0.1 (aiosmtpd) collecting messages; it can drop the connection mid-batch."""

from __future__ import annotations

import email
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
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
    encrypted: list[bool] = field(default_factory=list)  # per accepted message: was the session under TLS

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
        self.encrypted.append(bool(getattr(session, "ssl", None)))
        return "250 OK"

    def recipients(self) -> list[str]:
        return [rcpt for _, rcpts in self.envelopes for rcpt in rcpts]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 made with the openssl command; trust it with SSL_CERT_FILE."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


@contextmanager
def smtp_server(
    collector: Collector,
    *,
    password: str | None = None,
    starttls: ssl.SSLContext | None = None,
    implicit_tls: ssl.SSLContext | None = None,
) -> Iterator[str]:
    """Run the server for the duration of the block; yields its URL (`smtp://` or `smtps://127.0.0.1:PORT`)."""
    kwargs: dict[str, Any] = {}
    if password is not None:

        def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
            ok = isinstance(data, LoginPassword) and data.password.decode() == password
            if ok:
                collector.logins.append(data.login.decode())
            return AuthResult(success=ok, handled=False)  # not handled: the server answers 535

        kwargs = {"authenticator": authenticate, "auth_require_tls": False, "auth_required": True}
    if starttls is not None:
        kwargs["tls_context"] = starttls
    port = free_port()
    controller = Controller(collector, hostname="127.0.0.1", port=port, ssl_context=implicit_tls, **kwargs)
    controller.start()
    try:
        yield f"{'smtps' if implicit_tls else 'smtp'}://127.0.0.1:{port}"
    finally:
        controller.stop()
