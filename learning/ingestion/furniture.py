"""Page furniture: text that sits on a page but teaches nothing (ads, stamps, phone lines,
breadcrumbs, cross-references, share and print tools), and the site names around a title."""

from __future__ import annotations

import re

# A paragraph with any of these is a site notice as a whole, not article text.
_NOTICE = re.compile(
    r"advertis|\bendorse|\bsponsor|cookie|all rights reserved|copyright|©|privacy policy|"
    r"terms of (?:use|service)|medically reviewed|(?:last|medically) (?:reviewed|updated)|"
    r"reviewed (?:on|by)\b|editorial (?:process|policy)|newsletter|subscribe\b|sign up for|"
    r"share this|print this|skip to (?:main )?content|skip navigation|back to top|"
    r"was this (?:page|article) helpful|request an appointment|book an appointment|"
    r"make an appointment|find a doctor|\bdonate\b|related articles|\bread more\b|"
    r"learn more about (?:our|us)|non-profit academic medical center|support our mission|"
    r"reading time|\b\d+ min(?:ute)? read|informational purposes|"
    r"not (?:a substitute|intended to replace)|disclaimer|"
    # date stamps: "Updated: May 2014", "Reviewed: December 2015 | Published: ..."
    r"\b(?:updated|reviewed|published|revised|posted|modified)\s*:|last (?:modified|edited)|"
    # share and print tools, links to other versions of the page
    r"suited for printing|\bemail this\b|printable (?:pdf|version)|\btext size\b|\bshare on\b|"
    r"\bfollow us\b|"
    r"\ben español\b|\bclick (?:here|on|to)\b|"
    # web and mail addresses
    r"\bwww\.|https?://|\b[\w.+-]{1,64}@[\w-]{1,64}\.\w",
)  # matched against lowercased text: re.I makes the many alternatives twice as slow
# A sentence that only sends the reader elsewhere: "For more information, see ...",
# "(For more information, go to ...)", "More information about X is provided in ...".
_CROSS_REFERENCE = re.compile(
    r"^[(\[\"“]?\s*(?:"
    r"for\b[^.?!]{0,160}?,?\s+(?:please\s+)?(?:see|go to|visit|read|refer to|call|contact)\b"
    r"(?!\s+(?:a|an|your|if|whether|how|when)\b)|"
    r"(?:more|further|additional) information\b[^.?!]{0,160}?\b(?:is|are|can be)\s+"
    r"(?:provided|available|found)\b|"
    r"see also\b|(?:please\s+)?(?:visit|go to)\s+(?:the|our|www)\b|to learn more\b|"
    r"questions\?|have a question\?"
    r")",
    re.I,
)
_PHONE = re.compile(r"(?:\+?1[\s.\-])?\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b")
_TOLL_FREE = re.compile(r"\b1-8\d\d-")  # "1-800-4-CANCER"; apart, so _PHONE stays fast
_DATE_STAMP = re.compile(r"^(?:updated|published|reviewed)?[\s:]*\d{1,2}/\d{1,2}/\d{2,4}\.?$", re.I)
# Headings of page regions that hold furniture, not facts.
_FURNITURE_HEADING = re.compile(
    r"^(?:medically reviewed|references|sources|resources|related(?: articles| topics)?|"
    r"advertisement|share|contact us|more (?:information|resources)|further reading|"
    r"care at .*|appointments?.*|footer|organizations|(?:table of )?contents|on this page|"
    r"in this (?:article|section|topic)|see also|links?)$",
    re.I,
)
_STANDALONE = re.compile(
    r"^(?:policy|advertisement|ad|share|print|email|menu|home|search|close|accept|got it)\.?$",
    re.I,
)
# Breadcrumbs ("Home > Health Information > ...") and tool rows ("Print | Email | Share").
_CRUMB_SEPARATOR = re.compile(r"\s+[>›»/]\s+")
_TOOL_SEPARATOR = re.compile(r"\s+[|]\s+")
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z]")


# "Other Names: A · B · C · D": a row of names or links set apart by dots or bars.
_SEPARATED_ROW = re.compile(r"(?:[^·|•]+[·|•]){3,}")


def is_furniture_text(text: str) -> bool:
    stripped = text.strip()
    return bool(
        _SEPARATED_ROW.match(stripped)
        or _NOTICE.search(stripped.lower())
        or _CROSS_REFERENCE.match(stripped)
        or _PHONE.search(stripped)
        or _TOLL_FREE.search(stripped)
        or _DATE_STAMP.match(stripped)
        or _STANDALONE.match(stripped)
        or _is_link_row(stripped)
    )


def is_furniture_heading(text: str) -> bool:
    return bool(_FURNITURE_HEADING.match(text.strip()) or is_furniture_text(text))


def _is_link_row(text: str) -> bool:
    """Three or more short labels joined by > › » / (a breadcrumb) or | (a row of links).
    Sentences join words with spaces and commas, not with these."""
    if _SENTENCE_END.search(text):
        return False
    for separator, least in ((_CRUMB_SEPARATOR, 3), (_TOOL_SEPARATOR, 3)):
        parts = separator.split(text)
        if len(parts) >= least and all(len(part.split()) <= 8 for part in parts):
            return True
    crumbs = _CRUMB_SEPARATOR.split(text)
    return len(crumbs) == 2 and crumbs[0].strip().lower() == "home"


# Around a page's title: trade marks and "(PDQ®)", "... Information Page", "– Patient Version".
_TITLE_SUFFIX = re.compile(
    r"\s*\([^()]*[®™][^()]*\)|[®™]|"
    r"\s*[–—-]\s*(?:patient|health ?professional|print(?:able)?|mobile|text-only) version$|"
    r"\s+(?:information|fact|home|topic|overview) (?:page|sheet)$|\s+fact sheet$",
    re.I,
)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—»·-]\s+|\s*:\s+")


def clean_title(title: str, body: str) -> str:
    """The topic's name from a page title: site names and suffixes removed. Of the parts a
    separator leaves ("Site: Topic", "Topic | Site", "Topic - Site"), the topic is the part the
    article's own text uses most; site names seldom recur in the text."""
    text = title
    for _ in range(3):  # suffixes can stack: "X (PDQ®)–Patient Version"
        text = _TITLE_SUFFIX.sub("", text).strip()
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(text) if part.strip()]
    if not parts:
        return title.strip()
    lowered = body.lower()
    best = max(parts, key=lambda part: (lowered.count(part.lower()), -parts.index(part)))
    if best.isupper():  # "ALPHA-1 ANTITRYPSIN DEFICIENCY": take the casing the text uses
        at = lowered.find(best.lower())
        if at != -1:
            return body[at : at + len(best)]
    return best
