"""Outside addresses: refused at loading when they cannot be published, written in RFC 3986 form.

Every URL that comes from content or site.toml (an article's `url`, evidence
`url` and `archived_url`, links in Markdown, `base_url`, `organization.url`,
`repository.url`, the `contact` address) passes through this module twice:

- loading calls `problem` (or `address_problem`) and reports what cannot be
  fixed: another scheme than http(s), no host, a host that browsers would not
  read as written (an IPv4 address out of range, a bad ACE label: see
  hosts.py, which also checks the contact address's domain), a user name or
  password, a bad port, spaces around the address, a tab or line break inside
  it, a backslash where browsers would read a slash;
- every output calls `normalise` (or `mailto`), which writes what is legal but
  unencoded in RFC 3986 form: a space becomes %20, a character outside ASCII its
  UTF-8 bytes percent-encoded, a '%' that starts no escape %25, an IDN host
  punycode (IDNA 2008 with UTS #46 mapping, by the `idna` package). Escapes
  already present are kept as written, so `normalise` is idempotent.

Sources: RFC 3986 (URI syntax), RFC 6068 (mailto), RFC 5891 and UTS #46 (IDNA).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from . import hosts
from .hosts import Problem

SCHEMES = ("http", "https")
# The characters RFC 3986 lets stand unencoded, as bodies of regex character classes.
UNRESERVED = "A-Za-z0-9" + re.escape("-._~")
PATH = UNRESERVED + re.escape("!$&'()*+,;=:@/")  # pchar (unreserved, sub-delims, ':', '@') and '/'
QUERY = PATH + re.escape("?")  # a query or a fragment: pchar, '/' and '?'
SPLIT = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?P<rest>.*)", re.DOTALL)
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\U0010ffff-]+"  # RFC 5322 atext, RFC 6531 UTF-8
LOCAL_PART = re.compile(rf"{ATOM}(\.{ATOM})*")  # a dot-atom; quoted local parts are refused
MAILTO_SAFE = "!$'()*+,;:"  # RFC 6068 some-delims that may stand unencoded in an address
FULL_ADDRESS = "give the full address, like https://example.org/page"


@dataclass(frozen=True)
class Parts:
    """An http(s) URL split as RFC 3986 section 3 splits it; absent parts are None."""

    scheme: str
    host: str
    port: str | None
    path: str
    query: str | None
    fragment: str | None


def problem(url: str) -> Problem | None:
    """Why `url` cannot be a link from this site, or None when `normalise` can write it."""
    found = _text_problem(url)
    if found is None:
        split = SPLIT.fullmatch(url)
        if split is None or split["scheme"].lower() not in SCHEMES:
            return Problem(
                "is not an http(s) link", "give the full address, starting with http:// or https://"
            )
        if not split["rest"].startswith("//"):
            return Problem("has no '//' after its scheme", FULL_ADDRESS)
        found = _authority_problem(_authority(split["rest"][2:]))
    if found is None and "\\" in _path(url):
        return Problem("has a backslash in its path", "write '/' between the parts of the path")
    return found


def _text_problem(url: str) -> Problem | None:
    if url != url.strip():
        return Problem("has spaces before or after it", "remove the spaces around the address")
    if re.search(r"[\t\n\r]", url):
        return Problem("is broken over lines or holds a tab", "write the address on one line")
    bad = next((c for c in url if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None:
        return Problem(f"holds the control character U+{ord(bad):04X}", "copy the address again")
    return None


def _authority(after_slashes: str) -> str:
    return re.split(r"[/?#]", after_slashes, maxsplit=1)[0]


def _path(url: str) -> str:
    split = SPLIT.fullmatch(url)
    rest = split["rest"] if split else url
    rest = rest[2 + len(_authority(rest[2:])) :] if rest.startswith("//") else rest
    return re.split(r"[?#]", rest, maxsplit=1)[0]


def _authority_problem(authority: str) -> Problem | None:
    if "@" in authority:
        return Problem(
            "holds a user name or password (the part before '@')",
            "remove everything between '//' and '@': links may not carry credentials",
        )
    if "\\" in authority:
        return Problem("has a backslash in its host", "write '/' between the host and the path")
    host, port = _host_port(authority)
    if port is not None and port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return Problem(f"has an invalid port ':{port}'", "give a port from 0 to 65535, or none")
    if not host:
        return Problem("has no host", FULL_ADDRESS)
    return hosts.problem(host)


def _host_port(authority: str) -> tuple[str, str | None]:
    if authority.startswith("["):  # an IPv6 address; anything but ':port' after it is no port
        host, bracket, after = authority.partition("]")
        return host + bracket, after[1:] if after.startswith(":") else (after or None)
    host, colon, port = authority.rpartition(":")
    return (host, port) if colon else (authority, None)


def split(url: str) -> Parts | None:
    """The parts of an http(s) URL that `problem` accepts, or None."""
    if problem(url) is not None:
        return None
    found = SPLIT.fullmatch(url)
    assert found is not None
    rest = found["rest"][2:]
    authority = _authority(rest)
    rest, hash_mark, fragment = rest[len(authority) :].partition("#")
    path, question_mark, query = rest.partition("?")
    host, port = _host_port(authority)
    return Parts(
        found["scheme"].lower(),
        host,
        port or None,
        path,
        query if question_mark else None,
        fragment if hash_mark else None,
    )


@functools.lru_cache(maxsize=1 << 16)
def normalise(url: str) -> str:
    """`url` as it is published: RFC 3986 syntax, meaning unchanged (see the module's docstring).

    Never raises: an address that `problem` refuses (which loading reports) is
    percent-encoded as a whole, so that even then the output stays valid.
    """
    parts = split(url)
    if parts is None:  # one '#' starts the fragment, as in any URL; any later one is encoded
        before, hash_mark, fragment = url.partition("#")
        return encode(before, QUERY) + (f"#{encode(fragment, QUERY)}" if hash_mark else "")
    host = hosts.to_ascii(parts.host)
    text = f"{parts.scheme}://{host}"
    text += f":{parts.port}" if parts.port else ""
    text += encode(parts.path, PATH)
    text += f"?{encode(parts.query, QUERY)}" if parts.query is not None else ""
    return text + (f"#{encode(parts.fragment, QUERY)}" if parts.fragment is not None else "")


def encode(text: str, allowed: str) -> str:
    """Percent-encode (UTF-8, uppercase hex) every character of `text` outside `allowed`
    (a regex character class body), keeping escapes already made (%XX)."""
    return re.sub(rf"%[0-9A-Fa-f]{{2}}|[^{allowed}]", _escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if len(char) == 3:  # an escape already made
        return char
    return "".join(f"%{byte:02X}" for byte in char.encode("utf-8", "surrogatepass"))


def address_problem(address: str) -> Problem | None:
    """Why `address` is no e-mail address that a mailto: link can carry, or None."""
    local, at, domain = address.rpartition("@")
    if not at or not LOCAL_PART.fullmatch(local) or not domain:
        return Problem("is not an e-mail address", "write it as name@example.org")
    return hosts.domain_problem(domain)


def mailto(address: str, fields: Mapping[str, str]) -> str:
    """A mailto: link (RFC 6068) to `address` with header fields such as subject and body."""
    local, _, domain = address.rpartition("@")
    try:
        domain = hosts.to_ascii(domain, "domain")
    except hosts.HostError:  # refused at loading; encoded all the same
        domain = encode(domain, UNRESERVED)
    to = f"{urllib.parse.quote(local, safe=MAILTO_SAFE)}@{domain}"
    query = urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)
    return f"mailto:{to}?{query}" if query else f"mailto:{to}"
