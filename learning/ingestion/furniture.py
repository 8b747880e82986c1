"""Page furniture: text that sits on a page but teaches nothing (ads, stamps, phone lines)."""

from __future__ import annotations

import re

# A paragraph with any of these is a site notice as a whole, not article text.
_NOTICE = re.compile(
    r"advertis|\bendorse|\bsponsor|cookie|all rights reserved|copyright|©|privacy policy|"
    r"terms of (?:use|service)|medically reviewed|(?:last|medically) (?:reviewed|updated)|"
    r"reviewed (?:on|by)\b|editorial (?:process|policy)|newsletter|subscribe\b|sign up for|"
    r"share this|print this|skip to (?:main )?content|back to top|was this (?:page|article) "
    r"helpful|request an appointment|book an appointment|make an appointment|find a doctor|"
    r"\bdonate\b|related articles|\bread more\b|learn more about (?:our|us)|"
    r"non-profit academic medical center|support our mission|reading time|\b\d+ min(?:ute)? read|"
    r"informational purposes|not (?:a substitute|intended to replace)|disclaimer",
    re.I,
)
_PHONE = re.compile(r"(?:\+?1[\s.\-])?\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b")
_DATE_STAMP = re.compile(r"^(?:updated|published|reviewed)?[\s:]*\d{1,2}/\d{1,2}/\d{2,4}\.?$", re.I)
# Headings of page regions that hold furniture, not facts.
_FURNITURE_HEADING = re.compile(
    r"^(?:medically reviewed|references|sources|resources|related(?: articles| topics)?|"
    r"advertisement|share|contact us|more (?:information|resources)|further reading|"
    r"care at .*|appointments?.*|footer)$",
    re.I,
)
_STANDALONE = re.compile(r"^(?:policy|advertisement|ad|share|print|email|menu|home)\.?$", re.I)


def is_furniture_text(text: str) -> bool:
    stripped = text.strip()
    return bool(
        _NOTICE.search(stripped)
        or _PHONE.search(stripped)
        or _DATE_STAMP.match(stripped)
        or _STANDALONE.match(stripped)
    )


def is_furniture_heading(text: str) -> bool:
    return bool(_FURNITURE_HEADING.match(text.strip()) or is_furniture_text(text))
