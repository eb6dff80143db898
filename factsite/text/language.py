"""The writing direction of a site's language: `<html dir="rtl">` for Arabic, Hebrew, Persian, Urdu...

A BCP 47 tag (RFC 5646) decides through its script. A script subtag says it
(`az-Arab`, `sd-Deva`); otherwise CLDR's likely subtags give the usual script of
the language in its region (`pa-PK` → `pa_Arab_PK`, `sd-IN` → `sd_Deva_IN`), then
of the language alone (`pa` → `pa_Guru_IN`). A script runs right to left when
CLDR's locales written in it do (their character order, `ar` → right-to-left).
For the scripts no CLDR locale is written in (historic ones, mostly), Unicode's
list of right-to-left scripts decides. The CLDR data is babel's copy, pinned in
requirements.txt (its version: `babel.core.get_global("cldr")`).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from babel import Locale, localedata
from babel.core import get_global

Direction = Literal["ltr", "rtl"]

# ISO 15924 codes of the scripts that Unicode writes right to left (bidi class R or AL). They
# decide only for the scripts no CLDR locale is written in (Mandaic, Samaritan, Old Hungarian,
# Imperial Aramaic...); a test checks that they agree with CLDR where CLDR has a locale.
RTL_SCRIPTS = frozenset(
    """
    Adlm Arab Aran Armi Avst Chrs Cprt Elym Hatr Hebr Hung Khar Lydi Mand Mani Mend Narb
    Nbat Nkoo Orkh Ougr Palm Phli Phlp Phnx Prti Rohg Samr Sarb Sogd Sogo Syrc Thaa Yezi
    """.split()  # noqa: SIM905 (a list of codes reads better as words)
)

# A well-formed BCP 47 language tag (RFC 5646, section 2.1), lower case; private-use and
# grandfathered tags (`x-klingon`, `i-klingon`) name no language CLDR knows.
_TAG = re.compile(
    r"""
    (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{5,8})
    (?:-(?P<script>[a-z]{4}))?
    (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
    (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
    (?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*
    (?:-x(?:-[a-z0-9]{1,8})+)?
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Subtags:
    """A tag's language ('pa'), script ('Arab' or None) and region ('PK', '419' or None), in CLDR's case."""

    language: str
    script: str | None
    region: str | None


@functools.cache
def direction(tag: str) -> Direction:
    """'rtl' or 'ltr' for a language tag such as 'ar', 'pa-PK', 'az-Arab' or 'en-GB'.

    Case does not matter, and `_` may stand for `-`, as in CLDR. A tag that is not
    a language tag, or whose language and script CLDR does not know, is 'ltr'.
    """
    subtags = parse(tag)
    script = None if subtags is None else likely_script(subtags)
    return "ltr" if script is None else script_direction(script)


def parse(tag: str) -> Subtags | None:
    """The language, script and region of a BCP 47 tag, canonical (`iw` → `he`); None without a language."""
    subtags = _split(tag)
    return None if subtags is None else canonical(subtags)


def _split(tag: str) -> Subtags | None:
    """The subtags as written, None if ill-formed; an extended language subtag stands for the language."""
    found = _TAG.fullmatch(tag.lower().replace("_", "-"))
    if found is None:
        return None
    languages = found["language"].split("-")  # `ar-arz` is `arz`, as RFC 5646 prefers
    script, region = found["script"], found["region"]
    return Subtags(
        languages[min(1, len(languages) - 1)], script and script.title(), region and region.upper()
    )


def canonical(subtags: Subtags) -> Subtags:
    """CLDR's aliases replaced: `iw` → `he`, `sh` → `sr` in Latn, `prs` → `fa` in AF, `BU` → `MM`.

    A script or region the tag gives wins over one the language's alias brings.
    """
    alias = _split(get_global("language_aliases").get(subtags.language, "")) or subtags
    script = subtags.script and get_global("script_aliases").get(subtags.script, subtags.script)
    region = subtags.region and get_global("territory_aliases").get(subtags.region, [subtags.region])[0]
    return Subtags(alias.language, script or alias.script, region or alias.region)


def likely_script(subtags: Subtags) -> str | None:
    """The script written: the tag's own, else CLDR's likely one for language_region, then language."""
    if subtags.script is not None:
        return subtags.script
    likely = get_global("likely_subtags")
    keys = [f"{subtags.language}_{subtags.region}"] if subtags.region else []
    for key in [*keys, subtags.language]:
        if key in likely:
            return str(likely[key]).split("_")[1]
    return None


@functools.cache
def script_direction(script: str) -> Direction:
    """'rtl' if text in an ISO 15924 script ('Arab', 'Latn') runs right to left, per CLDR, else Unicode."""
    locale = locale_by_script().get(script)
    if locale is not None:
        return "rtl" if Locale.parse(locale).character_order == "right-to-left" else "ltr"
    return "rtl" if script in RTL_SCRIPTS else "ltr"


@functools.cache
def locale_by_script() -> dict[str, str]:
    """A CLDR locale babel has for each script it has one in (the first by name): {'Arab': 'apc', ...}."""
    known = set(localedata.locale_identifiers())
    likely: Mapping[str, str] = get_global("likely_subtags")
    found: defaultdict[str, set[str]] = defaultdict(set)
    for full in likely.values():
        language, script, _ = full.split("_")
        if f"{language}_{script}" in known:
            found[script].add(f"{language}_{script}")
        elif language in known and likely.get(language, "").split("_")[1:2] == [script]:
            found[script].add(language)
    return {script: min(locales) for script, locales in found.items()}
