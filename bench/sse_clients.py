#!/usr/bin/env python3
"""N Server-Sent Events subscribers on loopback, for bench/serve.sh.

    sse_clients.py HOST:PORT N -- COMMAND...

Opens N connections to /events, waits until each has its first `tally` event, runs COMMAND
(a CLI `import` in another process), and measures, for every subscriber, the time from the
end of COMMAND to the arrival of an event with a different count. Prints the slowest, the
median and how many got it within 1 s. Standard library only: one epoll loop over
non-blocking sockets, so that the client itself adds little delay. Raise `ulimit -n` first.
"""

import re
import selectors
import socket
import subprocess
import sys
import time

ACTIONS = re.compile(rb'data:\s*\{"actions":(\d+)')


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    port = int(port)
    n = int(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    request = f"GET /events?lang=en HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    sel = selectors.EpollSelector()
    first = {}      # socket -> first count seen
    pending = {}    # socket -> bytes not yet matched
    t0 = time.monotonic()
    socks = []
    for i in range(n):
        s = socket.create_connection((host, port))
        s.sendall(request)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        pending[s] = b""
        socks.append(s)

    def pump(timeout, on_count):
        for key, _ in sel.select(timeout):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(s)
                continue
            buf = pending[s] + data
            last = None
            for m in ACTIONS.finditer(buf):
                last = int(m.group(1))
            # Keep only an unfinished tail for the next read.
            pending[s] = buf[-256:]
            if last is not None:
                on_count(s, last)

    def got_first(s, count):
        first.setdefault(s, count)

    deadline = time.monotonic() + 120
    while len(first) < n and time.monotonic() < deadline:
        pump(0.5, got_first)
    if len(first) < n:
        print(f"only {len(first)} of {n} subscribers got their first event")
        return 1
    print(f"{n} subscribers connected and holding their first event in "
          f"{time.monotonic() - t0:.1f} s", flush=True)
    # The stream sends at most one event a second: let every subscriber's pause run out.
    time.sleep(1.5)
    for s in socks:
        pending[s] = b""
    subprocess.run(command, check=True)
    done = time.monotonic()
    arrived = {}

    def got_new(s, count):
        if count != first[s] and s not in arrived:
            arrived[s] = time.monotonic() - done

    deadline = done + 10
    while len(arrived) < n and time.monotonic() < deadline:
        pump(0.2, got_new)
    got = sorted(arrived.values())
    if not got:
        print("no subscriber saw the new count")
        return 1
    within = sum(1 for g in got if g <= 1.0)
    print(f"new count seen by {len(got)} of {n} subscribers; {within} within 1 s of the "
          f"import's end; first {got[0] * 1000:.0f} ms, median {got[len(got) // 2] * 1000:.0f} ms, "
          f"slowest {got[-1] * 1000:.0f} ms")
    return 0 if len(got) == n else 1


if __name__ == "__main__":
    sys.exit(main())
