# shellcheck shell=bash
# Helpers to drive a program through a real pseudo-terminal with tmux (sourced, not run).
#
#   tmux_start NAME COLS ROWS CMD [ARGS...]   private tmux server "NAME", one pane running CMD
#   tmux_text                                 the pane's visible text
#   tmux_wait_text TIMEOUT STRING...          poll until the pane shows every STRING
#   tmux_wait_change TIMEOUT TEXT             poll until the pane text differs from TEXT (or dies)
#   tmux_wait_dead TIMEOUT                    poll until the pane's process has exited
#   tmux_fmt FORMAT                           a tmux format for the pane, e.g. '#{alternate_on}'
#   tmux_keys KEY...  / tmux_type TEXT        send key names / literal text
#   tmux_stop                                 kill the private server (also on EXIT)
#   now_ms / now_us                           wall clock
#
# TMUX_POLL is the pause between two looks at the screen (seconds, default 0.02).
# The pane stays after its process exits (remain-on-exit), so the exit status and the
# terminal state it left behind can still be read.

unset TMUX TMUX_PANE # never talk to a tmux we may be running inside
TMUX_SOCK=
TMUX_CONF=

T() { tmux -u -L "$TMUX_SOCK" -f "$TMUX_CONF" "$@"; }

now_us() { echo "${EPOCHREALTIME/[.,]/}"; }
now_ms() { local t=${EPOCHREALTIME/[.,]/}; echo $((t / 1000)); }

tmux_start() {
  local name=$1 cols=$2 rows=$3
  shift 3
  TMUX_SOCK=$name
  TMUX_CONF=$(mktemp "${TMPDIR:-/tmp}/polka-tmux.XXXXXX")
  cat >"$TMUX_CONF" <<'EOF'
set -g remain-on-exit on
set -g escape-time 0
set -g status off
set -g default-terminal screen
set -g history-limit 0
EOF
  trap tmux_stop EXIT
  # tmux needs a UTF-8 locale itself to keep Cyrillic in capture-pane.
  LC_ALL=C.UTF-8 T new-session -d -s t -x "$cols" -y "$rows" -- "$@"
}

tmux_stop() {
  local sock
  if [[ -n $TMUX_SOCK ]]; then
    sock=$(T display-message -p '#{socket_path}' 2>/dev/null) || true
    T kill-server 2>/dev/null || true
    [[ -n $sock && -S $sock ]] && rm -f -- "$sock"
  fi
  [[ -n $TMUX_CONF ]] && rm -f -- "$TMUX_CONF"
  TMUX_SOCK=
  TMUX_CONF=
}

tmux_text() { LC_ALL=C.UTF-8 T capture-pane -p -t t; }
tmux_fmt() { T display-message -p -t t "$1"; }
tmux_keys() { T send-keys -t t "$@"; }
tmux_type() { T send-keys -t t -l -- "$1"; }
tmux_dead() { [[ $(tmux_fmt '#{pane_dead}') == 1 ]]; }

# Poll about every 20 ms; return 1 after TIMEOUT seconds.
tmux_wait_text() {
  local timeout=$1 deadline text s ok
  shift
  deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    text=$(tmux_text)
    ok=1
    for s in "$@"; do [[ $text == *"$s"* ]] || { ok=0; break; }; done
    ((ok)) && return 0
    (($(now_ms) > deadline)) && return 1
    sleep "${TMUX_POLL:-0.02}"
  done
}

tmux_wait_change() {
  local timeout=$1 before=$2 deadline
  deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    tmux_dead && return 0
    [[ $(tmux_text) != "$before" ]] && return 0
    (($(now_ms) > deadline)) && return 1
    sleep "${TMUX_POLL:-0.02}"
  done
}

tmux_wait_dead() {
  local timeout=$1 deadline
  deadline=$(($(now_ms) + timeout * 1000))
  until tmux_dead; do
    (($(now_ms) > deadline)) && return 1
    sleep "${TMUX_POLL:-0.02}"
  done
}
