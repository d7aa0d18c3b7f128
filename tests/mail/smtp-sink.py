"""smtp-sink: a real SMTP server for the tests (Debian's aiosmtpd) on 127.0.0.1.

usage: smtp-sink.py DIR PORT_FILE

Listens on a free port (written to PORT_FILE once it listens), keeps each message it accepts
as DIR/N.eml (the bytes as received, N from 1), refuses with 550 every recipient and every
sender whose address starts with "refuse", and runs until killed."""
import asyncio
import os
import signal
import socket
import sys
import time

from aiosmtpd.controller import Controller

out_dir, port_file = sys.argv[1:3]
count = 0


class Handler:
    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if address.lower().startswith("refuse"):
            return "550 5.7.1 <%s>: sender not allowed to relay" % address
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refuse"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count
        count += 1
        path = os.path.join(out_dir, "%d.eml" % count)
        with open(path + ".part", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(path + ".part", path)
        return "250 Message accepted for delivery"


# A free port: the kernel's pick for a socket bound and let go (aiosmtpd checks the port it
# listens on by connecting to it, so it wants a real number, not 0).
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
with open(port_file + ".part", "w") as f:
    f.write("%d\n" % port)
os.rename(port_file + ".part", port_file)
signal.signal(signal.SIGTERM, lambda *a: (controller.stop(), sys.exit(0)))
while True:
    time.sleep(3600)
