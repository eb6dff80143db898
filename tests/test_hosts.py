"""A link's host is accepted only as browsers and the Nu checker read it (WHATWG URL Standard):
the same rule for every url field, every Markdown link and the contact address."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factsite.cli.main import main
from factsite.errors import ContentError, ContentErrors
from factsite.load.content import load_site
from factsite.load.sources import _shorten
from factsite.text import hosts, markdown, weblinks
from factsite.text.characters import FORBIDDEN
from tests.test_html_validity import vnu_errors

Write = Callable[[str, str], Path]
CLAIM = "content/claims/city-budget/new-claim.yaml"
ARTICLE = "content/articles/city-budget.md"
CLAIMANT = "content/claimants/mayor.yaml"
PAGE = "content/pages/methodology.md"
IPV4 = "write an IPv4 address as four decimal numbers from 0 to 255, like 192.0.2.1"
NOT_IPV4 = "a domain name ends in letters, like .org; " + IPV4
COPY = "copy the address again from the browser's address bar, or write the name in its own letters"
LONG = "a" * 72

# The red-team finding's examples: (URL, the reason after it in the message, the hint).
FINDING = [
    (
        "http://999.999.999.999/",
        "has an IPv4 host '999.999.999.999' with a part greater than 255 ('999')",
        IPV4,
    ),
    (
        "https://example.123/",
        "has a host 'example.123' whose last part is a number, so browsers read it as an IPv4 address, "
        "and 'example' is not a number",
        NOT_IPV4,
    ),
    ("https://1.2.3.4.5/", "has an IPv4 host '1.2.3.4.5' of 5 parts, not 4", IPV4),
    (
        "http://0x7f.1/",
        "has an IPv4 host '0x7f.1' with a part written in hexadecimal, in octal or with a leading zero "
        "('0x7f')",
        IPV4,
    ),
    (
        "https://xn--a.example.org/",
        "has a host 'xn--a.example.org' whose part 'xn--a' is not a valid internationalised name "
        "(Codepoint U+0080 at position 1 of '\\x80' not allowed)",
        COPY,
    ),
    (
        f"https://{LONG}.org/",
        f"has a host '{LONG}.org' with a part of 72 characters between dots, more than 63",
        "check the address: " + COPY,
    ),
    (
        "http://[fe80::1%eth0]/x",
        "has a zone id '%eth0' in its IPv6 host '[fe80::1%eth0]'",
        "remove the zone id, from '%' to ']': a link cannot name a network interface",
    ),
]


def errors_of(root: Path) -> list[ContentError]:
    with pytest.raises(ContentErrors) as caught:
        load_site(root)
    return list(caught.value.errors)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def quoted(url: str) -> str:
    """A url field's value as a message quotes it: as written, cut at 60 characters."""
    return f"'{url}'" if len(url) <= 58 else f"'{url[:58]}…"


def claim_with(url: str) -> str:
    return f"""\
claim: Spending on roads fell.
passage:
  quote: Spending on roads fell.
claimant: the-article
status: unverified
summary: Not checked.
explanation: |
  See [the report]({url}), <{url}> and [the record][rec].

  [rec]: {url}
evidence:
  - title: A report
    publisher: City Council
    url: '{url}'
    archived_url: '{url}'
checked_on: 2024-03-06
topics: [budget]
"""


@pytest.mark.parametrize(("url", "reason", "hint"), FINDING)
def test_each_host_of_the_finding_is_refused_wherever_a_url_is_written(
    site_root: Path, write: Write, url: str, reason: str, hint: str
) -> None:
    """An article's url, evidence url and archived_url, a claimant's url, and links in Markdown
    (inline, autolink, reference definition) in an explanation and in a page: each reported at its
    own line and column, quoted as written, with the same reason and hint."""
    claim = write(CLAIM, claim_with(url)).read_text("utf-8")
    article = site_root / ARTICLE
    text = article.read_text("utf-8").replace('"https://news.example.org/city-budget"', f"'{url}'")
    article.write_text(text, "utf-8")
    claimant = write(CLAIMANT, f"name: The mayor\nkind: person\nrole: Mayor\nurl: '{url}'\n").read_text()
    page = (site_root / PAGE).read_text("utf-8").replace("https://standards.example.org/", url)
    write(PAGE, page)
    link = f"link '{url}' {reason}"
    field = quoted(url)
    expected = {
        (ARTICLE, *at(text, f"'{url}'"), f"url: {field} {reason}", hint),
        (CLAIM, *at(claim, url, 0), f"explanation: {link}", f"{hint}; cite other articles under evidence"),
        (CLAIM, *at(claim, url, 1), f"explanation: {link}", f"{hint}; cite other articles under evidence"),
        (CLAIM, *at(claim, url, 2), f"explanation: {link}", f"{hint}; cite other articles under evidence"),
        (CLAIM, *at(claim, f"'{url}'", 0), f"{field} {reason}", hint),
        (CLAIM, *at(claim, f"'{url}'", 1), f"{field} {reason}", hint),
        (CLAIMANT, *at(claimant, f"'{url}'"), f"url: {field} {reason}", hint),
        (PAGE, *at(page, url), link, hint),
    }
    found = {(e.path, e.line, e.col, e.message, e.hint) for e in errors_of(site_root)}
    assert found == expected


def replace_in(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, (relative, old)
    path.write_text(text.replace(old, new), "utf-8")


@pytest.mark.parametrize(("url", "reason", "hint"), FINDING)
def test_each_host_of_the_finding_is_refused_as_the_organisation_url(
    site_root: Path, url: str, reason: str, hint: str
) -> None:
    replace_in(site_root, "site.toml", 'url = "https://checks.example.org/"', f'url = "{url}"')
    [error] = errors_of(site_root)
    assert (error.path, error.line, error.hint) == ("site.toml", 8, hint)
    written = _shorten(f'"{url}"')  # as site.toml writes it, a long value cut short
    assert error.message == f"organization.url: {written} {reason}"


@pytest.mark.parametrize(
    ("old", "new", "message", "hint"),
    [
        (
            'base_url = "https://checks.example.org/sub/"',
            'base_url = "https://example.123/"',
            f'base_url: "https://example.123/" {FINDING[1][1]}',
            NOT_IPV4,
        ),
        (
            'language = "en"',
            'language = "en"\ncontact = "a@xn--a.org"',
            'contact: "a@xn--a.org" '
            "has a domain 'xn--a.org' whose part 'xn--a' is not a valid "
            "internationalised name (Codepoint U+0080 at position 1 of '\\x80' not allowed)",
            COPY,
        ),
        (
            'language = "en"',
            'language = "en"\ncontact = "a@example.123"',
            'contact: "a@example.123" '
            "has a domain 'example.123' that ends in a number, "
            "so it is no domain name",
            "a domain name ends in letters, like .org: write it as name@example.org",
        ),
        (
            'language = "en"',
            'language = "en"\ncontact = "a@[192.0.2.1]"',
            "contact: \"a@[192.0.2.1]\" has a domain '[192.0.2.1]' that is an IP address",
            "a domain name ends in letters, like .org: write it as name@example.org",
        ),
        (
            'language = "en"',
            'language = "en"\ncontact = "a@192.0.2.1"',
            'contact: "a@192.0.2.1" '
            "has a domain '192.0.2.1' that ends in a number, so it is no domain name",
            "a domain name ends in letters, like .org: write it as name@example.org",
        ),
    ],
)
def test_base_url_and_contact_hosts_follow_the_same_rule(
    site_root: Path, old: str, new: str, message: str, hint: str
) -> None:
    replace_in(site_root, "site.toml", old, new)
    [error] = errors_of(site_root)
    assert (error.path, error.message, error.hint) == ("site.toml", message, hint)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://%65xample.org/", "has a '%' in its host '%65xample.org'"),
        ("https://ex%41mple.org/", "has a '%' in its host 'ex%41mple.org'"),
        ("https://a..b/", "has a host 'a..b' with an empty part between dots"),
        ("https://.example.org/", "has a host '.example.org' with an empty part between dots"),
        ("https://example.org../", "has a host 'example.org..' with an empty part between dots"),
        ("https://./", "has a host '.' with an empty part between dots"),
        ("https://example.org:99999/", "has an invalid port ':99999'"),
        ("https://XN--A.example.org/", "whose part 'XN--A' is not a valid internationalised name"),
        ("https://ｘｎ－－ａ.org/", "whose part 'xn--a' is not a valid internationalised name"),
        ("https://xn--abc.example/", "whose part 'xn--abc' is not a valid internationalised name"),
        ("https://xn--ss-.example/", "whose part 'xn--ss-' is not a valid internationalised name"),
        ("https://xn--.example/", "whose part 'xn--' is not a valid internationalised name"),
        ("https://٣.example/", "whose part '٣' is not a valid internationalised name"),
        ("http://127.1/", "has an IPv4 host '127.1' of 2 parts, not 4"),
        ("http://2130706433/", "has an IPv4 host '2130706433' of 1 part, not 4"),
        ("http://1.2.3.4./", "has an IPv4 host '1.2.3.4.' that ends in a dot"),
        ("http://01.2.3.4/", "with a part written in hexadecimal, in octal or with a leading zero ('01')"),
        ("http://1.2.3.0x4/", "with a part written in hexadecimal, in octal or with a leading zero ('0x4')"),
        ("http://256.1.1.1/", "with a part greater than 255 ('256')"),
        ("http://1..2.3/", "has a host '1..2.3' with an empty part between dots"),
        ("https://example.0x1/", "and 'example' is not a number"),
        ("https://example.09/", "and 'example' is not a number"),
        ("https://a.0X10/", "and 'a' is not a number"),
        ("https://bücher.１２３/", "and 'bücher' is not a number"),
        ("https://a*b.example/", "with a character that no host name holds ('*')"),
        ("https://a\u2488.example/", "has a host 'a\u2488.example' that is not a domain name"),
        ("https://" + ".".join(["a" * 63] * 4) + "/", "of 255 characters, more than 253"),
        ("https://" + "ü" * 60 + ".example/", "is not a valid internationalised name"),
        ("http://[fe80::1%25eth0]/x", "has a zone id '%25eth0' in its IPv6 host"),
        ("http://[::1.2.3.04]/", "has an invalid IPv6 host '[::1.2.3.04]'"),
        ("http://[1:2:3:4:5:6:7:8:9]/", "has an invalid IPv6 host"),
        ("http://[v1.x]/", "has an invalid IPv6 host"),
    ],
)
def test_other_hosts_of_the_kind_are_refused(url: str, reason: str) -> None:
    found = weblinks.problem(url)
    assert found is not None and reason in found.reason and found.hint


def test_a_percent_escaped_host_is_told_how_to_write_it() -> None:
    found = weblinks.problem("https://%65xample.org/")
    assert found is not None and found.hint == "write the host as plain text: 'example.org'"


# Hosts that browsers and the Nu checker read as written, and how each is published.
ACCEPTED = [
    ("https://EXAMPLE.ORG/upper", "https://EXAMPLE.ORG/upper"),
    ("https://example.org./final-dot", "https://example.org./final-dot"),
    ("https://xn--bcher-kva.example/ace", "https://xn--bcher-kva.example/ace"),
    ("https://XN--BCHER-KVA.example/ACE", "https://XN--BCHER-KVA.example/ACE"),
    ("https://xn--zca.example/sharp-s", "https://xn--zca.example/sharp-s"),
    ("https://bücher.example/idn", "https://xn--bcher-kva.example/idn"),
    ("https://１２７.０.０.１/fullwidth", "https://127.0.0.1/fullwidth"),
    ("http://192.0.2.1/", "http://192.0.2.1/"),
    ("http://255.255.255.255:8080/", "http://255.255.255.255:8080/"),
    ("http://0.0.0.0/", "http://0.0.0.0/"),
    ("http://[2001:db8::1]/v6", "http://[2001:db8::1]/v6"),
    ("http://[::ffff:192.0.2.1]/mapped", "http://[::ffff:192.0.2.1]/mapped"),
    ("http://[FE80::1]:80/upper", "http://[FE80::1]:80/upper"),
    ("https://a_b.example.org/", "https://a_b.example.org/"),
    ("https://ab--c.example/", "https://ab--c.example/"),
    ("https://0x.example/", "https://0x.example/"),
    ("https://example.1a/", "https://example.1a/"),
    ("https://example.org:/empty-port", "https://example.org/empty-port"),
    ("https://example.org:0080/", "https://example.org:0080/"),
    ("https://localhost/", "https://localhost/"),
    (f"https://{'a' * 63}.org/", f"https://{'a' * 63}.org/"),
    (
        "https://" + ".".join(["a" * 63] * 3 + ["a" * 61]) + "/",
        "https://" + ".".join(["a" * 63] * 3 + ["a" * 61]) + "/",
    ),
]


@pytest.mark.parametrize(("url", "published"), ACCEPTED)
def test_hosts_that_browsers_read_as_written_are_accepted(url: str, published: str) -> None:
    assert weblinks.problem(url) is None
    assert weblinks.normalise(url) == published
    assert weblinks.problem(published) is None


LETTERS = st.sampled_from([*"0123456789abfxX.-_%[]:", "xn--", "0x", "ü", "١", "．", "１", "ß", "\u200d"])


@given(st.lists(LETTERS, min_size=1, max_size=14).map("".join))
def test_an_accepted_host_is_an_ipv4_ipv6_or_domain_name_in_its_valid_form(host: str) -> None:
    """Whatever the host, the check gives an answer, and a host it accepts has one of the valid forms."""
    if hosts.problem(host) is not None:
        return
    written = hosts.to_ascii(host)
    labels = written.removesuffix(".").split(".")
    if written.startswith("["):
        assert "%" not in written
    elif all(label.isdigit() for label in labels):
        assert len(labels) == 4 and all(str(int(label)) == label and int(label) <= 255 for label in labels)
        assert not written.endswith(".")
    else:
        assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,63}", label) for label in labels), written
        assert not re.fullmatch(r"[0-9]+|0[xX][0-9A-Fa-f]*", labels[-1])
        assert len(written.removesuffix(".")) <= 253


@pytest.mark.parametrize(
    "markdown_link",
    [
        "[a](https://example.org/a\\b)",
        "[a](<https://example.org/a\\b>)",
        "[a](https://٣.example/)",
        "[a](https://%65xample.org/)",
        "[a](https://example.org\\evil.example/)",
        "<https://xn--a.example.org/>",
    ],
)
def test_markdown_links_and_url_fields_follow_one_rule(
    site_root: Path, write: Write, markdown_link: str
) -> None:
    """The link in Markdown is checked as written, not after markdown-it has percent-encoded a
    backslash or punycoded a host; the same address in a url field gets the same reason."""
    written = re.sub(r"^\[a\]\(<?|>?\)$|^<|>$", "", markdown_link)
    write(PAGE, f"---\ntitle: Methodology\n---\n\nSee {markdown_link}.\n")
    replace_in(site_root, ARTICLE, '"https://news.example.org/city-budget"', f"'{written}'")
    reasons = {e.path: e.message for e in errors_of(site_root)}
    expected = weblinks.problem(written)
    assert expected is not None
    assert reasons == {
        PAGE: f"link '{written}' {expected.reason}",
        ARTICLE: f"url: '{written}' {expected.reason}",
    }


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("[y](http://[fe80::1%eth0]/x)", "http://[fe80::1%eth0]/x"),
        ("[y](https://example.123/\\(x\\))", "https://example.123/\\(x\\)"),
        ("[y](https://example.123/?a&amp;b)", "https://example.123/?a&amp;b"),
        ("[y](<https://example.123/a b>)", "https://example.123/a b"),
        ("[y][r]\n\n[r]: <https://example.123/r>", "https://example.123/r"),
    ],
)
def test_a_markdown_link_is_quoted_as_written(site_root: Path, write: Write, source: str, shown: str) -> None:
    write(PAGE, f"---\ntitle: Methodology\n---\n\nSee {source}.\n")
    [error] = errors_of(site_root)
    assert error.message.startswith(f"link '{shown}' has ")


def test_an_autolink_shows_its_address_as_written() -> None:
    """markdown-it would show punycode decoded (`xn--a` as U+0080) and escapes decoded (%01 as U+0001)."""
    html = markdown.to_html("<https://example.org/%01%C2%80> <https://xn--bcher-kva.example/>")
    assert '<a href="https://example.org/%01%C2%80">https://example.org/%01%C2%80</a>' in html
    assert '<a href="https://xn--bcher-kva.example/">https://xn--bcher-kva.example/</a>' in html
    assert not FORBIDDEN.search(html)


def test_a_refused_link_is_no_link_when_rendered() -> None:
    html = markdown.to_html(
        "<https://xn--a.example.org/> [b](https://example.123/) [c](https://a.example/a\\b)"
    )
    assert "<a " not in html and not FORBIDDEN.search(html)


def test_the_nu_checker_accepts_every_host_this_tool_accepts(site_root: Path, write: Write) -> None:
    """Every accepted variant, in url fields and in Markdown links of every kind, in a built site."""
    links = "\n".join(
        f"- [{i}]({url}) <{url}> [r{i}]\n\n  [r{i}]: {url}" for i, (url, _) in enumerate(ACCEPTED)
    )
    evidence = "".join(
        f"  - title: Source {i}\n    publisher: A publisher\n    url: '{url}'\n    archived_url: '{url}'\n"
        for i, (url, _) in enumerate(ACCEPTED)
    )
    claim = claim_with("https://example.org/").split("explanation:")[0]
    claim = claim.replace("claimant: the-article", "claimant: mayor")  # a claimant is published with a claim
    indented = links.replace("\n", "\n  ")
    write(
        CLAIM,
        f"{claim}explanation: |\n  {indented}\nevidence:\n{evidence}"
        "checked_on: 2024-03-06\ntopics: [budget]\n",
    )
    write(CLAIMANT, "name: The mayor\nkind: person\nrole: Mayor\nurl: 'http://[FE80::1]:80/upper'\n")
    write(PAGE, f"---\ntitle: Methodology\n---\n\n{links}\n")
    replace_in(site_root, ARTICLE, '"https://news.example.org/city-budget"', "'https://Bücher.example./a b'")
    replace_in(
        site_root, "site.toml", 'url = "https://checks.example.org/"', 'url = "https://１２７.０.０.１/"'
    )
    out = site_root.parent / "out"
    assert main(["--root", str(site_root), "build", "--out", str(out)]) == 0
    claim_page = (out / "claims/city-budget/new-claim/index.html").read_text("utf-8")
    page = (out / "methodology/index.html").read_text("utf-8")
    for _, published in ACCEPTED:
        href = f'href="{published}"'
        assert claim_page.count(href) == 5 and page.count(href) == 3, published
    article = (out / "articles/city-budget/index.html").read_text("utf-8")
    assert 'href="https://xn--bcher-kva.example./a%20b"' in article
    assert 'href="http://[FE80::1]:80/upper"' in (out / "claimants/mayor/index.html").read_text("utf-8")
    assert vnu_errors(out) == []
