#!/usr/bin/env python3
"""N Server-Sent Events subscribers on loopback, for bench/serve.sh.

    sse_clients.py HOST:PORT N -- COMMAND...

Opens N connections to /events, waits until each has its first `tally` event, runs COMMAND
(a CLI `import` in another process), and measures, for every subscriber, the time from the
end of COMMAND to the event carrying the new count. Prints the slowest, the median and how
many got it within 1 s. Standard library only (asyncio); raise `ulimit -n` first.
"""

import asyncio
import json
import subprocess
import sys
import time


async def subscribe(host, port, ready, results, changed, i):
    for attempt in range(20):
        try:
            reader, writer = await asyncio.open_connection(host, port)
            break
        except OSError:
            await asyncio.sleep(0.05 * (attempt + 1))
    else:
        results[i] = None
        ready.release()
        return
    writer.write(f"GET /events?lang=en HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    first = None
    seen_ready = False
    while True:
        line = await reader.readline()
        if not line:
            results[i] = None
            break
        if line.startswith(b"data:"):
            actions = json.loads(line[5:])["actions"]
            if first is None:
                first = actions
                ready.release()
                seen_ready = True
                continue
            if actions != first:
                await changed.wait()
                results[i] = time.monotonic()
                break
    if not seen_ready:
        ready.release()
    writer.close()


async def main():
    host, port = sys.argv[1].rsplit(":", 1)
    n = int(sys.argv[2])
    command = sys.argv[sys.argv.index("--") + 1:]
    ready = asyncio.Semaphore(0)
    changed = asyncio.Event()
    results = [None] * n
    tasks = []
    t0 = time.monotonic()
    for i in range(n):
        tasks.append(asyncio.create_task(subscribe(host, int(port), ready, results, changed, i)))
        if i % 500 == 499:
            await asyncio.sleep(0.01)
    for _ in range(n):
        await ready.acquire()
    print(f"{n} subscribers connected and holding their first event in {time.monotonic() - t0:.1f} s",
          flush=True)
    # The stream sends at most one event a second: let every subscriber's pause run out.
    await asyncio.sleep(1.5)
    proc = await asyncio.create_subprocess_exec(*command)
    await proc.wait()
    done = time.monotonic()
    changed.set()
    await asyncio.wait(tasks, timeout=10)
    got = sorted(r - done for r in results if r is not None)
    lost = n - len(got)
    if not got:
        print("no subscriber saw the new count")
        return 1
    within = sum(1 for g in got if g <= 1.0)
    print(f"new count seen by {len(got)} of {n} subscribers ({lost} without it); "
          f"{within} within 1 s of the import's end; median {got[len(got) // 2] * 1000:.0f} ms, "
          f"slowest {got[-1] * 1000:.0f} ms")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
