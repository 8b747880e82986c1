"""Playwright on Debian's Chromium, against pytest-django's live server.

Without Chromium these tests skip with the reason, unless REQUIRE_BROWSER=1 (CI), where they
fail with it: a CI run must never pass because its browser tests quietly skipped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright
    from pytest_django.live_server_helper import LiveServer

# Playwright's sync API keeps an event loop running in the test thread for the whole session,
# so Django would refuse ORM calls from tests (and from every test that runs after these).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
PHONE_VIEWPORT = {"width": 375, "height": 667}
BLOCKING_IMPACTS = ("serious", "critical")


def _chromium_path() -> Path:
    return Path(os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium")


def _missing_browser_reason() -> str | None:
    path = _chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        return (
            f"Chromium not found at {path} (install it with `apt-get install -y chromium` "
            "or point CHROMIUM_PATH at it)"
        )
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"Playwright or axe-playwright-python is not installed ({error})"
    return None


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    reason = _missing_browser_reason()
    if reason is not None:
        if os.environ.get("REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}:
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(_chromium_path()), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _open_page(browser: Browser, base_url: str, **context_options: object) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, **context_options)
    # Fail fast: a missing element should not hang a test for Playwright's default 30 s.
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every journey runs under the site's Content Security Policy; anything it blocks (an
    # inline script or style, an eval) is a bug even when the test's own steps still pass.
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, "The Content Security Policy blocked:\n" + "\n".join(blocked)


@pytest.fixture
def desktop_page(
    browser: Browser, live_server: LiveServer, transactional_db: None
) -> Iterator[Page]:
    yield from _open_page(browser, live_server.url, viewport=DESKTOP_VIEWPORT)


@pytest.fixture
def phone_page(browser: Browser, live_server: LiveServer, transactional_db: None) -> Iterator[Page]:
    yield from _open_page(
        browser, live_server.url, viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True
    )


def _assert_accessible(page: Page) -> None:
    """Run axe-core on the current page; fail listing every serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious/critical axe violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        pytest.fail("\n".join(lines), pytrace=False)


# On an emulated phone (is_mobile) the layout viewport widens to fit content that overflows, so
# scrollWidth <= innerWidth always holds: measure against the device's screen instead, and name
# the element that sticks out. Elements inside a frame that scrolls sideways on purpose (a wide
# table in its own scroll region) do not count; the frame itself does.
_OVERFLOW_JS = """(deviceWidth) => {
    const root = document.documentElement;
    // clientWidth leaves out a classic vertical scrollbar, so it can be the narrower limit.
    const limit = Math.min(deviceWidth, root.clientWidth);
    const scrollsSideways = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const insideScrollFrame = el => {
        for (let up = el.parentElement; up && up !== root && up !== document.body;
             up = up.parentElement) {
            if (scrollsSideways(up)) return true;
        }
        return false;
    };
    let widest = null;
    for (const el of document.body.querySelectorAll('*')) {
        const right = el.getBoundingClientRect().right + window.scrollX;
        // Half a pixel of slack for sub-pixel layout, which never makes a scrollbar.
        if (right <= limit + 0.5 || insideScrollFrame(el)) continue;
        if (widest === null || right > widest.right) {
            const id = el.id ? '#' + el.id : '';
            const classes = [...el.classList].map(c => '.' + c).join('');
            widest = {
                right: Math.round(right),
                name: el.tagName.toLowerCase() + id + classes,
                html: el.outerHTML.slice(0, 160),
            };
        }
    }
    return {
        limit, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
        innerWidth: window.innerWidth, widest,
    };
}"""


def _assert_no_horizontal_scroll(page: Page) -> None:
    """Fail when the page is wider than the device (the viewport it was opened with)."""
    device_width = (page.viewport_size or {}).get("width") or page.evaluate("screen.width")
    sizes = page.evaluate(_OVERFLOW_JS, device_width)
    widest = sizes["widest"]
    fits = sizes["scrollWidth"] <= sizes["limit"] and sizes["innerWidth"] <= device_width
    if fits and widest is None:
        return
    culprit = (
        f"the widest overflowing element is <{widest['name']}>, its right edge at "
        f"{widest['right']}px: {widest['html']}"
        if widest
        else "no single element sticks out (look for margins or transforms)"
    )
    pytest.fail(
        f"{page.url} scrolls sideways on a {device_width}px wide screen: the page is "
        f"{sizes['scrollWidth']}px wide (layout viewport {sizes['clientWidth']}px, "
        f"window {sizes['innerWidth']}px); {culprit}",
        pytrace=False,
    )


def _assert_tap_targets(page: Page) -> None:
    """Every link, button and form control in the page's main part is at least 44px high."""
    small = page.evaluate(
        """() => [...document.querySelectorAll(
              'main a, main button, main input, main select, main summary')]
            .filter(el => el.type !== "hidden")
            .filter(el => el.getBoundingClientRect().height < 44)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == [], f"tap targets under 44px high: {small}"


# The helpers are handed out as fixtures because test modules here cannot import conftest.
@pytest.fixture
def assert_accessible() -> Callable[[Page], None]:
    return _assert_accessible


@pytest.fixture
def assert_no_horizontal_scroll() -> Callable[[Page], None]:
    return _assert_no_horizontal_scroll


@pytest.fixture
def assert_tap_targets() -> Callable[[Page], None]:
    return _assert_tap_targets
