"""A class on a real JupyterHub: N students run one notebook at once, and it is measured.

    python tools/hub_load_test.py --students 8 --notebook 01 [--timeout 600] [--chp PATH]

What it does, all on 127.0.0.1 and under build/hub-load/ (made anew each run):
- starts JupyterHub (a dependency in requirements-dev.txt) with npm's configurable-http-proxy
  (installed under build/chp/ when it is missing, or taken from --chp), no login: this tool
  is a service with a token of the least scopes that work (start the students' servers,
  reach them); SimpleLocalProcessSpawner gives each student a home of their own holding a
  copy of the course (helpers/, data/, notebooks/), as nbgitpuller would leave it;
- for every student at once: starts their server, opens a kernel in the notebook's folder
  through the hub, runs every code cell over the kernel protocol, and compares each text
  output with the committed one as strict nbval does (tools/notebook_outputs.py: pictures
  and widget ids left out, the notebooks' own nbval markers honoured);
- meanwhile one more student's idle kernel answers a tiny execution every half second: the
  round trip a widget would feel while the class works;
- samples the memory (RSS and PSS) of every process under the hub twice a second.
Everything it started is stopped by process id on the way out, also after Ctrl-C, a
timeout or an error, and a line says whether any process was left; then a line per student
and, last, the summary. It exits 0 only if every student's outputs matched and nothing was
left running. --timeout bounds the whole run, the proxy's install and the course's copy
included; stopping what it started takes at most 50 s more.

An instructor's tool for the machine a hub runs on, so Linux or macOS: JupyterHub spawns
local servers and stops them by process group there, not on Windows.
"""

import argparse
import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import nbformat
import notebook_outputs
import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
COURSE = ("helpers", "data", "notebooks")  # what a student's home holds


def free_port():
    """A port nobody listens on, on the loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proxy_command(given):
    """The configurable-http-proxy to run: --chp, one on PATH, or one npm installs here."""
    if given:
        return given
    found = shutil.which("configurable-http-proxy")
    local = BUILD / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
    if found or local.exists():
        return found or str(local)
    if not shutil.which("npm"):
        raise SystemExit("configurable-http-proxy is missing and npm is not there to install it")
    print("installing configurable-http-proxy under build/chp with npm ...")
    subprocess.run(
        ["npm", "install", "--prefix", str(BUILD / "chp"), "--no-audit", "--no-fund",
         "configurable-http-proxy@5"],
        check=True, capture_output=True,
    )  # fmt: skip
    return str(local)


CONFIG = """
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{work}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{work}/cookie_secret"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = "{work}/homes/{{username}}"
c.Spawner.cmd = [{python!r}, "-m", "jupyterhub.singleuser"]
c.Spawner.args = {server_args!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"PYTHONDONTWRITEBYTECODE": "1"}}
c.JupyterHub.authenticator_class = "null"  # no login: the load-test service has a token
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.services = [{{"name": "load-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [{{
    "name": "load-test",
    "scopes": ["start:servers", "read:servers", "access:servers"],
    "services": ["load-test"],
}}]
"""


class Hub:
    """A JupyterHub for `users` under build/hub-load/, started on entry, stopped on exit:
    every process it started (the hub, the proxy, the servers, the kernels) by its pid."""

    def __init__(self, users, proxy, course=ROOT):
        self.users, self.proxy, self.course = users, proxy, course
        self.work = BUILD / "hub-load"
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.seen, self.peak_rss, self.peak_pss = set(), 0, 0
        self._sampling = threading.Event()

    def __enter__(self):
        shutil.rmtree(self.work, ignore_errors=True)
        for user in self.users:  # a home with the course, as nbgitpuller leaves it
            for part in COURSE:
                shutil.copytree(self.course / part, self.work / "homes" / user / part,
                                ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        config = CONFIG.format(
            port=self.port, hub_port=free_port(), proxy_api_port=free_port(),
            proxy=self.proxy, work=self.work, python=sys.executable, users=self.users,
            token=self.token, server_args=["--allow-root"] if os.geteuid() == 0 else [],
        )  # fmt: skip
        (self.work / "jupyterhub_config.py").write_text(config, encoding="utf-8")
        log = open(self.work / "jupyterhub.log", "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(self.work / "jupyterhub_config.py")],
            cwd=self.work, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.sampler = threading.Thread(target=self._sample, daemon=True)
        self.sampler.start()
        return self

    def _sample(self):
        """Twice a second: the processes under the hub, their RSS and PSS summed; the peaks."""
        while not self._sampling.wait(0.5):
            try:
                processes = [psutil.Process(self.process.pid)]
                processes += processes[0].children(recursive=True)
            except psutil.NoSuchProcess:
                return
            rss = pss = 0
            for process in processes:
                try:
                    memory = process.memory_full_info()
                except psutil.Error:
                    continue
                self.seen.add(process.pid)
                rss, pss = rss + memory.rss, pss + getattr(memory, "pss", memory.rss)
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def __exit__(self, *exc):
        self._sampling.set()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the hub stops its servers and proxy
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        alive = []
        for pid in self.seen:
            try:
                alive.append(psutil.Process(pid))
            except psutil.Error:
                pass
        _, alive = psutil.wait_procs(alive, timeout=15)  # the servers stop their kernels
        for process in alive:  # whatever is still running: stopped by its own pid
            try:
                process.kill()
            except psutil.Error:
                pass
        _, self.left_behind = psutil.wait_procs(alive, timeout=5)
        self.killed = [process.pid for process in alive]
        return False

    async def api(self, method, path, body=None, timeout=60):
        """A call of the hub's REST API as the load-test service -> the JSON answer."""
        request = HTTPRequest(
            self.url + path, method=method, headers={"Authorization": f"token {self.token}"},
            body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True, request_timeout=timeout,
        )  # fmt: skip
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        if response.code >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {response.code} {response.body[:200]!r}")
        return json.loads(response.body) if response.body else {}

    async def wait_until_up(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited; see {self.work / 'jupyterhub.log'}")
            try:
                await self.api("GET", "/hub/api/", timeout=5)
                return
            except (OSError, RuntimeError):
                await asyncio.sleep(0.3)
        raise TimeoutError("JupyterHub did not answer in time")

    async def start_server(self, user, deadline):
        """Start `user`'s server and wait until the hub says it is ready -> seconds taken."""
        start = time.monotonic()
        await self.api("POST", f"/hub/api/users/{user}/server")
        while time.monotonic() < deadline:
            model = await self.api("GET", f"/hub/api/users/{user}")
            if model.get("servers", {}).get("", {}).get("ready"):
                return time.monotonic() - start
            await asyncio.sleep(0.25)
        raise TimeoutError(f"{user}'s server did not start in time")


class Kernel:
    """A kernel of a student's server, opened through the hub, spoken to over its websocket."""

    def __init__(self, hub, user):
        self.hub, self.user, self.session = hub, user, uuid.uuid4().hex

    async def open(self, path):
        model = await self.hub.api(
            "POST", f"/user/{self.user}/api/sessions",
            {"path": path, "type": "notebook", "kernel": {"name": "python3"}},
        )  # fmt: skip
        url = f"ws://127.0.0.1:{self.hub.port}/user/{self.user}/api/kernels/"
        request = HTTPRequest(url + f"{model['kernel']['id']}/channels?session_id={self.session}",
                              headers={"Authorization": f"token {self.hub.token}"})  # fmt: skip
        self.socket = await websocket_connect(request, max_message_size=200 * 2**20)
        return self

    async def run(self, code, timeout):
        """Execute `code` -> (its outputs as nbformat would store them, the error or None)."""
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "username": self.user, "session": self.session,
                  "msg_type": "execute_request", "version": "5.3"}  # fmt: skip
        content = {"code": code, "silent": False, "store_history": True,
                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}  # fmt: skip
        await self.socket.write_message(json.dumps({
            "header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": [],
        }))  # fmt: skip
        outputs, error, done = [], None, False
        while not done:
            text = await asyncio.wait_for(self.socket.read_message(), timeout)
            if text is None:
                raise ConnectionError("the kernel's websocket closed")
            if isinstance(text, bytes):
                continue  # a binary message: widget buffers, not an output
            message = json.loads(text)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, body = message["msg_type"], message["content"]
            if kind == "stream":
                outputs.append({"output_type": "stream", "name": body["name"],
                                "text": body["text"]})  # fmt: skip
            elif kind in ("display_data", "execute_result"):
                outputs.append({"output_type": kind, "data": body["data"],
                                "metadata": body.get("metadata", {})})  # fmt: skip
            elif kind == "error":
                error = f"{body['ename']}: {body['evalue']}"
                outputs.append({"output_type": "error", "ename": body["ename"],
                                "evalue": body["evalue"], "traceback": []})  # fmt: skip
            elif kind == "clear_output":
                outputs.clear()
            elif kind == "status" and body["execution_state"] == "idle":
                done = True
        return outputs, error


async def student(hub, user, notebook, committed, deadline):
    """One student: their server, a kernel in the notebook's folder, every code cell run and
    compared with the committed outputs -> a dict of what was measured."""
    result = {"user": user, "matched": 0, "cells": 0, "differ": [], "error": None}
    try:
        result["server start"] = await hub.start_server(user, deadline)
        start = time.monotonic()
        kernel = await Kernel(hub, user).open(f"notebooks/{notebook}")
        for index, cell in enumerate(committed.cells):
            if cell.cell_type != "code":
                continue
            outputs, error = await kernel.run(cell.source, max(1.0, deadline - time.monotonic()))
            result["cells"] += 1
            executed = nbformat.from_dict({"cells": [{**cell, "outputs": outputs}]})
            differs = notebook_outputs.differences(nbformat.from_dict({"cells": [cell]}), executed)
            if differs:
                result["differ"].append(index)
            else:
                result["matched"] += 1
            if error:
                result["error"] = f"cell {index}: {error}"
                break
        result["notebook"] = time.monotonic() - start
    except Exception as error:  # a failed student is reported, not a crashed tool
        result["error"] = f"{type(error).__name__}: {error}"
    return result


async def idle_student(hub, user, stop, deadline):
    """The idle student: a tiny execution every half second -> round trips in seconds."""
    await hub.start_server(user, deadline)
    kernel = await Kernel(hub, user).open("notebooks/idle.ipynb")
    trips = []
    while not stop.is_set() and time.monotonic() < deadline:
        start = time.monotonic()
        await kernel.run("1 + 1", 30)
        trips.append(time.monotonic() - start)
        await asyncio.sleep(0.5)
    return trips


async def run_class(hub, students, notebook, committed, deadline):
    await hub.wait_until_up(deadline)
    stop = asyncio.Event()
    idle = asyncio.ensure_future(idle_student(hub, "idle", stop, deadline))
    start = time.monotonic()
    results = await asyncio.gather(
        *(student(hub, user, notebook, committed, deadline) for user in students)
    )
    total = time.monotonic() - start
    stop.set()
    trips = await idle
    return results, total, trips


def percentile(values, q):
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def report(results, total, trips, hub, notebook, code_cells):
    """Print a line per student and the summary; True if every student matched."""
    print(f"{'student':<12}{'server start':>14}{'notebook':>10}{'cells matched':>15}  error")
    for r in results:
        start, run = r.get("server start"), r.get("notebook")
        print(f"{r['user']:<12}{start and f'{start:.1f} s' or '-':>14}"
              f"{run and f'{run:.1f} s' or '-':>10}{r['matched']:>8} of {code_cells:<4}  "
              f"{r['error'] or ', '.join(f'cell {i} differs' for i in r['differ'])}")  # fmt: skip
    ok = [r for r in results if r["matched"] == code_cells and not r["error"]]
    runs = [r["notebook"] for r in results if "notebook" in r]
    n = len(results)
    peak = hub.peak_pss / 1e9
    print(
        f"{len(ok)} of {n} students ran {notebook[:2]} with every text output as committed in "
        f"{total:.0f} s (notebook p50 {statistics.median(runs):.0f} s, max {max(runs):.0f} s), "
        f"peak memory {peak:.1f} GB PSS, {hub.peak_rss / 1e9:.1f} GB RSS (about "
        f"{hub.peak_pss / 1e6 / (n + 1):.0f} MB per student, the hub's share included), "
        f"idle round trip p50 "
        f"{1000 * statistics.median(trips):.0f} ms, p95 {1000 * percentile(trips, 95):.0f} ms"
        if runs and trips
        else f"{len(ok)} of {n} students ran {notebook[:2]} as committed"
    )
    return len(ok) == n


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--notebook", default="01", help="its number, e.g. 01, or its name")
    parser.add_argument("--timeout", type=float, default=600,
                        help="seconds for the whole run (+ at most 50 s to stop)")  # fmt: skip
    parser.add_argument("--chp", help="the configurable-http-proxy to use")
    parser.add_argument("--course", type=Path, default=ROOT,
                        help="the course folder to hand out (default: this checkout)")  # fmt: skip
    args = parser.parse_args()
    path = next((p for p in sorted((args.course / "notebooks").glob("*.ipynb"))
                 if p.name.startswith(args.notebook)), None)  # fmt: skip
    if path is None:
        parser.error(f"no notebook {args.notebook!r} in {args.course / 'notebooks'}")
    committed = nbformat.read(path, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in committed.cells)
    students = [f"student-{k + 1}" for k in range(args.students)]
    deadline = time.monotonic() + args.timeout
    with Hub([*students, "idle"], proxy_command(args.chp), args.course) as hub:
        try:
            results, total, trips = asyncio.run(
                asyncio.wait_for(  # what is left of the timeout after the hub's start
                    run_class(hub, students, path.name, committed, deadline),
                    max(deadline - time.monotonic(), 0),
                )  # fmt: skip
            )
        except TimeoutError:
            print(f"the run did not finish in {args.timeout:.0f} s: stopped")
            results = None
        except KeyboardInterrupt:
            print("interrupted: stopping the hub and everything under it")
            results = None
        except Exception as error:  # said in one line; the hub still stops, by the `with`
            print(f"the run failed ({type(error).__name__}: {error}): stopping the hub")
            results = None
    stopped = f"{len(hub.killed)} still running after the hub stopped, stopped by their pid"
    print(f"processes left behind: {len(hub.left_behind)} (of {len(hub.seen)} seen; {stopped})")
    ok = results is not None and report(results, total, trips, hub, path.name, code_cells)
    return 0 if ok and not hub.left_behind else 1


if __name__ == "__main__":
    sys.exit(main())
