#!/usr/bin/env bash
# Rootless mode: run the sample tests as an unprivileged user through user namespaces.
#
#   ci/rootless.sh samples [MAVEN-ARGS...]
#
# Recipe (checked on Debian 12, kernel 6.x):
#   unshare --user --map-root-user --net --mount -- mvn -o -Psamples verify
# The Maven JVM becomes uid 0 with a full capability set inside a fresh user namespace and
# owns a fresh network namespace. The library's own unshare(CLONE_NEWNET) calls from Java
# threads then create test namespaces owned by that user namespace: veth, bridges, addresses,
# routes, per-netns sysctls, nftables (nat/masquerade included), raw ICMP and AF_PACKET all work.
# The "host" namespace the tests see is the private one made by unshare --net (no uplink);
# the real host is out of reach (EPERM), so nothing can leak onto it.
# No network inside, so Maven runs offline (-o) from a pre-populated local repository.
#
# Two ways to call it:
#   as root (CI): creates the user $NETNS_CI_USER (default netnsci) if missing, copies the
#       checkout (without target/ and .git) and root's ~/.m2/repository into its home, runs
#       the tests there as that user and copies the reports back to target/rootless/.
#       The root run of the tests before it must have filled ~/.m2 (it does in .ci/run).
#   as an unprivileged user (developer): runs in place; first resolves everything online
#       outside the namespaces (a run that selects no test), then runs offline inside.
# Env: NETNS_CI_USER, NETNS_ROOTLESS_MAP=root|auto (default root: only the caller mapped to 0;
#      auto = util-linux --map-auto, needs newuidmap (package uidmap) and an /etc/subuid range:
#      maps 65536 more ids, so setgroups works and tcpdump can drop to its own user), JAVA_HOME.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
what=${1:-}; shift || true
[ "$what" = samples ] || { echo "usage: $0 samples [MAVEN-ARGS...]" >&2; exit 2; }

log() { echo "rootless: $*"; }
die() { echo "rootless: ERROR: $*" >&2; exit 1; }

userns_hint() {
  cat >&2 <<'HINT'
rootless: unprivileged user namespaces are not usable here. Check:
  sysctl user.max_user_namespaces                      (must be > 0)
  sysctl kernel.unprivileged_userns_clone              (Debian/Ubuntu kernels: must be 1, if present)
  sysctl kernel.apparmor_restrict_unprivileged_userns  (Ubuntu 23.10+: 0, or an AppArmor profile
                                                        granting "userns," to unshare/java)
  containers: the default seccomp profile of Docker/Podman blocks unshare(CLONE_NEWUSER)
HINT
}

map_opts() { # USER -> unshare options for the uid/gid mapping
  local u=$1 mode=${NETNS_ROOTLESS_MAP:-root}
  if [ "$mode" = auto ] && ! { command -v newuidmap >/dev/null && grep -q "^$u:" /etc/subuid 2>/dev/null \
       && unshare --help 2>/dev/null | grep -q -- --map-auto; }; then
    die "NETNS_ROOTLESS_MAP=auto needs newuidmap/newgidmap (package uidmap), a range for $u in /etc/subuid and /etc/subgid, and util-linux >= 2.38"
  fi
  case $mode in
    auto) echo "--map-auto --map-root-user" ;;
    root) echo "--map-root-user" ;;
    *) die "NETNS_ROOTLESS_MAP must be auto or root" ;;
  esac
}

# The command run inside: lo up in the private "host" namespace, then the README's command.
# user.home: the JVM inside sees uid 0 and would take /root (not ours) for ~/.m2.
inner_script='set -euo pipefail
ip link set lo up
echo "rootless: inside: $(id -u):$(id -g) $(grep CapEff /proc/self/status | tr -s "\t " " ") netns $(readlink /proc/self/ns/net) uid_map: $(tr -s " " < /proc/self/uid_map | tr "\n" ";")"
cd "$1"; shift
. ci/commands.sh
run_samples -o "$@"'

if [ "$(id -u)" != 0 ]; then
  # ---- developer mode: already unprivileged, run in place ----
  unshare --user --map-root-user true 2>/dev/null || { userns_hint; exit 1; }
  # The JVM takes user.home from the passwd entry, not $HOME; inside the user ns that is /root.
  export MAVEN_OPTS="-Duser.home=$HOME ${MAVEN_OPTS:-}"
  log "resolving dependencies online (selecting no test)"
  # shellcheck source=ci/commands.sh
  ( cd "$src" && . ci/commands.sh && run_samples -q -Dtest=NoTestSelected -Dit.test=NoTestSelected \
      -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@" >/dev/null )
  # Surefire/Failsafe resolve their JUnit Platform provider (and a matching launcher) only when a
  # test runs: fetch them now, with the versions the parent pom names.
  prop() { (cd "$src" && mvn -q -B -N -Dstyle.color=never help:evaluate -Dexpression="$1" -DforceStdout \
             2>/dev/null | sed 's/\x1b\[[0-9;]*m//g') || true; }
  for ga in org.apache.maven.surefire:surefire-junit-platform:surefire.version \
            org.junit.platform:junit-platform-launcher:junit.platform.version; do
    v=$(prop "${ga##*:}")
    if [[ $v =~ ^[0-9] ]]; then mvn -q -B dependency:get -Dartifact="${ga%:*}:$v" >/dev/null
    else log "WARNING: property ${ga##*:} not found; the offline run may miss ${ga%:*}"; fi
  done
  # shellcheck disable=SC2046
  exec unshare $(map_opts "$(id -un)") --net --mount -- bash -c "$inner_script" rootless "$src" "$@"
fi

# ---- CI mode: root prepares an unprivileged user and runs as it ----
user=${NETNS_CI_USER:-netnsci}
if ! id -u "$user" >/dev/null 2>&1; then
  log "creating user $user"
  useradd --create-home --shell /bin/bash "$user"
fi
if [ "${NETNS_ROOTLESS_MAP:-root}" = auto ]; then
  # --map-auto maps a subordinate range too, so tools that drop privileges (tcpdump) work inside
  grep -q "^$user:" /etc/subuid 2>/dev/null || usermod --add-subuids 200000-265535 "$user"
  grep -q "^$user:" /etc/subgid 2>/dev/null || usermod --add-subgids 200000-265535 "$user"
fi
home=$(getent passwd "$user" | cut -d: -f6)
[ -d "$home" ] || { mkdir -p "$home"; chown "$user:" "$home"; }
command -v runuser >/dev/null || die "runuser (util-linux) is missing"
runuser -u "$user" -- unshare --user --map-root-user --net true 2>/dev/null || { userns_hint; exit 1; }

work="$home/netns-junit-rootless"
log "copying the checkout to $work and ~/.m2/repository to $home/.m2"
rm -rf "$work"; mkdir -p "$work"
tar -C "$src" --exclude=./.git --exclude=./target --exclude='./*/target' -cf - . | tar -C "$work" -xf -
mkdir -p "$home/.m2"
if [ -d "${HOME:-/root}/.m2/repository" ]; then
  rm -rf "$home/.m2/repository"
  cp -a "${HOME:-/root}/.m2/repository" "$home/.m2/"
else
  log "WARNING: ${HOME:-/root}/.m2/repository is missing; the offline run will fail unless $user's has it"
fi
[ -f "${HOME:-/root}/.m2/settings.xml" ] && cp "${HOME:-/root}/.m2/settings.xml" "$home/.m2/"
chown -R "$user:" "$work" "$home/.m2"

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
maps=$(map_opts "$user")
log "running the samples as $user ($(id -u "$user")) with: unshare $maps --net --mount; JAVA_HOME=$java_home"
rc=0
# shellcheck disable=SC2086
runuser -u "$user" -- env -i \
    PATH="$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    HOME="$home" USER="$user" LANG=C.UTF-8 CI="${CI:-}" JAVA_HOME="$java_home" \
    MAVEN_OPTS="-Duser.home=$home ${MAVEN_OPTS:-}" \
    unshare $maps --net --mount -- bash -c "$inner_script" rootless "$work" "$@" || rc=$?

# reports back next to the checkout (CI artifacts), whatever the outcome
mkdir -p "$src/target/rootless"
( cd "$work" && find . -path '*/target/*' \( -name 'surefire-reports' -o -name 'failsafe-reports' -o -name netns-junit \) \
    -prune -print0 | xargs -0 -r -I{} cp -a --parents {} "$src/target/rootless/" ) || true
log "reports copied to target/rootless/; exit code $rc"
exit "$rc"
