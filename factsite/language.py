"""The writing direction of a site's language: `<html dir="rtl">` for Arabic, Hebrew, Persian, Urdu...

A BCP 47 tag (RFC 5646) names its script when it is not the language's usual one
(`az-Arab`, `sd-Deva`); otherwise the language's usual script decides (CLDR's
likely subtags). Sources: ISO 15924 and Unicode's Script property for which
scripts run right to left; CLDR likely subtags for the languages whose usual
script does.
"""

from __future__ import annotations

from typing import Literal

Direction = Literal["ltr", "rtl"]

# ISO 15924 codes of the scripts written right to left (current and historic).
RTL_SCRIPTS = frozenset(
    """
    adlm arab aran armi avst chrs cprt elym hatr hebr hung khar lydi mand mani mend narb
    nbat nkoo orkh ougr palm phli phlp phnx prti rohg samr sarb sogd sogo syrc thaa yezi
    """.split()  # noqa: SIM905 (a list of codes reads better as words)
)

# Languages whose usual script (CLDR likely subtags) is one of those: Arabic and the
# varieties with codes of their own; Hebrew, Yiddish, Judeo-Arabic, Aramaic, Syriac;
# Persian, Dari, Pashto, Urdu, Sindhi, Kashmiri, Western Punjabi, Saraiki, Central and
# Southern Kurdish; Uyghur, Dhivehi, Balochi, Luri, Mazanderani, Gilaki, Bakhtiari,
# Khowar, Hazaragi, Brahui; N'Ko, Mandaic, Samaritan. (Adlam is a script: Fula in it is ff-Adlm.)
RTL_LANGUAGES = frozenset(
    """
    ar arb arz ary arq aeb acm acq acw acx adf aec afb ajp apc apd ars ayh ayl ayn ayp abh abv shu ssh pga
    he iw yi ji jrb yhd aii arc syr syc
    fa prs pes ps pbt pbu ur sd ks pnb skr ckb sdh lki
    ug dv bal bgn bcc bqi lrc luz mzn glk khw haz brh
    nqo mid smp
    """.split()  # noqa: SIM905
)


def direction(tag: str) -> Direction:
    """'rtl' or 'ltr' for a language tag such as 'ar', 'fa-IR', 'az-Arab' or 'en-GB'.

    A script subtag decides when there is one; otherwise the primary language does.
    Case does not matter, as in BCP 47.
    """
    subtags = tag.lower().replace("_", "-").split("-")
    for subtag in subtags[1:]:
        if len(subtag) == 1:  # an extension or private use: no script subtag after it
            break
        if len(subtag) == 4 and subtag.isalpha():
            return "rtl" if subtag in RTL_SCRIPTS else "ltr"
    return "rtl" if subtags[0] in RTL_LANGUAGES else "ltr"
