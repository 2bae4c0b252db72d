/**
 * The lifeline watchdog, as a POSIX shell script.
 *
 * Procdeck holds the write end of the watchdog's stdin. The kernel closes it however
 * Procdeck dies, SIGKILL included, and the watchdog then ends every process group it
 * was told about, plus (on Linux) every process carrying this session's tag. It is a
 * shell script so that it runs wherever a Procfile does, with no Node or Electron
 * runtime (packaged Electron has runAsNode disabled).
 *
 * Protocol, one line each: `+PGID` guard a group, `-PGID` forget it.
 * Argument $1: the session's tag prefix (`PROCDECK_TAG` values start with it).
 */
// `\${` below is a literal `${` for the shell.
export const WATCHDOG_SCRIPT = `
trap '' INT HUP PIPE
tag=$1
groups=' '
while IFS= read -r line; do
  case $line in
    +*) groups="$groups\${line#+} " ;;
    -*) id=\${line#-}
        case $groups in *" $id "*) groups="\${groups%%" $id "*} \${groups#*" $id "}" ;; esac ;;
  esac
done
tagged() {
  [ -n "$tag" ] && [ -d /proc/self ] || return 0
  for f in $(grep -laF "PROCDECK_TAG=$tag" /proc/[0-9]*/environ 2>/dev/null); do
    p=\${f#/proc/}; echo "\${p%/environ}"
  done
}
sweep() {
  for g in $groups; do kill -s "$1" -- "-$g" 2>/dev/null; done
  for p in $(tagged); do kill -s "$1" "$p" 2>/dev/null; done
}
alive() {
  for g in $groups; do kill -s 0 -- "-$g" 2>/dev/null && return 0; done
  [ -n "$(tagged)" ]
}
sweep TERM
sweep CONT
i=0
while [ $i -lt 10 ] && alive; do sleep 0.1; i=$((i + 1)); done
sweep KILL
exit 0
`;
