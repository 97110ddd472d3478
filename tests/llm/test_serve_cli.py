"""``toolgym serve``: stops cleanly on SIGTERM and Ctrl-C, even with connections open."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from urllib.parse import urlparse

import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_on_a_signal_with_connections_open(sig):
    proc = subprocess.Popen([sys.executable, "-m", "toolgym", "serve", "--port", "0", "--latency", "0.5"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        assert line.startswith("listening on "), (line, proc.stderr.read() if proc.poll() is not None else "")
        url = urlparse(line.split(" on ", 1)[1].strip())
        body = b'{"model": "m", "messages": [{"role": "user", "content": "hi"}]}'
        socks = []
        for _ in range(3):  # one request in flight (the server is sleeping its latency) on each
            s = socket.create_connection((url.hostname, url.port), timeout=10)
            s.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            socks.append(s)
        idle = socket.create_connection((url.hostname, url.port), timeout=10)  # and one idle keep-alive
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        err = proc.stderr.read()
        for s in [*socks, idle]:
            s.close()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert code == 0, err
    assert "served {" in err
    assert "Traceback" not in err and "ERROR" not in err, err
