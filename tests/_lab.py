"""Start the kit's JupyterLab the way its users do (`make lab` / `make instructor-lab`).

The server listens on 127.0.0.1 on a free port with a random token; the context manager
yields its base URL and token, and stops the process group it started.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Lab:
    def __init__(self, url, token, log):
        self.url, self.token, self.log = url, token, log

    def get(self, path, *, timeout=30):
        """(status, body) of a GET on the server, authenticated with the token."""
        request = urllib.request.Request(self.url + path,
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def get_json(self, path):
        status, body = self.get(path)
        return status, json.loads(body) if status == 200 else body

    def read_log(self):
        return Path(self.log).read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def running_lab(target="lab", *, log_dir, env=None, extra_args="", make_vars=(),
                startup_timeout=120):
    port, token = free_port(), secrets.token_hex(16)
    log = Path(log_dir) / f"{target}-{port}.log"
    args = (f"--port={port} --no-browser --IdentityProvider.token={token} "
            f"--ServerApp.port_retries=0 {extra_args}").strip()
    environment = {**os.environ, "MLOPSKIT_EXCHANGE": str(Path(log_dir) / "exchange"),
                   **(env or {})}
    with open(log, "wb") as out:
        process = subprocess.Popen(["make", "-s", target, f"LAB_ARGS={args}", *make_vars], cwd=ROOT,
                                   stdout=out, stderr=subprocess.STDOUT, env=environment,
                                   start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, log)
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"`make {target}` exited ({process.returncode}):\n"
                                   + lab.read_log()[-3000:])
            try:
                if lab.get("/api/status", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"`make {target}` did not answer in {startup_timeout} s:\n"
                                   + lab.read_log()[-3000:])
            time.sleep(0.5)
        yield lab
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
