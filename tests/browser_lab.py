"""JupyterLab in headless Chromium, shared by tests/test_browser.py and
benchmarks/speed_widgets.py --browser: start the server on a scratch copy of the repo, open a
notebook, Run All, and read or nudge its widgets.

Not a test module (pytest collects only test_*.py): plain functions and context managers.
"""

import contextlib
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

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
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
DROPDOWN = ".widget-dropdown"
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


class LabError(RuntimeError):
    """JupyterLab did not start; the message ends with its log."""


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
    """Copy notebooks/, helpers/ and data/ to a scratch root: the committed notebooks keep
    their outputs, and their first cell still finds `helpers` one folder up (a copy, not a
    link: Windows links folders only with admin rights)."""
    root = work / "root"
    skip = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
    for name in ("notebooks", "helpers", "data"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=skip)
    return root


def lab_command(work, root, port, token):
    """The command line of a private, offline JupyterLab server on root."""
    return [
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


def wait_until_serving(lab, server, log_path, timeout_s=60):
    """Poll the REST API until the server answers; LabError if it exits or times out."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            api(lab, "/api/status")
            return
        except OSError as error:  # not listening yet
            if server.poll() is not None or time.monotonic() > deadline:
                log = log_path.read_text(encoding="utf-8")[-3000:]
                raise LabError(f"JupyterLab did not start:\n{log}") from error
            time.sleep(0.25)


@contextlib.contextmanager
def jupyterlab(work):
    """A JupyterLab server on a scratch copy of the repo in work (a Path); yields
    {"url", "token"} and stops the server (and so its kernels) on exit."""
    root = make_lab_root(work)
    for plugin, values in LAB_SETTINGS.items():
        settings = work / "settings" / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps(values), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    # Private runtime and IPython dirs: nothing left in ~, no user startup files in the kernel.
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "IPYTHONDIR": str(work / "ipython"),
    }
    log_path = work / "jupyterlab.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = subprocess.Popen(
            lab_command(work, root, port, token), cwd=root, env=env, stdout=log, stderr=log
        )
    lab = {"url": f"http://127.0.0.1:{port}", "token": token}
    try:
        wait_until_serving(lab, server, log_path)
        yield lab
    finally:
        server.terminate()  # the server shuts its kernels down on SIGTERM
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def chromium():
    """Debian's Chromium, headless (never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def run_all_cells(page, lab, name):
    """Open the notebook, wait for its kernel, Run All Cells, wait until all have run."""
    # ?reset: an empty workspace, not one that reopens the previous notebook.
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


def close_sessions(lab):
    """Shut down every kernel of the server (the notebook just tested)."""
    for session in api(lab, "/api/sessions"):
        api(lab, f"/api/sessions/{session['id']}", method="DELETE")


def shown(control):
    """What the control's cell shows, apart from the control itself."""
    return control.evaluate(SNAPSHOT_JS)


def wait_for_change(control, before, poll_s=0.1):
    """Poll until the cell shows something else, then until it settles (so that a late
    update does not count for the next control). False if nothing changed in time."""
    deadline = time.monotonic() + CHANGE_TIMEOUT_S
    while shown(control) == before:
        if time.monotonic() > deadline:
            return False
        time.sleep(poll_s)
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
