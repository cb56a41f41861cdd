"""A real SMTP server for marathon's tests, built on aiosmtpd.

Binds 127.0.0.1, prints `READY <port>` on stdout once it accepts connections, and stores every
accepted message in the store folder as `<seq>.eml` (the bytes received after DATA, headers
included) plus one JSON line in `index.jsonl`:
`{"seq", "mail_from", "rcpt_tos", "message_id", "file", "tls", "auth"}`.
The `.eml` file is renamed into place before its index line is appended, so a reader that
follows the index (and ignores a last line without its newline) never sees half a message.

Faults are drawn from one random generator seeded with `--seed`, two draws per message
(drop, then temporary failure) in arrival order, so a sequential client meets the same faults
on every run. Exits cleanly on SIGTERM or SIGINT, and with `--watch-stdin` when stdin closes
(the test process died without killing the server).
"""

import argparse
import asyncio
import email.parser
import json
import logging
import os
import random
import re
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# aiosmtpd warns (rightly, for production) when AUTH is allowed without TLS; here it is a
# deliberate test setting.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    p.add_argument("--store", required=True, help="folder for <seq>.eml and index.jsonl")
    p.add_argument("--tls-cert", help="PEM certificate chain; enables STARTTLS")
    p.add_argument("--tls-key", help="PEM private key of --tls-cert")
    p.add_argument("--require-tls", action="store_true", help="530 to MAIL before STARTTLS")
    p.add_argument("--no-starttls", action="store_true", help="do not offer STARTTLS")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH PLAIN or LOGIN")
    p.add_argument("--auth-plaintext", action="store_true", help="allow AUTH before STARTTLS")
    p.add_argument("--seed", type=int, default=0, help="seed of the fault generator")
    p.add_argument("--temp-fail-rate", type=float, default=0.0,
                   help="share of messages refused with --temp-fail-code at end of DATA")
    p.add_argument("--temp-fail-code", type=int, choices=(421, 451, 454), default=451)
    p.add_argument("--reject", metavar="REGEX", help="550 for RCPT addresses matching REGEX")
    p.add_argument("--drop-rate", type=float, default=0.0,
                   help="share of messages where the connection is cut after DATA, no reply")
    p.add_argument("--drop-after-store", action="store_true",
                   help="store a dropped message first (the client never hears it was taken)")
    p.add_argument("--delay-ms", type=int, default=0, help="latency before replying to DATA")
    p.add_argument("--pipelining", action="store_true", help="advertise PIPELINING (RFC 2920)")
    p.add_argument("--watch-stdin", action="store_true", help="exit when stdin closes")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.require_tls and (not args.tls_cert or args.no_starttls):
        p.error("--require-tls needs --tls-cert/--tls-key and STARTTLS offered")
    for name in ("temp_fail_rate", "drop_rate"):
        if not 0.0 <= getattr(args, name) <= 1.0:
            p.error(f"--{name.replace('_', '-')} must be between 0 and 1")
    if args.auth and ":" not in args.auth:
        p.error("--auth takes USER:PASSWORD")
    return args


class Store:
    """Numbered message files plus an append-only JSON-lines index."""

    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)
        self.seq = 0
        self.index = open(os.path.join(folder, "index.jsonl"), "a", encoding="utf-8")

    def save(self, envelope, session):
        self.seq += 1
        name = f"{self.seq:06d}.eml"
        tmp = os.path.join(self.folder, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        os.replace(tmp, os.path.join(self.folder, name))
        headers = email.parser.BytesHeaderParser().parsebytes(envelope.original_content)
        message_id = headers.get("Message-ID")
        if message_id is not None:
            message_id = str(message_id).strip().removeprefix("<").removesuffix(">")
        auth = session.auth_data.login.decode() if session.auth_data else None
        line = json.dumps({
            "seq": self.seq,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "message_id": message_id,
            "file": name,
            "tls": session.ssl is not None,
            "auth": auth,
        })
        # One write of a whole line; readers ignore a trailing line without its newline.
        self.index.write(line + "\n")
        self.index.flush()


class Handler:
    """aiosmtpd hooks: recipient rejection, faults at end of DATA, storage."""

    def __init__(self, args, store):
        self.args = args
        self.store = store
        self.rng = random.Random(args.seed)
        self.reject = re.compile(args.reject) if args.reject else None

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # With this (new-style) hook aiosmtpd leaves recording the client's name to us.
        session.host_name = hostname
        if self.args.pipelining:
            # aiosmtpd reads one command line at a time, so pipelined commands are answered in
            # order; advertising it lets a client send MAIL, RCPT and DATA in one write.
            responses.insert(-1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject.search(address):
            return "550 5.1.1 mailbox unavailable (rejected by test server)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Both draws happen for every message so one fault's rate does not shift the other's
        # sequence.
        drop = self.rng.random() < self.args.drop_rate
        temp_fail = self.rng.random() < self.args.temp_fail_rate
        if self.args.delay_ms:
            await asyncio.sleep(self.args.delay_ms / 1000)
        if drop:
            if self.args.drop_after_store:
                self.store.save(envelope, session)
            server.transport.abort()
            return await self.wait_for_close()
        if temp_fail:
            code = self.args.temp_fail_code
            if code == 421:
                # 421 means the server is closing the channel: say so, then close it.
                await server.push("421 4.3.2 service shutting down (test server)")
                server.transport.close()
                return await self.wait_for_close()
            return f"{code} 4.3.0 temporary failure (test server)"
        self.store.save(envelope, session)
        return "250 OK"

    async def wait_for_close(self):
        # connection_lost() cancels this task, so no reply is ever written; the timeout only
        # guards against a transport that never reports its loss.
        await asyncio.sleep(30)
        return "421 4.3.2 closing"


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            mechanism in ("PLAIN", "LOGIN")
            and isinstance(auth_data, LoginPassword)
            and auth_data.login == user
            and auth_data.password == password
        )
        # handled=False makes aiosmtpd send its own 535; the default (True) sends nothing.
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    return check


def smtp_options(args):
    opts = {
        # An explicit name: aiosmtpd would otherwise call getfqdn(), slow without DNS.
        "hostname": "localhost",
        "ident": "marathon test server",
        "enable_SMTPUTF8": True,
        "timeout": 60,
    }
    if args.tls_cert and not args.no_starttls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls_cert, args.tls_key)
        opts["tls_context"] = ctx
        opts["require_starttls"] = args.require_tls
    if args.auth:
        user, password = args.auth.split(":", 1)
        opts["authenticator"] = authenticator(user.encode(), password.encode())
        opts["auth_required"] = True
        opts["auth_require_tls"] = not args.auth_plaintext
    return opts


async def serve(args):
    store = Store(args.store)
    handler = Handler(args, store)
    opts = smtp_options(args)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, loop=loop, **opts), host="127.0.0.1", port=args.port, backlog=128
    )
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.watch_stdin:
        fd = sys.stdin.fileno()

        def on_stdin():
            if not os.read(fd, 4096):
                loop.remove_reader(fd)
                stop.set()

        loop.add_reader(fd, on_stdin)
    port = server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await stop.wait()
    server.close()
    store.index.close()


def main(argv=None):
    args = parse_args(argv if argv is not None else sys.argv[1:])
    logging.basicConfig(level=logging.WARNING, format="server.py: %(levelname)s %(message)s")
    # aiosmtpd warns on every AUTH about its own deprecated attribute; keep errors only.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
