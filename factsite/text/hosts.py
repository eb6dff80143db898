"""Hosts of links and e-mail domains: accepted only when browsers and the Nu checker read them as written.

A browser reads the host of an http(s) URL with the host parser of the WHATWG
URL Standard (https://url.spec.whatwg.org/#host-parsing), and the Nu HTML
checker validates every href the same way. A host is accepted here when that
parser reads it without a validation error, and as DNS allows it:

- `[...]` is an IPv6 address (RFC 4291, read by `ipaddress`) without a zone id
  (`%eth0`), which no URL may carry;
- a host whose last part is a number (the standard's "ends in a number", `0x`
  forms included) is an IPv4 address, written as the standard's valid
  IPv4-address string: four decimal numbers from 0 to 255 without leading
  zeros, and no dot after the last;
- any other host is a domain name. Characters outside ASCII are mapped by
  UTS #46 and each label made ASCII (IDNA 2008, by the `idna` package). An
  ASCII label is letters, digits, '-' and '_'; one that starts `xn--` (an ACE
  label) must decode to a valid label (`idna.ulabel`). In ASCII, a label holds
  at most 63 bytes and the host at most 253, leaving out one final dot (RFC
  1034, as UTS #46 VerifyDnsLength counts).

A host may hold no %-escape: the standard decodes escapes before all of this,
so `%65xample.org` would be `example.org`, and a reader of the file could not
tell. Hosts are refused, never changed, except that `to_ascii` writes a domain
name outside ASCII in punycode.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from dataclasses import dataclass

import idna

from ..errors import printable

LABEL = re.compile(r"[A-Za-z0-9_-]+")  # one label of an ASCII host name (as browsers take them)
IPV4 = "write an IPv4 address as four decimal numbers from 0 to 255, like 192.0.2.1"
NOT_IPV4 = "a domain name ends in letters, like .org; " + IPV4
DOMAIN = "a domain name ends in letters, like .org: write it as name@example.org"
DIGITS = {8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}
COPY = "copy the address again from the browser's address bar, or write the name in its own letters"


@dataclass(frozen=True)
class Problem:
    """Why an address cannot be published: `reason` follows the address in a message."""

    reason: str  # e.g. "is not an http(s) link"
    hint: str


class HostError(ValueError):
    """A host that is refused, with the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def problem(host: str) -> Problem | None:
    """Why `host`, as written between '//' and the port, is no host that a link may carry, or None."""
    try:
        to_ascii(host)
    except HostError as exc:
        return exc.problem
    return None


def domain_problem(domain: str) -> Problem | None:
    """Why `domain`, as written after the '@' of an e-mail address, is no domain name, or None:
    the rule of `problem`, and no IP address either."""
    shown = f"has a domain '{printable(domain)}'"
    if domain.startswith("["):
        return Problem(f"{shown} that is an IP address", DOMAIN)
    if _ends_in_a_number(domain.removesuffix(".").split(".")):
        return Problem(f"{shown} that ends in a number, so it is no domain name", DOMAIN)
    try:
        to_ascii(domain, "domain")
    except HostError as exc:
        return exc.problem
    return None


def to_ascii(host: str, what: str = "host") -> str:
    """The host in ASCII: an IP address or an ASCII name as written, a name with
    other characters in punycode, label by label. Raises HostError for a host that
    `problem` refuses."""
    shown = f"{what} '{printable(host)}'"
    if host.startswith("["):
        return _ipv6(host, shown)
    if "%" in host:
        raise HostError(Problem(f"has a '%' in its {shown}", _unescaped_hint(host)))
    if " " in host:
        raise HostError(Problem(f"has a space in its {what}", f"remove the space from the {what} name"))
    try:
        mapped = host if host.isascii() else idna.uts46_remap(host, std3_rules=True, transitional=False)
    except (idna.IDNAError, UnicodeError) as exc:
        raise HostError(
            Problem(f"has a {shown} that is not a domain name ({printable(str(exc))})", COPY)
        ) from None
    labels = mapped.split(".")
    final_dot = len(labels) > 1 and labels[-1] == ""
    labels = labels[:-1] if final_dot else labels
    if "" in labels:
        raise HostError(Problem(f"has a {shown} with an empty part between dots", "remove the extra dot"))
    if _ends_in_a_number(labels):
        return _ipv4(labels, final_dot, shown)
    return _domain(labels, shown) + ("." if final_dot else "")


def _ipv6(host: str, shown: str) -> str:
    hint = "write the address as [2001:db8::1]"
    if "%" in host:
        zone = host[host.index("%") :].rstrip("]")
        raise HostError(
            Problem(
                f"has a zone id '{printable(zone)}' in its IPv6 {shown}",
                "remove the zone id, from '%' to ']': a link cannot name a network interface",
            )
        )
    try:
        ipaddress.IPv6Address(host[1:-1] if host.endswith("]") else "?")
    except ValueError:
        raise HostError(Problem(f"has an invalid IPv6 {shown}", hint)) from None
    return host


def _unescaped_hint(host: str) -> str:
    decoded = urllib.parse.unquote(host, errors="replace")
    if decoded != host and problem(decoded) is None:
        return f"write the host as plain text: '{printable(decoded)}'"
    return "remove the '%' from the host name"


def _ends_in_a_number(labels: list[str]) -> bool:
    """The URL Standard's "ends in a number", for labels without the final dot's empty one."""
    last = labels[-1]
    return bool(last) and ((last.isascii() and last.isdigit()) or _ipv4_number(last) is not None)


def _ipv4_number(part: str) -> tuple[int, bool] | None:
    """The URL Standard's IPv4 number parser: the number and whether it was written
    other than in decimal (hex `0x..`, octal `0..`), or None for no number."""
    digits, radix = part, 10
    if part[:2] in ("0x", "0X"):
        digits, radix = part[2:], 16
    elif len(part) > 1 and part.startswith("0"):
        digits, radix = part[1:], 8
    if not digits:
        return (0, radix != 10) if part else None
    if any(c not in DIGITS[radix] for c in digits):
        return None
    return int(digits, radix), radix != 10


def _ipv4(parts: list[str], final_dot: bool, shown: str) -> str:
    """An IPv4 address in its one valid form, or a HostError that says what is wrong."""
    numbers = [_ipv4_number(part) for part in parts]
    bad = next((part for part, number in zip(parts, numbers, strict=True) if number is None), None)
    if bad is not None:
        reason = (
            "whose last part is a number, so browsers read it as an IPv4 address, "
            f"and '{printable(bad)}' is not a number"
        )
        raise HostError(Problem(f"has a {shown} {reason}", NOT_IPV4))
    count = f"{len(parts)} part{'s' if len(parts) > 1 else ''}"
    if len(parts) > 4:
        raise HostError(Problem(f"has an IPv4 {shown} of {count}, not 4", IPV4))
    odd = next((p for p, n in zip(parts, numbers, strict=True) if n and n[1]), None)
    if odd is not None:
        where = f"a part written in hexadecimal, in octal or with a leading zero ('{odd}')"
        raise HostError(Problem(f"has an IPv4 {shown} with {where}", IPV4))
    if len(parts) < 4:
        raise HostError(Problem(f"has an IPv4 {shown} of {count}, not 4", IPV4))
    big = next((p for p, n in zip(parts, numbers, strict=True) if n and n[0] > 255), None)
    if big is not None:
        raise HostError(Problem(f"has an IPv4 {shown} with a part greater than 255 ('{big}')", IPV4))
    if final_dot:
        raise HostError(
            Problem(f"has an IPv4 {shown} that ends in a dot", "remove the dot after the last number")
        )
    return ".".join(parts)


def _domain(labels: list[str], shown: str) -> str:
    """The ASCII form of a domain name's labels, joined; a HostError for a bad label or length."""
    written = [_ascii_label(label, shown) for label in labels]
    long = next((label for label in written if len(label) > 63), None)
    if long is not None:
        reason = f"with a part of {len(long)} characters between dots, more than 63"
        raise HostError(Problem(f"has a {shown} {reason}", "check the address: " + COPY))
    name = ".".join(written)
    if len(name) > 253:
        reason = f"of {len(name)} characters, more than 253"
        raise HostError(Problem(f"has a {shown} {reason}", "check the address: " + COPY))
    return name


def _ascii_label(label: str, shown: str) -> str:
    try:
        if not label.isascii():
            return idna.alabel(label).decode("ascii")
        if label[:4].lower() == "xn--":
            idna.ulabel(label)
    except (idna.IDNAError, UnicodeError) as exc:
        detail = printable(str(exc))
        reason = f"whose part '{printable(label)}' is not a valid internationalised name ({detail})"
        raise HostError(Problem(f"has a {shown} {reason}", COPY)) from None
    if not LABEL.fullmatch(label):
        bad = next(c for c in label if not LABEL.fullmatch(c))
        reason = f"with a character that no host name holds ('{printable(bad)}')"
        raise HostError(
            Problem(f"has a {shown} {reason}", "a host name holds letters, digits, '-' and '_', between dots")
        )
    return label
