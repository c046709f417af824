"""Headless Chromium for the PDF and the accessibility check: launched once, offline pages.

Debian's ``chromium`` is driven by Playwright's Python package. A report page may load only
``file:`` and ``data:`` resources: every other request is refused before it leaves the browser
and listed in :attr:`Chromium.blocked_requests`, so a report that reaches for the network shows
up instead of hanging or leaking.

Playwright's sync API cannot run inside a running asyncio loop (a Jupyter kernel): use this
from the runner's process or from tests, not from a notebook cell.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

CHROMIUM = Path("/usr/bin/chromium")
# Headless in a sandboxed container: no GPU, no setuid sandbox, nothing phoning home.
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
# A report with a dozen embedded charts loads in a few seconds; a minute means it hangs.
LOAD_TIMEOUT_MS = 60_000
# A small local page (text, a table, an image) a prepared page loads first (``prepare``).
WARM_UP_PAGE = Path(__file__).resolve().parent / "templates" / "pdf" / "warm-up.html"
HOW_TO_INSTALL = (
    "install Debian's Chromium with `make browser` (as root) or `sudo apt-get install chromium`"
)


# Playwright's sync API allows one driver per thread: browsers open at the same time (a PDF
# printer and an accessibility check, say) share it, and the last one to close stops it.
_driver = threading.local()


def _start_driver():
    if getattr(_driver, "users", 0) == 0:
        from playwright.sync_api import sync_playwright

        _driver.playwright = sync_playwright().start()
        _driver.users = 0
    _driver.users += 1
    return _driver.playwright


def _stop_driver() -> None:
    _driver.users -= 1
    if _driver.users == 0:
        _driver.playwright.stop()
        _driver.playwright = None


class BrowserMissing(RuntimeError):
    """Chromium or Playwright is missing or does not start; the message says how to fix it."""


def check_engine(executable: Path | None = None) -> Path:
    """The browser executable (default :data:`CHROMIUM`), or :class:`BrowserMissing` saying
    how to install it."""
    executable = Path(executable) if executable is not None else CHROMIUM
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        raise BrowserMissing(f"the browser engine {executable} is not installed; {HOW_TO_INSTALL}")
    return executable


class Chromium:
    """A running headless Chromium; use as a context manager, open pages with :meth:`open`."""

    def __init__(self, executable: Path | None = None) -> None:
        self.executable = executable
        self.blocked_requests: list[str] = []
        self._browser = None
        self._prepared = None  # a blank page opened ahead for the next ``open`` (``prepare``)

    def __enter__(self) -> Chromium:
        executable = check_engine(self.executable)
        try:
            from playwright.sync_api import Error
        except ImportError as exc:  # the lock pins it; a hand-made environment may lack it
            raise BrowserMissing(
                f"the Python package playwright is missing ({exc}); "
                "`pip install -r requirements.lock` installs it"
            ) from exc
        playwright = _start_driver()
        try:
            self._browser = playwright.chromium.launch(
                executable_path=str(executable), args=list(LAUNCH_ARGS)
            )
        except Error as exc:
            _stop_driver()
            first_line = (str(exc).strip().splitlines() or ["no message"])[0]
            raise BrowserMissing(
                f"the browser engine {executable} did not start ({first_line}); {HOW_TO_INSTALL}"
            ) from exc
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the browser; safe to call twice."""
        if self._browser is not None:
            self._prepared = None  # its context goes with the browser
            self._browser.close()
            self._browser = None
            _stop_driver()

    def prepare(self) -> None:
        """Open the page the next :meth:`open` loads its file into, now: a fresh offline
        context whose first page starts a renderer, which then lays out a small local page
        (``WARM_UP_PAGE``) once. Both cost the first load of a browser about a second, which
        a caller with time to spare (the runner, while the stages run) takes off the next
        print. The page printed is the file ``open`` loads, as without preparing."""
        if self._browser is None:
            raise RuntimeError("Chromium.prepare() outside its `with` block")
        if self._prepared is None:
            page = self._blank_page()
            try:
                page.goto(WARM_UP_PAGE.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
            except BaseException:
                page.context.close()
                raise
            self._prepared = page

    def _blank_page(self):
        """A new page in a fresh offline context that loads only local resources."""
        context = self._browser.new_context(offline=True)
        try:
            context.route("**/*", self._local_only)
            return context.new_page()
        except BaseException:
            context.close()
            raise

    def open(self, html_path: Path):
        """A loaded page of the local file ``html_path`` in a fresh offline browser context
        (the one :meth:`prepare` opened, if any). Close it with ``page.context.close()``.
        Only ``file:`` and ``data:`` resources load.
        """
        if self._browser is None:
            raise RuntimeError("Chromium.open() outside its `with` block")
        html_path = Path(html_path).resolve()
        if not html_path.is_file():
            raise FileNotFoundError(f"no HTML file at {html_path}")
        page, self._prepared = self._prepared or self._blank_page(), None
        try:
            page.goto(html_path.as_uri(), wait_until="load", timeout=LOAD_TIMEOUT_MS)
        except BaseException:
            page.context.close()
            raise
        return page

    def _local_only(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked_requests.append(url)
            route.abort("blockedbyclient")
