/**
 * The lifeline watchdog, as a POSIX shell script.
 *
 * Procdeck holds the write end of the watchdog's stdin. The kernel closes it however
 * Procdeck dies, SIGKILL included, and the watchdog then ends every process group it
 * was told about, plus (on Linux) every process carrying this session's tag. It is a
 * shell script so that it runs wherever a Procfile does, with no Node or Electron
 * runtime (packaged Electron has runAsNode disabled).
 *
 * Protocol, one line each: `+PGID START` guard a group, `-PGID` forget it. START is the
 * group leader's start time (/proc/PID/stat field 22; empty where there is no /proc).
 * Before every signal the watchdog checks it: a group whose id now belongs to a process
 * that started at another time is a stranger that got a reused pid, and is left alone.
 * A leader that is gone while its group lives on is fine: Linux never hands out a pid
 * still in use as a group id, so `-PGID` then reaches only what is left of ours.
 * Argument $1: the session's tag prefix (`PROCDECK_TAG` values start with it).
 */
// `\${` below is a literal `${` for the shell.
export const WATCHDOG_SCRIPT = `
trap '' INT HUP PIPE
tag=$1
groups=' '
while IFS= read -r line; do
  case $line in
    +*) entry=\${line#+}; id=\${entry%% *}; start=\${entry#"$id"}; start=\${start# }
        # Only a real group id: \`kill -- -1\` would signal every process there is.
        case $id in ''|*[!0-9]*|0|1) continue ;; esac
        case $start in *[!0-9]*) continue ;; esac
        case $groups in *" $id:"*) ;; *) groups="$groups$id:$start " ;; esac ;;
    -*) id=\${line#-}
        case $groups in *" $id:"*)
          rest=\${groups#*" $id:"}; groups="\${groups%%" $id:"*} \${rest#* }" ;;
        esac ;;
  esac
done
started() {
  [ -r "/proc/$1/stat" ] || return 1
  IFS= read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
  set -- \${stat##*) }
  [ $# -ge 20 ] || return 1
  shift 19
  echo "$1"
}
ours() {
  id=\${1%%:*}; start=\${1#*:}
  [ -n "$start" ] || return 0
  now=$(started "$id") || return 0
  [ "$now" = "$start" ]
}
tagged() {
  [ -n "$tag" ] && [ -d /proc/self ] || return 0
  for f in $(grep -laF "PROCDECK_TAG=$tag" /proc/[0-9]*/environ 2>/dev/null); do
    p=\${f#/proc/}; echo "\${p%/environ}"
  done
}
sweep() {
  for g in $groups; do ours "$g" && kill -s "$1" -- "-\${g%%:*}" 2>/dev/null; done
  for p in $(tagged); do kill -s "$1" "$p" 2>/dev/null; done
}
alive() {
  for g in $groups; do ours "$g" && kill -s 0 -- "-\${g%%:*}" 2>/dev/null && return 0; done
  [ -n "$(tagged)" ]
}
sweep TERM
sweep CONT
i=0
while [ $i -lt 10 ] && alive; do sleep 0.1; i=$((i + 1)); done
sweep KILL
exit 0
`;
