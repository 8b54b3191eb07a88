#!/usr/bin/env python3
"""A real SMTP server for the tests: Debian's aiosmtpd on 127.0.0.1, each message it accepts saved
as one file in a folder (written whole, then renamed into place).

    smtp_sink.py FOLDER PORT [--auth USER:PASSWORD]

PORT 0 takes any free port. The port in use is printed on the first line of stdout once the server
listens. SIGTERM stops it. A recipient whose address starts with "reject" is refused with a
permanent 550, so the tests can see a server's reply recorded.
"""
import asyncio
import os
import signal
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Saver:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, "%d-%d-%d.eml" % (time.time_ns(), os.getpid(), self.count))
        with open(name + ".part", "wb") as f:
            f.write(("X-Envelope-From: %s\r\n" % envelope.mail_from).encode())
            for rcpt in envelope.rcpt_tos:
                f.write(("X-Envelope-To: %s\r\n" % rcpt).encode())
            f.write(envelope.original_content or envelope.content)
        os.rename(name + ".part", name)
        return "250 2.0.0 Ok: queued as %d" % self.count


def authenticator_for(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and \
            auth_data.password.decode() == password
        return AuthResult(success=ok)
    return check


async def main():
    folder, port = sys.argv[1], int(sys.argv[2])
    auth = None
    if len(sys.argv) > 4 and sys.argv[3] == "--auth":
        auth = sys.argv[4].split(":", 1)
    handler = Saver(folder)
    loop = asyncio.get_running_loop()

    def factory():
        if auth:
            return SMTP(handler, hostname="test-smtp", auth_required=True, auth_require_tls=False,
                        authenticator=authenticator_for(*auth))
        return SMTP(handler, hostname="test-smtp")

    server = await loop.create_server(factory, "127.0.0.1", port, reuse_address=True)
    print(server.sockets[0].getsockname()[1], flush=True)
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
