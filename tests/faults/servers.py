"""Servers the fault tests own and may stop at will: PostgreSQL, gunicorn.

Never the shared ones: each fault test starts its own in a temporary folder on free ports.
"""

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def wait_until(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {seconds:.0f} s")


class Postgres:
    """A PostgreSQL cluster in a temporary folder, as the postgres user when run as root."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
        self.bin = binaries[0] if binaries else os.path.dirname(shutil.which("pg_ctl") or "")
        self.folder = tempfile.mkdtemp(prefix="parley-faults-pg-")
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root
            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/parley"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.prefix, f"{self.bin}/pg_ctl", "-D", self.data, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )

    def init(self) -> None:
        subprocess.run(
            [
                *self.prefix,
                f"{self.bin}/initdb",
                "-D",
                self.data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        self.start()
        subprocess.run(
            [
                *self.prefix,
                f"{self.bin}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "parley",
            ],
            check=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.pg_ctl("-o", options, "-l", os.path.join(self.folder, "log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


class Gunicorn:
    """The production WSGI server on a free port, with the given environment."""

    def __init__(self, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.log_path = Path(tempfile.mkstemp(prefix="parley-faults-gunicorn-")[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-c",
                "config/gunicorn.py",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()  # the child holds its own copy
        wait_until(lambda: answers(self.port), 60, "gunicorn answering")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.log_path.unlink(missing_ok=True)

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout
