"""claims-queue driver: the claims queue through a real pseudo-terminal (tests/bench/claims-queue).

usage: claims-queue.py POLKA LOGIN PASSWORD KEYS OUT_DIR

Logs in, opens the claims queue (the menu's second item for quality) and then KEYS times:
moves the top stage's deadline a minute earlier (over a connection of its own, as the
superuser, before the key: not timed) and presses F5; then KEYS times: Esc back to the menu and
Enter opening the queue again. A key's latency runs from writing it to the last byte of the
screen update it caused (the update is over when the terminal has been quiet for 20 ms; the
time of its last byte counts, not the quiet); F5 must change the screen, Enter draw the list
(a claim number). Writes
f5_ms.txt and open_ms.txt (one latency a line) to OUT_DIR."""
import os
import sys
import time

import psycopg2

from ptyterm import Term

polka, login, password, keys, out = sys.argv[1:6]
keys = int(keys)
term = Term(polka)
con = psycopg2.connect("")
con.autocommit = True
cur = con.cursor()


def timed(data, what, full):
    """full: the whole list drawn (a claim number in the update); else any change (curses
    writes what differs: the moved deadline)."""
    term.settle(0.05, 0.05)
    t0 = time.perf_counter()
    os.write(term.fd, data)
    buf, last = term.read_until_quiet(0.02, 10)
    if last is None or (full and "ПР-".encode() not in buf):
        sys.exit("claims-queue: %s showed no claims: %r" % (what, buf[-400:]))
    return (last - t0) * 1000


term.settle(1.0, 30)
term.send(login.encode())
term.send(b"\t")
term.send(password.encode())
term.send(b"\r", 0.5)
term.send(b"\x1bOB", 0.3)  # Down: Claims
screen = term.send(b"\r", 1.0)
if "ПР-".encode() not in screen:
    sys.exit("claims-queue: the queue did not open: %r" % screen[-400:])

f5 = []
for i in range(keys):
    cur.execute("""UPDATE polka.claim_stages SET due_at = due_at - interval '1 minute'
                    WHERE id = (SELECT s.id FROM polka.claim_stages s JOIN polka.people p ON p.id = s.owner_id
                                 WHERE p.login = %s AND s.done_at IS NULL ORDER BY s.due_at LIMIT 1)""", (login,))
    f5.append(timed(b"\x1b[15~", "F5", False))
opened = []
for i in range(keys):
    term.send(b"\x1b", 0.3)
    opened.append(timed(b"\r", "Enter", True))
os.kill(term.pid, 9)
with open(os.path.join(out, "f5_ms.txt"), "w") as f:
    f.write("".join("%.3f\n" % v for v in f5))
with open(os.path.join(out, "open_ms.txt"), "w") as f:
    f.write("".join("%.3f\n" % v for v in opened))
