"""What the load bench (benchmarks/bench_load.py) drives: gunicorn servers, a signed-in session, and wrk.

- Server: gunicorn as the README's production section runs it, its worker processes' CPU time and memory;
- JobWorker: the background jobs' worker that section runs beside it on PostgreSQL;
- sign_in: the session cookie of an account, through the sign-in form and its CSRF token, as a browser holds it;
- fetch: one request, redirects not followed (a page that sends to the sign-in page is not the page);
- load: wrk (Debian's package; not a requirement of resbid) at N connections for S seconds, its figures parsed,
  with answers other than 200 counted by wrk_statuses.lua (wrk itself takes a redirect for a success).
"""
from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

WRK = "/usr/bin/wrk"
WRK_THREADS = 2  # one per core of the machine; the connections are shared between them
WRK_TIMEOUT = "60s"  # wrk's default of 2 s would hide slow pages' latency as timeouts
START_SECONDS = 120  # gunicorn's start (importing the app) on a busy machine
DRAIN_SECONDS = 300  # the longest wait for the requests queued when wrk stopped
TICKS = os.sysconf("SC_CLK_TCK")
STATUSES = Path(__file__).with_name("wrk_statuses.lua")
# Every request carries the same User-Agent: resbid's sessions are bound to it (Flask-Login's strong protection).
AGENT = {"User-Agent": "resbid load bench"}


class Server:
    """gunicorn --workers 2 --no-control-socket serving `module` on a free local port, its log in `log`."""

    def __init__(self, module: str, env: dict[str, str], log: Path, root: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._log_file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--no-control-socket",
             "--bind", f"127.0.0.1:{self.port}", module],
            cwd=root, env={**os.environ, **env}, stdout=self._log_file, stderr=subprocess.STDOUT)
        self._wait_until_listening()
        self.started_workers = self.workers()

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}:\n{self.log.read_text()[-2000:]}")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0 and len(self.workers()) == 2:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not listen within {START_SECONDS} s; see {self.log}")

    def workers(self) -> list[int]:
        """The process ids of the master's children: its workers."""
        return sorted(pid for pid, parent in _parents().items() if parent == self.process.pid)

    def cpu_ticks(self) -> int:
        """User and system CPU time of the workers, in clock ticks."""
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime and stime, fields 14 and 15 of proc(5)
        return total

    def drain(self) -> float:
        """Wait until the workers are idle (the requests wrk left queued are done); the seconds waited."""
        started = time.monotonic()
        idle, before = 0, self.cpu_ticks()
        while idle < 2 and time.monotonic() - started < DRAIN_SECONDS:
            time.sleep(0.5)
            now = self.cpu_ticks()
            idle = idle + 1 if now - before <= TICKS // 50 else 0  # at most 2% of a core: idle
            before = now
        return time.monotonic() - started

    def memory_mb(self) -> dict[int, tuple[float, float]]:
        """Per worker: resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
        figures = {}
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            rss, hwm = (int(re.search(rf"^{key}:\s+(\d+) kB", status, re.M).group(1)) / 1024
                        for key in ("VmRSS", "VmHWM"))
            figures[pid] = (rss, hwm)
        return figures

    def timeouts(self) -> int:
        """Workers gunicorn killed for a request longer than its timeout, as its log says."""
        return self.log.read_text(errors="replace").count("WORKER TIMEOUT")

    def stop(self) -> None:
        """Stop gunicorn, then whatever its workers started that outlived them (a report's render processes)."""
        _stop(self.process)
        self._log_file.close()


class JobWorker:
    """`flask --app wsgi worker`, as the README's production section runs it beside gunicorn on PostgreSQL: it
    runs the queued jobs (the sensitivity analysis of a stored result, the report's render)."""

    def __init__(self, env: dict[str, str], log: Path, root: Path):
        self._log_file = log.open("w")
        self.process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"], cwd=root,
                                        env={**os.environ, **env}, stdout=self._log_file, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        """Stop the worker, then whatever it started that outlived it (a report's render processes)."""
        _stop(self.process)
        self._log_file.close()


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process, then SIGKILL to what it started that is still running."""
    descendants = _descendants(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    for pid in descendants:
        try:
            if os.getpgid(pid) == pid:  # the render worker leads a group of its own (sandbox/) with its forks
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it ended with its parent
            pass


def _descendants(root: int) -> list[int]:
    parents = _parents()
    found, frontier = [], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _parents() -> dict[int, int]:
    """Every process's parent process id."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except OSError:  # the process ended meanwhile
            continue
    return parents


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def sign_in(base: str, email: str, password: str) -> str:
    """The Cookie header of a session signed in as `email` (the form's CSRF token read from the page), as a browser
    holds it once it has opened the page signing in leads to: signing in starts a new session, and that first page
    adds the session's CSRF token to it. Without that page, every request of the load would be a session's first:
    a new token signed and a new cookie sent each time (7% of a results page's time), which no browser does."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.addheaders = list(AGENT.items())
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    try:
        opener.open(f"{base}/login", data=form)
        raise RuntimeError(f"signing in as {email} did not redirect: wrong password?")
    except urllib.error.HTTPError as answer:
        if answer.code != 302 or answer.headers["Location"].endswith("/login"):
            raise RuntimeError(f"signing in as {email} answered {answer.code}") from None
        landing = urllib.parse.urljoin(f"{base}/login", answer.headers["Location"])
    opener.open(landing).read()
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def fetch(url: str, cookie: str | None) -> tuple[int, float, dict[str, str]]:
    """One GET without following redirects: its status, seconds and headers."""
    request = urllib.request.Request(url, headers={**AGENT, **({"Cookie": cookie} if cookie else {})})
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as answer:
            answer.read()
            status, headers = answer.status, dict(answer.headers)
    except urllib.error.HTTPError as answer:
        status, headers = answer.code, dict(answer.headers)
    return status, time.perf_counter() - started, headers


@dataclass(frozen=True)
class Load:
    """wrk's figures of one run."""

    requests: int
    per_second: float
    p50: float  # seconds; NaN when no request finished within the run (wrk leaves out those still running)
    p99: float
    errors: int  # answers other than 200 (every page measured is one), and socket errors (connect, read, ...)


def load(url: str, cookie: str | None, seconds: int, connections: int) -> Load:
    """Run wrk against `url` and parse its report."""
    command = [WRK, "--threads", str(min(WRK_THREADS, connections)), "--connections", str(connections),
               "--duration", f"{seconds}s", "--timeout", WRK_TIMEOUT, "--latency", "--script", str(STATUSES),
               "--header", f"User-Agent: {AGENT['User-Agent']}", url]
    if cookie:
        command[1:1] = ["--header", f"Cookie: {cookie}"]
    return parse_wrk(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_wrk(report: str) -> Load:
    """The figures of wrk's report (with --latency and wrk_statuses.lua): requests, requests/s, p50, p99, errors."""
    requests = int(re.search(r"^\s*(\d+) requests in ", report, re.M).group(1))

    def latency(percent: str) -> float:
        found = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s|m|h)\s*$", report, re.M)
        if not found or not requests:  # none finished within the run: wrk prints latencies of 0
            return float("nan")
        return float(found.group(1)) * _UNITS[found.group(2)]

    per_second = float(re.search(r"^Requests/sec:\s+([\d.]+)", report, re.M).group(1))
    not_200 = re.search(r"^Not 200: (\d+)$", report, re.M)  # wrk's own count leaves redirects out
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    errors = int(not_200.group(1)) + (sum(map(int, sockets.groups())) if sockets else 0)
    return Load(requests, per_second, latency(50), latency(99), errors)
