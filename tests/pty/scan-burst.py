"""scan-burst driver: a keyboard-wedge scanner typing into the return desk through a real
pseudo-terminal.

usage: scan-burst.py POLKA LOGIN PASSWORD CODES_FILE RATE OUT_FILE

Logs in, opens the return desk (the menu's fourth item from the bottom for a waybill clerk),
then types each code of CODES_FILE and Enter as one write, RATE codes a second on a fixed
schedule (a late write does not push the next ones). The terminal's output is read all along
and fed to a terminal emulator (pyte, an independent reader of what the screen shows): a code
is confirmed when it first shows on the screen as returned (the message line, or its line in
the scans' log); its latency runs from writing its Enter to that. Bells are counted in the raw
output. A code shown as returned already was taken twice (the run's codes were all out): doubled.
Writes OUT_FILE: "sent N", "confirmed N", "doubled N", "bells N", then one latency (ms) a
line; and OUT_FILE.screen, the screen as the burst left it."""
import os
import signal
import sys
import threading
import time

import pyte

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from ptyterm import Term  # noqa: E402

polka, login, password, codes_file, rate, out = sys.argv[1:7]
rate = float(rate)
codes = [c.strip() for c in open(codes_file, encoding="utf-8") if c.strip()]
ROWS, COLS = 30, 100

term = Term(polka, {"LINES": str(ROWS), "COLUMNS": str(COLS)})
import fcntl  # noqa: E402
import struct  # noqa: E402
import termios  # noqa: E402

fcntl.ioctl(term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
os.kill(term.pid, signal.SIGWINCH)

screen = pyte.Screen(COLS, ROWS)
stream = pyte.ByteStream(screen)
lock = threading.Lock()
sent_at = {}  # code -> perf_counter of its Enter
seen_at = {}  # code -> perf_counter it first showed as returned
again = set()  # codes shown as "returned already": a scan taken twice (none was back before)
bells = 0
done = threading.Event()
returned_words = ("возвращён", "returned")


def scan_screen(now):
    # The message line and the scans' log: a code shown with the word "returned" on its line
    # ("returned already" on a code this run never sent before: doubled).
    for line in screen.display:
        if not any(w in line for w in returned_words):
            continue
        twice = "уже" in line or "already" in line
        for word in line.split():
            if word in sent_at:
                if twice:
                    again.add(word)
                elif word not in seen_at:
                    seen_at[word] = now


def reader():
    global bells
    import select
    while not done.is_set():
        r, _, _ = select.select([term.fd], [], [], 0.05)
        if not r:
            continue
        try:
            data = os.read(term.fd, 1 << 16)
        except OSError:
            return
        if not data:
            return
        now = time.perf_counter()
        with lock:
            bells += data.count(b"\x07")
            stream.feed(data)
            scan_screen(now)


def wait_for(text, timeout):
    end = time.time() + timeout
    while time.time() < end:
        with lock:
            if any(text in line for line in screen.display):
                return True
        time.sleep(0.02)
    return False


threading.Thread(target=reader, daemon=True).start()
if not wait_for("Polka", 15):
    sys.exit("scan-burst: the login screen did not show")
os.write(term.fd, login.encode() + b"\t" + password.encode() + b"\r")
if not wait_for("Возврат документов", 15):
    sys.exit("scan-burst: the main menu did not show the return desk")
os.write(term.fd, b"\x1bOF")  # End (keypad mode)
time.sleep(0.2)
for _ in range(5):  # a clerk's menu ends: Returned documents, Corrections, Waybill desk, Print rules, Stock, Knowledge base
    os.write(term.fd, b"\x1bOA")  # Up
    time.sleep(0.1)
os.write(term.fd, b"\r")
if not wait_for("Сканируйте", 15):
    with lock:
        sys.exit("scan-burst: the return desk did not open:\n" + "\n".join(screen.display))
time.sleep(0.3)
with lock:
    bells = 0

t0 = time.perf_counter() + 0.1
for i, code in enumerate(codes):
    at = t0 + i / rate
    delay = at - time.perf_counter()
    if delay > 0:
        time.sleep(delay)
    with lock:
        sent_at[code] = time.perf_counter()
    os.write(term.fd, code.encode() + b"\r")
end = time.time() + 10
while time.time() < end:
    with lock:
        if len(seen_at) == len(codes):
            break
    time.sleep(0.05)
time.sleep(0.3)
done.set()
with lock:
    lat = [(seen_at[c] - sent_at[c]) * 1000 for c in codes if c in seen_at]
    n_bells = bells
    last = "\n".join(screen.display)
os.kill(term.pid, signal.SIGTERM)
try:
    os.waitpid(term.pid, 0)
except ChildProcessError:
    pass
with open(out + ".screen", "w") as f:
    f.write(last + "\n")
with open(out, "w") as f:
    f.write("sent %d\nconfirmed %d\ndoubled %d\nbells %d\n" % (len(codes), len(lat), len(again), n_bells))
    for ms in lat:
        f.write("%.3f\n" % ms)
if len(lat) < len(codes):
    missing = [c for c in codes if c not in seen_at][:5]
    sys.stderr.write("scan-burst: not confirmed on the screen: %s ...\n%s\n" % (" ".join(missing), last))
