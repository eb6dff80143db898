"""Talk to Pagefind's indexing service (`pagefind --service`): pages in, a bundle out.

The service is the protocol that Pagefind's own Python API (`pagefind` on PyPI)
speaks: each request is JSON `{"message_id": n, "payload": {...}}`, base64
encoded and ended by a comma on the service's stdin; each response comes back the
same way on its stdout. That package is asyncio and reads one response every
100 ms (`_wait_for_responses` sleeps 0.1 s per message in 1.5.2), which makes
11,000 pages take 18 minutes; this client sends a request and reads its answer
at once, so the pages go in in the order given, and the index with them
(Pagefind numbers pages in the order it is given them).
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import IO, Any

from ..failures import Failure


class ServiceError(Failure):
    """The Pagefind service failed or stopped; the message says what it said."""

    hint = "if the disk is full, free some space; then build again, which redoes the index"


class PagefindService:
    """One running `pagefind --service` process; use it in a `with` block, which stops it."""

    def __init__(self, executable: Path) -> None:
        self._log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log
        )
        self._sent = 0
        self._pending = bytearray()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the service (its stdin closed, it exits); kill it if it does not within 10 s."""
        assert self._process.stdin is not None
        try:
            self._process.stdin.close()
            self._process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        self._log.close()

    def new_index(self, language: str) -> int:
        """A new, empty index whose pages are all in `language` (ISO 639-1); its id."""
        config = {"force_language": language, "keep_index_url": True}
        index: int = self.send({"type": "NewIndex", "config": config})["index_id"]
        return index

    def add_html(self, index: int, url: str, html: str) -> None:
        """Index one page's HTML, which readers find at `url` (from the root: '/claims/a/b/index.html')."""
        self.send({"type": "AddFile", "index_id": index, "url": url, "file_contents": html})

    def files(self, index: int) -> dict[str, bytes]:
        """The files of the index's bundle by their path in it ('pagefind.js', 'fragment/en_….pf_fragment');
        the index is then dropped from memory.

        The files are taken and written by the caller: with `WriteFiles`, the service of 1.5.2 may
        answer before it has written them all (a build then found pagefind-entry.json empty).
        """
        answer = self.send({"type": "GetFiles", "index_id": index})
        self.send({"type": "DeleteIndex", "index_id": index})
        try:
            return {str(f["path"]): base64.b64decode(f["content"]) for f in answer["files"]}
        except (KeyError, TypeError, ValueError) as exc:
            raise ServiceError(f"the Pagefind service answered files in an unknown form: {exc}") from exc

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send one request and return its answer's payload; ServiceError if it is an error or none."""
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode()
        stdin = self._process.stdin
        assert stdin is not None
        try:
            stdin.write(base64.b64encode(message) + b",")
            stdin.flush()
        except OSError as exc:
            raise ServiceError(f"the Pagefind service stopped: {self._said() or exc}") from exc
        response = self._receive()
        answer: dict[str, Any] = response.get("payload") or {}
        if answer.get("type") == "Error" or response.get("message_id") != self._sent:
            raise ServiceError(f"the Pagefind service failed: {answer.get('message') or answer}")
        return answer

    def _receive(self) -> dict[str, Any]:
        stdout = self._process.stdout
        assert stdout is not None
        end = self._pending.find(b",")
        while end < 0:
            searched = len(self._pending)
            chunk = os.read(stdout.fileno(), 1 << 20)
            if not chunk:
                raise ServiceError(f"the Pagefind service stopped: {self._said() or 'no answer'}")
            self._pending += chunk
            end = self._pending.find(b",", searched)
        line = bytes(self._pending[:end])
        del self._pending[: end + 1]
        try:
            response: dict[str, Any] = json.loads(base64.b64decode(line))
        except ValueError as exc:
            raise ServiceError(f"the Pagefind service answered something unreadable: {line[:80]!r}") from exc
        return response

    def _said(self) -> str:
        """What the service wrote on stderr, if anything (its last 2,000 characters)."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()[-2000:]
