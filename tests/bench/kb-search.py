"""kb-search driver: runs Polka in a real pseudo-terminal and times the knowledge base's keys.

usage: kb-search.py POLKA LOGIN PASSWORD QUERIES_FILE OUT_DIR

Logs in, opens the knowledge base (the main menu's last item: End, Enter), then types each
query of QUERIES_FILE character by character (each character one write of its UTF-8 bytes;
the list searches again at every key). A key's latency is from writing it to the pty to the
last byte of the screen update it caused (over when the terminal has been quiet for 20 ms; the
time of its last byte counts, not the quiet). After each query the screen, as a terminal
emulator (pyte) reads it, must show the query on the search line, what was found ("Найдено"
or the first-rows notice) and a selected row; C-u clears the line between queries. Writes key_ms.txt
(one latency a line) and typed.txt (the search line after each key: the raw queries the
benchmark runs against) to OUT_DIR."""
import os
import sys

import pyte
from ptyterm import Term

polka, login, password, queries_file, out = sys.argv[1:6]
queries = [line.rstrip("\n") for line in open(queries_file, encoding="utf-8") if line.strip()]

term = Term(polka)
fd, pid = term.fd, term.pid
screen = pyte.Screen(80, 24)
stream = pyte.ByteStream(screen)


def settle(seconds=0.3, timeout=30):
    buf = term.settle(seconds, timeout)
    stream.feed(buf)
    return buf


def send(data, settle_s=0.3, timeout=30):
    os.write(fd, data)
    return settle(settle_s, timeout)


def timed(data):
    settle(0.05, 0.05)  # what is left fed to the screen first
    ms, buf = term.key(data, "kb-search")
    stream.feed(buf)  # after the timing: what the screen shows
    return ms, buf


settle(1.0, 30)
send(login.encode())
send(b"\t")
send(password.encode())
send(b"\r", 0.5)
send(b"\x1bOF", 0.3)  # End (keypad mode): the knowledge base, the menu's last item
send(b"\r", 1.0)


def shows(q):
    """The search line has q, a row is selected, the status says what was found."""
    lines = screen.display
    found = any("Найдено" in line or "Показаны" in line for line in lines[-3:])
    return q in lines[1] and found and any(line.startswith(">") for line in lines[3:6])


if not shows(""):
    sys.exit("kb-search: the knowledge base did not open:\n" + "\n".join(screen.display))

key_ms, typed = [], []
for q in queries:
    for i, ch in enumerate(q):
        ms, _ = timed(ch.encode())
        key_ms.append(ms)
        typed.append(q[: i + 1])
    settle(0.05, 0.05)
    if not shows(q):
        sys.exit("kb-search: query %r showed nothing found:\n%s" % (q, "\n".join(screen.display)))
    send(b"\x15", 0.1)  # C-u: the search line cleared

with open(os.path.join(out, "key_ms.txt"), "w") as f:
    f.write("".join("%.3f\n" % v for v in key_ms))
with open(os.path.join(out, "typed.txt"), "w", encoding="utf-8") as f:
    f.write("".join(t.replace("\n", " ") + "\n" for t in typed))
os.kill(pid, 9)
