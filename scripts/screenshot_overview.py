"""The README's screenshot: the demo handbook's overview dashboard, as `./scripts/serve --demo` shows it.

    .venv/bin/python scripts/screenshot_overview.py [OUT.png]   (default: docs/assets/overview.png)

Builds the site with the generated year of history, opens the overview in Debian's
chromium (Playwright, no browser download), saves the top of the page and, when
`pngquant` is installed, shrinks the PNG to a palette image. Run it again after a
change to the site's look.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [  # as tests/browser.py launches it
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 1180}


def build(folder: Path) -> Path:
    demo, site = folder / "demo", folder / "site"
    subprocess.run([sys.executable, str(ROOT / "scripts/make_demo_history.py"), str(demo)], check=True)
    env = {**os.environ, "GOALS_DIR": str(demo / "goals"), "GOALS_DIR_OUTSIDE_PROJECT": "true",
           "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "--quiet", "--site-dir", str(site)], cwd=ROOT, env=env, check=True)
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def shoot(site: Path, out: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            page.add_init_script("localStorage.setItem('/.__palette', JSON.stringify({index: 0, color: {scheme: 'default'}}))")
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/dashboards/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out))
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs/assets/overview.png"
    with tempfile.TemporaryDirectory() as folder:
        shoot(build(Path(folder)), out)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--strip", "--quality", "70-95",
                        "--output", str(out), str(out)], check=False)
    print(f"{out}: {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
