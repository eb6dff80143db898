"""Errors, never tracebacks: a failure of the disk, the folders, the environment or the program
exits 3 with one message naming the file and a log holding the traceback, and the last site is
left byte for byte as it was. Usage errors (a bad SOURCE_DATE_EPOCH, --root, --out) exit 2 and
create nothing."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pathlib
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factsite.cli.main import main
from factsite.failures import LOG_NAME, about, explain, hint_for
from factsite.search import pagefind as search
from factsite.write.writer import source_date_epoch
from tests.conftest import REPO

CLAIM = "content/claims/city-budget/roads-fell-again.yaml"


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(root: Path, out: Path) -> int:
    return main(["--root", str(root), "build", "--out", str(out)])


def edit(root: Path) -> None:
    """A change that the next build must write: one claim's rating."""
    path = root / CLAIM
    path.write_text(path.read_text("utf-8").replace("status: unverified", "status: accurate"), "utf-8")


def leftovers(folder: Path) -> list[str]:
    """Temporary folders a build left beside its output (but the spare site that the next build
    makes the new one, spare.py)."""
    return sorted(
        p.name for p in folder.iterdir() if p.name.startswith(".") and not p.name.endswith(".spare")
    )


@pytest.fixture
def built(site_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site built once into tmp_path/out, its content then edited, with a state key of its own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    edit(site_root)
    return out


# --- exit 3: one message, the traceback in a log ---------------------------------------------------


def test_a_bug_exits_3_naming_where_and_logging_the_traceback(
    site_root: Path, built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(built)

    def broken(*args: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("factsite.build.incremental.plan_site", broken)
    capsys.readouterr()
    assert build(site_root, built) == 3
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: division by zero (at factsite/build/incremental.py:" in err
    assert "this is a bug in build.py" in err
    assert f"the details are in {site_root / LOG_NAME}" in err
    assert f"The site in {built} was left as it was." in err
    assert "Traceback" not in err
    log = (site_root / LOG_NAME).read_text("utf-8")
    assert "Traceback (most recent call last)" in log and "ZeroDivisionError" in log
    assert digest(built) == before
    assert leftovers(built.parent) == []


def test_the_log_is_never_written_through_a_planted_link(
    site_root: Path, built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site's folder may come from a pull request: its link must not aim the log at another file."""
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (site_root / LOG_NAME).symlink_to(precious)
    monkeypatch.setattr("factsite.build.incremental.plan_site", lambda *a: 1 / 0)
    logs: list[Path] = []
    monkeypatch.setattr("factsite.failures._open_temporary", _recording_temporary(tmp_path, logs))
    assert build(site_root, built) == 3
    assert precious.read_text() == "keep me"
    assert len(logs) == 1 and "ZeroDivisionError" in logs[0].read_text()


def _recording_temporary(tmp_path: Path, logs: list[Path]) -> Callable[[Path], tuple[int, Path]]:
    def open_temporary(root: Path) -> tuple[int, Path]:
        path = tmp_path / f"log-{len(logs)}.log"
        logs.append(path)
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), path

    return open_temporary


# --- a full disk -------------------------------------------------------------------------------------


@pytest.fixture
def disk_full_after(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], None]:
    """Make every file write after the first `n` fail as on a full disk: pages, links, copies."""

    def arm(n: int) -> None:
        left = [n]

        def guard(call: Callable[..., object]) -> Callable[..., object]:
            def write(*args: object, **kwargs: object) -> object:
                left[0] -= 1
                if left[0] < 0:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return call(*args, **kwargs)

            return write

        monkeypatch.setattr(pathlib.Path, "write_bytes", guard(pathlib.Path.write_bytes))
        monkeypatch.setattr(pathlib.Path, "write_text", guard(pathlib.Path.write_text))
        monkeypatch.setattr(os, "link", guard(os.link))

    return arm


@pytest.mark.parametrize("writes", [0, 1, 5, 20])
def test_a_full_disk_on_the_first_build_writes_nothing(
    site_root: Path,
    tmp_path: Path,
    writes: int,
    disk_full_after: Callable[[int], None],
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    disk_full_after(writes)
    assert build(site_root, out) == 3
    err = capsys.readouterr().err
    assert "No space left on device" in err and "hint: the disk is full" in err
    assert f"Nothing was written to {out}." in err
    assert "Traceback" not in err
    assert not out.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("writes", [0, 1, 5, 20])
def test_a_full_disk_on_a_later_build_leaves_the_last_site(
    site_root: Path,
    built: Path,
    tmp_path: Path,
    writes: int,
    disk_full_after: Callable[[int], None],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = digest(built)
    capsys.readouterr()
    disk_full_after(writes)
    assert build(site_root, built) == 3
    err = capsys.readouterr().err
    assert f"{built.parent}/" in err and "No space left on device" in err  # names the file
    assert f"The site in {built} was left as it was." in err and "Traceback" not in err
    assert digest(built) == before
    assert leftovers(tmp_path) == []
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    assert build(site_root, built) == 0  # space again: the edit is built
    assert digest(built) == digest_of_clean_build(site_root, tmp_path / "clean")


def digest_of_clean_build(root: Path, out: Path) -> dict[str, str]:
    assert build(root, out) == 0
    return digest(out)


def fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """Pagefind's bundle replaced by what a shell script writes instead ("$1" is the bundle's folder)."""

    def damaging(folder: Path, files: dict[str, bytes]) -> None:
        subprocess.run(["sh", "-ec", script, "sh", str(folder)], check=True)

    monkeypatch.setattr(search, "_write_files", damaging)


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ('mkdir -p "$1"; : > "$1/pagefind-entry.json"', "pagefind-entry.json is empty"),
        ('mkdir -p "$1"; printf \'{"langu\' > "$1/pagefind-entry.json"', "pagefind-entry.json is cut short"),
        ('mkdir -p "$1"', "pagefind-entry.json is missing"),
        (
            'mkdir -p "$1"; echo \'{"languages":{"en":{"hash":"en_1"}}}\' > "$1/pagefind-entry.json"; '
            ': > "$1/pagefind.en_1.pf_meta"',
            "pagefind.en_1.pf_meta is empty",
        ),
        (
            'mkdir -p "$1"; echo \'{"languages":{"en":{"hash":"en_1"}}}\' > "$1/pagefind-entry.json"; '
            'printf "\\037\\213\\010" > "$1/pagefind.en_1.pf_meta"',
            "pagefind.en_1.pf_meta is cut short or damaged",
        ),
    ],
)
def test_an_empty_or_damaged_index_from_pagefind_is_reported(
    site_root: Path,
    built: Path,
    tmp_path: Path,
    script: str,
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On a full disk Pagefind exits 0 having written empty files; the build used to crash on them."""
    before = digest(built)
    fake_pagefind(tmp_path, monkeypatch, script)
    capsys.readouterr()
    assert build(site_root, built) == 3
    err = capsys.readouterr().err
    assert f"error: the search index Pagefind wrote cannot be read: {message}" in err
    assert "if the disk is full" in err and "Traceback" not in err
    assert digest(built) == before
    assert leftovers(tmp_path) == []


# --- a read-only output folder ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("patched", "number"),
    [
        ("tempfile.mkdtemp", errno.EROFS),  # the folder beside the output cannot take the new site
        ("os.link", errno.EACCES),  # an unchanged page cannot be linked into the new site
        ("factsite.write.swap.exchange", errno.EPERM),  # the new site cannot be swapped in
    ],
)
def test_an_output_folder_that_may_not_be_written_is_reported(
    site_root: Path,
    built: Path,
    patched: str,
    number: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Tests run as root, which chmod does not stop: the refusals are simulated where the OS gives them.
    test_a_read_only_file_system_is_reported (below) has the real one where it can mount one."""
    before = digest(built)

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number), str(built))

    monkeypatch.setattr(patched, refuse)
    capsys.readouterr()
    assert build(site_root, built) == 3
    err = capsys.readouterr().err
    assert f"{os.strerror(number)}" in err and str(built) in err and "Traceback" not in err
    assert ("read-only" if number == errno.EROFS else "permissions") in err
    monkeypatch.undo()
    assert digest(built) == before


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Callable[[str], Path]]:
    """A real tmpfs of a given size, mounted in tmp_path (root only; skipped where mount is refused)."""
    mounts: list[Path] = []

    def mount(options: str) -> Path:
        folder = tmp_path / f"disk{len(mounts)}"
        folder.mkdir()
        result = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False
        )
        if result.returncode != 0:
            pytest.skip(f"cannot mount a small file system here: {result.stderr.decode().strip()}")
        mounts.append(folder)
        return folder

    yield mount
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system needs root")
@pytest.mark.parametrize("free_kb", [0, 8, 64, 200])
def test_a_really_full_disk_leaves_the_last_site(
    site_root: Path,
    tmp_path: Path,
    free_kb: int,
    small_disk: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    disk = small_disk("size=4m")
    out = disk / "out"
    assert build(site_root, out) == 0
    before = digest(out)
    edit(site_root)
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize // 1024
    with contextlib.suppress(OSError):  # full already
        (disk / "filler").write_bytes(b"\0" * max(0, free - free_kb) * 1024)
    capsys.readouterr()
    status = build(site_root, out)
    assert status == 3 if free_kb <= 64 else status in (0, 3)  # with 200 KB free the edit may fit
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if "error:" in err:
        assert "disk is full" in err or "if the disk is full" in err
        assert digest(out) == before
    assert sorted(p.name for p in disk.iterdir() if p.name != ".out.spare") == ["filler", "out"]


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system needs root")
def test_a_read_only_file_system_is_reported(
    site_root: Path,
    tmp_path: Path,
    small_disk: Callable[[str], Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    disk = small_disk("size=4m")
    out = disk / "out"
    assert build(site_root, out) == 0
    before = digest(out)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    edit(site_root)
    capsys.readouterr()
    assert build(site_root, out) == 3
    err = capsys.readouterr().err
    assert f"{disk}/" in err and "Read-only file system" in err and "Traceback" not in err
    assert "hint: the file system is read-only" in err
    assert digest(out) == before


# --- SOURCE_DATE_EPOCH --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["abc", "", "-5", "99999999999999999999", "253402300800", " 12", "1.5", "١٢"]
)
def test_a_malformed_source_date_epoch_is_a_usage_error_that_builds_nothing(
    site_root: Path,
    built: Path,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = digest(built)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    capsys.readouterr()
    assert build(site_root, built) == 2
    err = capsys.readouterr().err
    assert f"error: SOURCE_DATE_EPOCH is {value!r}, which is not a time" in err
    assert "whole number of seconds since 1970-01-01 UTC, from 0 to 253402300799" in err
    assert digest(built) == before


def test_source_date_epoch_reaches_the_last_second_of_9999() -> None:
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "253402300799"}) == 253402300799
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "0"}) == 0
    assert source_date_epoch({}) is None


@pytest.mark.parametrize("value", ["0", "1700000000"])
def test_a_valid_source_date_epoch_sets_every_files_time(
    site_root: Path, tmp_path: Path, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "out"
    assert build(site_root, out) == 0
    assert {int(p.stat().st_mtime) for p in out.rglob("*")} == {int(value)}


# --- --root and --out ---------------------------------------------------------------------------------


def test_a_root_that_does_not_exist_is_a_usage_error_creating_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere"
    for command in (["build"], ["check"], ["coverage"], ["new", "a", "b"], ["linkcheck"]):
        assert main(["--root", str(missing), *command]) == 2
        assert f"--root {missing}: there is no such folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_root_without_site_toml_is_a_usage_error_creating_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--root", str(tmp_path), "build"]) == 2
    assert f"{tmp_path} holds no site.toml" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("site/content/x", "is inside {root}/content, which the build reads"),
        ("site/content", "is {root}/content, which the build reads"),
        ("site/content/claims/city-budget", "is inside {root}/content, which the build reads"),
        ("site", "holds the site's own folder"),
        (".", "holds the site's own folder"),
        ("site/site.toml", "is {root}/site.toml"),
        ("site/.factsite-cache/x", "is inside {root}/.factsite-cache"),
        ("file.txt", "is a file, not a folder"),
        ("file.txt/below", "is a file, not a folder"),
    ],
)
def test_an_out_folder_that_would_overwrite_an_input_is_a_usage_error_creating_nothing(
    site_root: Path, tmp_path: Path, out: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "file.txt").write_text("a file")
    listing = sorted(str(p) for p in tmp_path.rglob("*"))
    assert build(site_root, tmp_path / out) == 2
    err = capsys.readouterr().err
    assert message.format(root=site_root) in err and "choose a new folder of its own" in err
    assert sorted(str(p) for p in tmp_path.rglob("*")) == listing


def test_an_out_folder_holding_the_templates_is_refused(
    site_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsite.render.pages import TEMPLATES

    assert build(site_root, TEMPLATES.parent) == 2
    assert f"holds {TEMPLATES}, which the build reads" in capsys.readouterr().err
    assert build(site_root, TEMPLATES / "x") == 2
    assert not (TEMPLATES / "x").exists()


@pytest.mark.parametrize(
    "inside", ["factsite/out", "factsite", "factsite/__pycache__/x", "templates/x", "static/x"]
)
def test_an_out_folder_inside_the_tools_own_folders_is_a_usage_error_creating_nothing(
    site_root: Path, inside: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = REPO / inside
    existed = out.exists()
    try:
        assert build(site_root, out) == 2
        err = capsys.readouterr().err
        assert f"--out {out} is" in err and "which the build reads; choose a new folder" in err
        assert out.exists() == existed
    finally:
        if out.exists() and not existed:  # only if the test failed: never leave a site in the tool
            shutil.rmtree(out)


@pytest.mark.parametrize("kind", ["loop", "dangling"])
def test_an_out_link_that_leads_nowhere_is_a_usage_error(
    site_root: Path, tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.symlink_to(out.name if kind == "loop" else "nowhere")
    assert build(site_root, out) == 2
    assert f"--out {out} is a link that leads to no folder, or makes a loop" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_a_content_folder_that_loops_stops_build_as_a_content_error(
    site_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(site_root / "content")
    (site_root / "content").symlink_to("content")
    assert build(site_root, tmp_path / "out") == 1
    assert "content:1:1: this link makes a loop" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() and not (site_root / LOG_NAME).exists()


def test_a_bad_port_is_a_usage_error(site_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for port in ("0", "65536", "-1", "http"):
        with pytest.raises(SystemExit) as exited:
            main(["--root", str(site_root), "serve", "--port", port])
        assert exited.value.code == 2
        assert "is not a port number from 1 to 65535" in capsys.readouterr().err


SLOW_WRITER = """
import runpy, sys, time
import factsite.write.writer as write
real = write._write_files

def slow(staging, pages):
    real(staging, pages)
    print("wrote the pages", flush=True)
    time.sleep(60)

write._write_files = slow
sys.argv = {argv!r}
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def test_a_build_killed_while_writing_leaves_the_last_site(
    site_root: Path, built: Path, tmp_path: Path
) -> None:
    """`kill` (SIGTERM, as CI sends on cancel) in the middle of writing: the new site, half written
    beside the old one, is deleted; the old one was never touched."""
    before = digest(built)
    argv = [str(REPO / "build.py"), "--root", str(site_root), "build", "--out", str(built)]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg-cache")}
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER.format(argv=argv)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    )
    assert process.stdout is not None and process.stdout.readline() == "wrote the pages\n"
    assert leftovers(tmp_path) == [".out.lock", next(p.name for p in tmp_path.glob(".out.staging-*"))]
    assert digest(built) == before
    process.terminate()
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert f"interrupted. The site in {built} was left as it was." in err and "Traceback" not in err
    assert digest(built) == before
    assert leftovers(tmp_path) == []


def test_a_copy_that_failed_is_explained_with_its_files_and_the_reason(tmp_path: Path) -> None:
    error = shutil.Error([("static/a.css", "out/static/a.css", "[Errno 28] No space left on device")])
    message, hint = explain(error, tmp_path)
    assert message == "cannot copy static/a.css to out/static/a.css: [Errno 28] No space left on device"
    assert hint.startswith("the disk is full")


def test_a_failed_write_names_its_file(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised, about(tmp_path / "page.html"):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert explain(raised.value, tmp_path) == ("page.html: No space left on device", hint_for(errno.ENOSPC))


def test_a_content_file_that_may_not_be_read_is_named(
    site_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """As root, chmod does not stop reading: the refusal is simulated where the OS gives it."""
    real = pathlib.Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "roads-fell-again.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real(path)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    assert main(["--root", str(site_root), "check"]) == 3
    err = capsys.readouterr().err
    assert f"error: {CLAIM}: Permission denied" in err and "check the folder's permissions" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("closed", [1, 2])
@pytest.mark.parametrize(("where", "status"), [("site", 0), ("nowhere", 2)])
def test_a_command_started_with_its_output_closed_exits_with_its_own_status(
    site_root: Path, tmp_path: Path, closed: int, where: str, status: int
) -> None:
    """`python build.py >&-` or `2>&-`: Python has no sys.stdout (or stderr) then; red team F2."""
    root = site_root if where == "site" else tmp_path / "nowhere"
    command = [sys.executable, str(REPO / "build.py"), "--root", str(root), "build", "--no-search"]
    log = tmp_path / "log"
    with log.open("wb") as other:  # the one not closed
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=other if closed == 2 else None,
            stderr=other if closed == 1 else None,
            preexec_fn=lambda: os.close(closed),
        )
    assert result.returncode == status
    assert "Traceback" not in log.read_text("utf-8", "replace")


def test_an_error_on_a_file_descriptor_is_explained_without_its_number_as_a_path(tmp_path: Path) -> None:
    descriptor = os.open(tmp_path, os.O_RDONLY)
    with pytest.raises(OSError) as raised, open(descriptor, "rb") as folder:
        folder.read()  # IsADirectoryError, whose file name is the descriptor's number
    message, hint = explain(raised.value, tmp_path)
    assert message.endswith("Is a directory") and str(descriptor) not in message
    assert hint == hint_for(errno.EISDIR)
