#!/usr/bin/env python3
"""Latency of pcx lsp (issue 17: diagnostics for a 2,000-line script within 50 ms of a change,
release build). A benchmark, not a test.

Starts `pcx lsp`, opens a generated 2,000-line script (every kind of statement, no errors),
then sends single-character edits, alternately introducing an error and fixing it, and times
each from the moment the `didChange` is written to the moment the `publishDiagnostics` for that
version arrives (so the server's debounce, the check, the conversion and both pipes are in).
Prints min, median, 90th percentile and max; exit 1 when the median is over the bar.

Usage: python3 bench/lsp-latency.py [path/to/pcx] [edits]   (default .build/release/pcx, 60)
"""
import json
import os
import statistics
import subprocess
import sys
import time

BAR_MS = 50.0


def cpu_seconds(pid):
    """User + system CPU time of a process so far (Linux /proc), to tell work from waiting on a
    loaded machine."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def script(lines):
    """A script of about `lines` lines cycling through every kind of statement, unique names."""
    out, block = ["seed 42"], 0
    while len(out) + 13 <= lines:
        i = block
        out += [
            f"let n{i} = {64 + i % 64}",
            f"param x{i}: real = 0.5",
            f"param y{i}: real = {1 + i % 7}.5",
            f"param w{i}: vector[n{i}] = zeros(n{i})   # a comment",
            f"data D{i} = gaussian(n: 256, d: n{i})",
            f"model net{i} = mlp(in: n{i}, hidden: [32, 32], out: 1, activation: tanh,",
            "                    scaling: ntk)",
            f"loss L{i} = mse(net{i}, D{i})",
            f"objective f{i} = (x{i} * y{i} - 1)^2 + 0.01 * sum(w{i} * w{i})",
            f"train run{i} = gd(L{i}, lr: 0.1, steps: 100, stop: loss < 1e-3)",
            f"certify c{i} = pl_star(L{i}, on: run{i} every 10)",
            f"report run{i}.final_loss, c{i}.mu",
            "",
        ]
        block += 1
    while len(out) < lines:
        out.append(f"let pad{len(out)} = {len(out)}")
    return "\n".join(out) + "\n"


class Server:
    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        while True:
            head, sep, rest = self.buffer.partition(b"\r\n\r\n")
            if sep:
                length = int(head.split(b":")[1])
                if len(rest) >= length:
                    self.buffer = rest[length:]
                    return json.loads(rest[:length])
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                sys.exit("pcx lsp closed its output")
            self.buffer += chunk

    def wait_for(self, predicate):
        while True:
            message = self.receive()
            if predicate(message):
                return message


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/pcx"
    edits = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    if not os.access(binary, os.X_OK):
        sys.exit(f"no pcx at {binary}; build it with: swift build -c release --product pcx")
    text = script(2000)
    uri = "file:///tmp/pcx-lsp-latency.pcx"
    server = Server(binary)
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server.wait_for(lambda m: m.get("id") == 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "pcx", "version": 1, "text": text}}})
    first = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert first["params"]["diagnostics"] == [], first["params"]["diagnostics"][:3]
    line = text.splitlines().index("train run80 = gd(L80, lr: 0.1, steps: 100, stop: loss < 1e-3)")
    column = len("train run80 = gd(L8")
    times, counts = [], []
    cpu_before = cpu_seconds(server.process.pid)
    for version in range(2, edits + 2):
        # "L80" -> "L8x" (unknown name: one error) and back: the whole script is checked each time.
        new = "x" if version % 2 == 0 else "0"
        change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column + 1}}, "text": new}
        start = time.perf_counter()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}})
        published = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                    and m["params"].get("version") == version)
        times.append((time.perf_counter() - start) * 1000)
        counts.append(len(published["params"]["diagnostics"]))
        time.sleep(0.05)  # a typist's pause: every edit is measured alone, after the debounce
    cpu = (cpu_seconds(server.process.pid) - cpu_before) / edits * 1000
    assert counts[0] >= 1 and counts[1] == 0, counts[:2]
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.wait_for(lambda m: m.get("id") == 2)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    code = server.process.wait(timeout=10)
    times.sort()
    median = statistics.median(times)
    p90 = times[int(0.9 * (len(times) - 1))]
    print(f"pcx lsp: {len(text.splitlines())}-line script ({len(text.encode())} bytes), {len(times)} edits, "
          f"change -> publishDiagnostics: min {times[0]:.1f} ms, median {median:.1f} ms, p90 {p90:.1f} ms, "
          f"max {times[-1]:.1f} ms; bar {BAR_MS:.0f} ms; server CPU {cpu:.1f} ms per edit; exit code {code}")
    return 0 if median <= BAR_MS and code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
