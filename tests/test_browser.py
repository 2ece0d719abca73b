"""Browser tests: every notebook runs in a real JupyterLab, driven by headless Chromium.

For each notebook in notebooks/ the test runs all cells, fails on any error output, then
checks every widget area with axe-core against WCAG 2.1 A and AA, and works every control
with the mouse and with the keyboard alone: it nudges every slider with the arrow keys,
clicks every toggle button and presses Space and Enter on it, picks the next option of every
dropdown with the arrow keys, and checks each time that what its cell shows changes. nbval
checks the kernel side; only a browser can show that the widgets work.
"""

import contextlib
import importlib.resources
import importlib.util
import json
import re
import shutil

import nbformat
import pytest
from browser_lab import (
    DROPDOWN,
    NOTEBOOKS,
    ROOT,
    SLIDER,
    STDERR,
    TOGGLE,
    LabError,
    chromium,
    close_sessions,
    jupyterlab,
    nudge_slider,
    run_all_cells,
    shown,
    wait_for_change,
    wait_for_widget_views,
)
from needs import skip_if_left_out, skip_or_fail

SCREENSHOTS = ROOT / "build" / "screenshots"
AXE_REPORTS = ROOT / "build" / "axe"  # each notebook's violations, as JSON: a debugging aid
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Violations inside ipywidgets' own DOM, which the pack cannot fix from Python: the rule id,
# the CSS selector the offending element matches, and why. Any other violation is the pack's.
IPYWIDGETS_VIOLATIONS = [
    (
        "aria-input-field-name",
        ".widget-slider .noUi-handle",
        "a slider's handle (role slider) has no accessible name: ipywidgets draws the "
        "description as a separate label and does not tie it to the handle",
    ),
    (
        "button-name",
        ".widget-play > button",
        "the Play widget's play, stop and repeat buttons show only an icon, with no text",
    ),
]
# Run axe-core (already loaded) on the output area of every cell that shows a widget. Each
# violating element is reported with its area, the rule and whether ipywidgets owns it.
AXE_JS = """async ([tags, allowed]) => {
  const areas = [...document.querySelectorAll('.jp-Cell-outputArea')]
    .filter(area => area.querySelector('.jupyter-widgets'));
  const found = [];
  for (const [index, area] of areas.entries()) {
    const result = await axe.run(area, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']});
    for (const violation of result.violations)
      for (const node of violation.nodes) {
        const element = document.querySelector(node.target.join(' '));
        const owner = ([rule, selector]) =>
          rule === violation.id && element !== null && element.matches(selector);
        found.push({area: index, rule: violation.id, target: node.target.join(' '),
                    html: node.html.slice(0, 160), ipywidgets: allowed.some(owner)});
      }
  }
  return {areas: areas.length, found};
}"""


def require_browser_tools():
    """Skip without Chromium, Playwright or axe-core; under CI a skip would hide a gap."""
    skip_if_left_out("browser")
    missing = [
        name
        for name, found in [
            ("Chromium", shutil.which("chromium")),
            ("playwright", importlib.util.find_spec("playwright")),
            ("axe-core (axe-playwright-python)", importlib.util.find_spec("axe_playwright_python")),
        ]
        if not found
    ]
    if not missing:
        return
    message = (
        f"browser tests need {' and '.join(missing)}: install Chromium (Debian/Ubuntu: "
        "apt-get install chromium) and `pip install -r requirements-dev.txt`"
    )
    skip_or_fail("browser", message)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a scratch copy of the repo, shared by this module's tests."""
    require_browser_tools()
    try:
        with jupyterlab(tmp_path_factory.mktemp("jupyterlab")) as lab:
            yield lab
    except LabError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser(lab):
    """Debian's Chromium, headless (never Playwright's own download), for this module."""
    with chromium() as browser:
        yield browser


def axe_source():
    """axe.min.js (axe-core 4.x), as shipped inside the axe-playwright-python wheel: nothing
    is downloaded at test time."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text(
        encoding="utf-8"
    )


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations in every widget area: (areas, [violation])."""
    page.add_script_tag(content=axe_source())
    allowed = [[rule, selector] for rule, selector, _ in IPYWIDGETS_VIOLATIONS]
    result = page.evaluate(AXE_JS, [AXE_TAGS, allowed])
    return result["areas"], result["found"]


def accessibility_problems(page, notebook):
    """axe violations in the widget areas that are not ipywidgets' own, described."""
    areas, found = axe_violations(page)
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    report = {"widget_areas": areas, "violations": found}
    (AXE_REPORTS / f"{notebook.stem}.json").write_text(
        json.dumps(report, indent=1), encoding="utf-8"
    )
    return [
        f"axe {v['rule']} in widget area #{v['area']} at {v['target']}: {v['html']}"
        for v in found
        if not v["ipywidgets"]
    ]


def press(key):
    """An action for `exercise`: focus the control (a button) and press key on it."""

    def act(control):
        control.focus()
        control.press(key)

    return act


def next_option(dropdown):
    """Keyboard only: open the focused select's list (Alt+Down), move to the next option (up
    from the last) and take it. A bare Down does not do: in command mode JupyterLab takes it
    to move to the next cell."""
    select = dropdown.locator("select")
    last = select.evaluate("s => s.selectedIndex === s.options.length - 1")
    select.focus()
    for key in ("Alt+ArrowDown", "ArrowUp" if last else "ArrowDown", "Enter"):
        select.press(key)


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
    cells = nbformat.read(notebook, as_version=4).cells
    text = json.dumps([cell for cell in cells if cell.cell_type == "code"])
    return "ipywidgets" in text or "application/vnd.jupyter.widget-view+json" in text


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_and_widgets_respond(notebook, lab, browser):
    """Run All gives no error; axe finds no violation of the pack's in the widget areas;
    every slider, toggle button and dropdown changes what its cell shows, from the mouse
    and from the keyboard alone."""
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
        problems = accessibility_problems(page, notebook)  # before any move: the first view
        problems += exercise(page, SLIDER, "slider (arrow key)", nudge_slider)
        problems += exercise(page, TOGGLE, "toggle button (click)", lambda b: b.click())
        problems += exercise(page, TOGGLE, "toggle button (Space)", press("Space"))
        problems += exercise(page, TOGGLE, "toggle button (Enter)", press("Enter"))
        problems += exercise(page, DROPDOWN, "dropdown (arrow key)", next_option)
        assert not problems, "\n".join(problems)
        assert_no_errors(page, "after moving the widgets")
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(PlaywrightError):  # a debugging aid: never hide the failure
            page.screenshot(path=SCREENSHOTS / f"{notebook.stem}.png", full_page=True)
        page.close()
        close_sessions(lab)  # free the notebook's kernel
