"""Browser tests: every notebook runs in a real JupyterLab, driven by headless Chromium.

For each notebook in notebooks/ the test runs all cells, fails on any error output, then
nudges every slider and clicks every toggle button and checks that what its cell shows
changes. nbval checks the kernel side; only a browser can show that the widgets work.
"""

import contextlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RUN_TIMEOUT_S = 120  # for Run All, per notebook
CHANGE_TIMEOUT_S = 5  # for one widget interaction to show in the output
# User settings of the test server. Windowing "none" keeps every cell in the DOM (by default
# JupyterLab 4 may leave off-screen cells out); a notebook without kernel metadata gets the
# default kernel rather than a dialog; the rest keeps JupyterLab offline and quiet.
LAB_SETTINGS = {
    "notebook-extension/tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
    "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}
SLIDER = ".widget-slider"  # IntSlider, FloatSlider and the other ipywidgets 8 sliders
TOGGLE = ".widget-toggle-button:not(.widget-toggle-buttons *)"  # ToggleButton, not ToggleButtons
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'  # stderr text and tracebacks
# Run All has finished: kernel idle, no cell queued, and every non-empty code cell has an
# execution count (unless an error stopped the run; the error check reports it).
RUN_DONE_JS = """stderr => {
  const idle = document.querySelector('#jp-main-statusbar').textContent.includes('| Idle');
  const prompts = [...document.querySelectorAll('.jp-CodeCell')]
    .filter(cell => cell.querySelector('.cm-content')?.textContent.trim() ?? true)
    .map(cell => cell.querySelector('.jp-InputPrompt').textContent.trim());
  const failed = document.querySelector(stderr) !== null;
  return idle && !prompts.includes('[*]:')
    && (failed || prompts.every(prompt => /^\\[\\d+\\]:$/.test(prompt)));
}"""
# What a control's cell shows: the widget outputs, HTML, labels, readouts and images of its
# output area, taken from a copy without the control itself (its own readout must not count).
SNAPSHOT_JS = """control => {
  const area = control.closest('.jp-Cell').querySelector('.jp-Cell-outputArea');
  const path = [];
  for (let node = control; node !== area; node = node.parentElement)
    path.unshift([...node.parentElement.children].indexOf(node));
  const copy = area.cloneNode(true);
  path.reduce((node, i) => node.children[i], copy).remove();
  const shown = '.widget-output, .widget-html, .widget-htmlmath, .widget-label, '
              + '.widget-readout, .widget-valid, .widget-progress, img';
  return [...copy.querySelectorAll(shown)].map(e => e.src || e.innerHTML).join('\\n');
}"""


def require_browser_tools():
    """Skip without Chromium or Playwright; under CI a skip would hide a gap, so fail."""
    missing = [
        name
        for name, found in [
            ("Chromium", shutil.which("chromium")),
            ("playwright", importlib.util.find_spec("playwright")),
        ]
        if not found
    ]
    if not missing:
        return
    message = (
        f"browser tests need {' and '.join(missing)}: install Chromium (Debian/Ubuntu: "
        "apt-get install chromium) and `pip install -r requirements-dev.txt`"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true, so not skipping: {message}")
    pytest.skip(message)


def free_port():
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(lab, path, method="GET"):
    """Call the Jupyter server's REST API; return the decoded JSON (None if empty)."""
    request = urllib.request.Request(
        lab["url"] + path, method=method, headers={"Authorization": f"token {lab['token']}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else None


def make_lab_root(work):
    """Copy notebooks/ and helpers/ to a scratch root: the committed notebooks keep their
    outputs, and their first cell still finds `helpers` one folder up."""
    root = work / "root"
    skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("notebooks", "helpers"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=skip)
    if (ROOT / "data").is_dir():  # read by notebooks, never written: a link will do
        (root / "data").symlink_to(ROOT / "data")
    return root


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a scratch copy of the repo, shared by this module's tests."""
    require_browser_tools()
    work = tmp_path_factory.mktemp("jupyterlab")
    root = make_lab_root(work)
    for plugin, values in LAB_SETTINGS.items():
        settings = work / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={work / 'settings'}",
        f"--LabApp.workspaces_dir={work / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    # Private runtime and IPython dirs: nothing left in ~, no user startup files in the kernel.
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "IPYTHONDIR": str(work / "ipython"),
    }
    log_path = work / "jupyterlab.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=log)
    lab = {"url": f"http://127.0.0.1:{port}", "token": token}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(lab, "/api/status")
                break
            except OSError:  # not listening yet
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start:\n{log_path.read_text()[-3000:]}")
                time.sleep(0.25)
        yield lab
    finally:
        server.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser(lab):
    """Debian's Chromium, headless (never Playwright's own download), for this module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def run_all_cells(page, lab, name):
    """Open the notebook, wait for its kernel, Run All Cells, wait until all have run."""
    # ?reset: an empty workspace, not one that reopens the previous test's notebook.
    page.goto(f"{lab['url']}/lab/tree/notebooks/{name}?reset&token={lab['token']}")
    status_bar = page.locator("#jp-main-statusbar")
    status_bar.get_by_text(re.compile(r"\| Idle$")).wait_for(timeout=60_000)
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(RUN_DONE_JS, arg=STDERR, timeout=RUN_TIMEOUT_S * 1000, polling=250)


def wait_for_widget_views(page, timeout_s=15):
    """Widget views render after their outputs arrive: wait (bounded) until all have."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and (
        not page.locator(".jupyter-widgets").count() or page.get_by_text("Loading widget").count()
    ):
        time.sleep(0.2)


def assert_no_errors(page, when):
    """Fail with the text of every stderr or traceback output and every broken widget."""
    errors = page.locator(STDERR).all_inner_texts()
    errors += (
        page.locator(".jp-OutputArea-output")
        .filter(has_text=re.compile("Error displaying widget|Loading widget"))
        .all_inner_texts()
    )
    for broken in page.locator(".jupyter-widgets-error-widget").all():
        broken.click()  # ipywidgets shows the JavaScript error only when clicked
        errors.append(f"widget failed to render: {broken.inner_text()}")
    assert not errors, f"error output {when}:\n" + "\n---\n".join(errors)


def shown(control):
    """What the control's cell shows, apart from the control itself."""
    return control.evaluate(SNAPSHOT_JS)


def wait_for_change(control, before):
    """Poll until the cell shows something else, then until it settles (so that a late
    update does not count for the next control). False if nothing changed in time."""
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    while shown(control) == before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    last, stable_since = shown(control), time.monotonic()
    while time.monotonic() - stable_since < 0.5 and time.monotonic() < deadline + 10:
        time.sleep(0.1)
        if (now := shown(control)) != last:
            last, stable_since = now, time.monotonic()
    return True


def nudge_slider(slider):
    """One keyboard step on the handle: right, or left if the slider is at its maximum."""
    handle = slider.locator(".noUi-handle").first
    value, top = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    handle.focus()
    handle.press("ArrowLeft" if value >= top else "ArrowRight")


def exercise(page, selector, kind, act):
    """Act on every control matching selector; describe those whose cell did not change."""
    dead = []
    for index in range(page.locator(selector).count()):
        control = page.locator(selector).nth(index)
        label = (control.locator(".widget-label").all_inner_texts() or [control.inner_text()])[0]
        name = f"{kind} #{index} {label.strip()!r}"
        if not control.is_visible():  # e.g. in a closed Accordion or an unselected Tab
            dead.append(f"{name} is hidden, so it cannot be tested")
            continue
        control.scroll_into_view_if_needed()
        before = shown(control)
        act(control)
        if not wait_for_change(control, before):
            dead.append(f"{name} did not change what its cell shows")
    return dead


def shows_widgets(notebook):
    """Whether the notebook's code mentions ipywidgets or its saved outputs hold a widget."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = json.dumps([cell for cell in cells if cell["cell_type"] == "code"])
    return "ipywidgets" in text or "application/vnd.jupyter.widget-view+json" in text


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_and_widgets_respond(notebook, lab, browser):
    """Run All gives no error; every slider and toggle button changes what its cell shows."""
    from playwright.sync_api import Error as PlaywrightError

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        run_all_cells(page, lab, notebook.name)
        widgets_expected = shows_widgets(notebook)
        if widgets_expected and not page.locator(STDERR).count():  # no wait if it failed
            wait_for_widget_views(page)
        assert_no_errors(page, "after Run All")
        controls = page.locator(f"{SLIDER}, {TOGGLE}").count()
        assert controls or not widgets_expected, (
            "the notebook uses ipywidgets but shows no slider or toggle button "
            "(is the widget manager, jupyterlab_widgets, installed?)"
        )
        dead = exercise(page, SLIDER, "slider", nudge_slider)
        dead += exercise(page, TOGGLE, "toggle button", lambda button: button.click())
        assert not dead, "\n".join(dead)
        assert_no_errors(page, "after moving the widgets")
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(PlaywrightError):  # a debugging aid: never hide the failure
            page.screenshot(path=SCREENSHOTS / f"{notebook.stem}.png", full_page=True)
        page.close()
        for session in api(lab, "/api/sessions"):  # free the notebook's kernel
            api(lab, f"/api/sessions/{session['id']}", method="DELETE")
