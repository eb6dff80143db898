"""What an unquoted YAML value means: the characters the editor wrote, typed by the field.

YAML 1.1, which PyYAML follows, retypes unquoted values behind the editor's
back: `02134` becomes 1116 (octal), `NO` becomes false, `1:20` becomes 80,
`1_000` becomes 1000. Here an unquoted value (a `Plain`) keeps its characters
until the schema says what its field holds:

- where text is allowed, it is the text as written (`NO`, `02134`, `1.50`);
- where only a number is allowed, it is read exactly as a decimal number, and
  the forms that YAML tools disagree on are refused with a hint
  (`010`, `0x1F`, `1_000`, `1:20`, `.inf`, and figures beyond 10^±100);
- elsewhere it follows the YAML 1.2 core schema (`true`, `false`, `null`, `~`,
  numbers), except that the forms above stay text.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from typing import Any

LIMIT = 100  # a figure must lie within 10^-LIMIT and 10^LIMIT and have at most LIMIT digits

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INTEGER = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[-+]?(?:[1-9][0-9]*|0)?(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?")


SHARED_UP_TO = 200  # characters: a value this short is kept once however many files repeat it (`shared`)


def shared(text: str) -> str:
    """`text` as one object for every file that has the same short value (`sys.intern`): statuses,
    topics, claimant keys, publishers and sources' URLs repeat across thousands of claims. The
    model then holds each once, and so does the saved build state (build/state.py), whose pickle
    keeps one copy of an object however often it is referred to. Longer text (explanations,
    summaries) is seldom repeated, and is left as it is. An exact `str`, never a subclass."""
    text = str(text)
    return sys.intern(text) if len(text) <= SHARED_UP_TO else text


class Plain(str):
    """An unquoted scalar: its characters, to be typed by the field it is in."""

    __slots__ = ()


def core(text: str) -> Any:
    """A plain scalar by the YAML 1.2 core schema, keeping ambiguous forms as text."""
    if text in NULLS:
        return None
    if text in BOOLS:
        return BOOLS[text]
    number = read_number(text)
    return text if number is None else number


def read_number(text: str) -> int | Decimal | None:
    """`text` as an exact decimal number, or None if it is not one every YAML tool reads alike."""
    if len(text) > 2 * LIMIT + 10:
        return None
    if _INTEGER.fullmatch(text):
        return int(text) if len(text.lstrip("+-")) <= LIMIT else None
    mantissa = re.split("[eE]", text)[0]
    if not _DECIMAL.fullmatch(text) or not re.search("[0-9]", mantissa):
        return None
    value = Decimal(text)
    if not value:
        return Decimal(0)
    digits = len(value.as_tuple().digits)
    return value if digits <= LIMIT and -LIMIT <= value.adjusted() <= LIMIT else None


def number_problem(text: str) -> tuple[str, str]:
    """Why unquoted `text` is not read as a number: (what is wrong, after the value; how to write it)."""
    bare = text.lstrip("+-")
    if re.fullmatch(r"0[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?", bare):
        plain = text[: len(text) - len(bare)] + re.sub("^0+(?=[0-9])", "", bare)
        octal = ", which YAML 1.1 tools read as an octal number" if bare.isdigit() else ""
        return f"starts with a zero{octal}", f"write {plain} without the leading zero"
    if re.fullmatch(r"0[xXoObB][0-9a-fA-F_]+", bare):
        return "is not a decimal number", "write the figure in decimal digits"
    if re.fullmatch(r"[0-9][0-9_,]*(\.[0-9_]*)?", bare) and re.search("[_,]", bare):
        digits = re.sub("[_,]", "", text)
        return "has separators in it", f"write {digits}, without commas or underscores"
    if re.fullmatch(r"[0-9]+(:[0-5]?[0-9])+(\.[0-9]*)?", bare):
        return "is not a number: YAML 1.1 tools read it as base 60", "write the figure as one decimal number"
    if bare.lower() in (".inf", ".nan", "inf", "nan", "infinity"):
        return "is not a finite number", "write the figure itself"
    if _DECIMAL.fullmatch(text) and re.search("[0-9]", re.split("[eE]", text)[0]):
        return (
            "is beyond the figures a check works with",
            f"write a figure between 10^-{LIMIT} and 10^{LIMIT}, with at most {LIMIT} digits",
        )
    return "is not a number", "write a figure in digits, such as 54 or 2.5"
