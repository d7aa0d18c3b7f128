"""ptyterm: Polka in a real pseudo-terminal for the benchmarks' drivers (order-latency.py,
viewer.py): start it at 80x24, read its output until the terminal goes quiet, send keys."""
import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time


class Term:
    def __init__(self, polka, env=None):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ.update(env or {})
            os.execv(polka, [polka])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

    def read_until_quiet(self, quiet, first_timeout):
        """Output until `quiet` s of silence; (bytes, time of the last byte or None)."""
        buf, last = b"", None
        wait = first_timeout
        while True:
            r, _, _ = select.select([self.fd], [], [], wait)
            if not r:
                return buf, last
            try:
                data = os.read(self.fd, 1 << 16)
            except OSError:
                return buf, last
            if not data:
                return buf, last
            buf += data
            last = time.perf_counter()
            wait = quiet

    def settle(self, seconds=0.3, timeout=30):
        return self.read_until_quiet(seconds, timeout)[0]

    def send(self, data, settle_s=0.3, timeout=30):
        os.write(self.fd, data)
        return self.settle(settle_s, timeout)

    def key(self, data, who):
        """One key's latency: from writing data to the last byte of the screen update it caused
        (over when the terminal has been quiet for 20 ms; the time of its last byte counts, not
        the quiet), after the terminal settled; (ms, bytes). Exits naming `who` when nothing
        came."""
        self.settle(0.05, 0.05)
        t0 = time.perf_counter()
        os.write(self.fd, data)
        buf, last = self.read_until_quiet(0.02, 10)
        if last is None:
            sys.exit("%s: no screen update after a key" % who)
        return (last - t0) * 1000, buf
