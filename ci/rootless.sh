#!/usr/bin/env bash
# Laptop mode in CI: the samples as an ordinary, unprivileged user, sealed (-Psealed: each test JVM inside
# unshare --user --map-root-user --net, ci/sealed/bin/java), with Maven outside the namespaces and online.
#
#   ci/rootless.sh samples [MAVEN-ARGS...]
#
#   as root (CI): creates the user (default netnsci) if missing, copies the checkout (without target/ and .git)
#       into its home, and runs ./mvnw -B -Psamples,sealed verify there as that user, with HOME, MAVEN_USER_HOME
#       and the local repository all its own and EMPTY: the wrapper fetches Maven and Maven fetches every plugin
#       and dependency from Maven Central, exactly as on a new developer's laptop (nothing pre-filled, nothing of
#       root's shared). Reports are copied back to target/rootless/.
#   as an unprivileged user (developer): just runs ./mvnw -B -Psamples,sealed verify in place.
# Env: NETNS_CI_USER (default netnsci), NETNS_SEALED_MAP=root|auto (see ci/sealed/bin/java), JAVA_HOME.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(cd "$here/.." && pwd)
what=${1:-}; shift || true
[ "$what" = samples ] || { echo "usage: $0 samples [MAVEN-ARGS...]" >&2; exit 2; }
log() { echo "rootless: $*"; }
die() { echo "rootless: ERROR: $*" >&2; exit 1; }

if [ "$(id -u)" != 0 ]; then
  cd "$src"
  # shellcheck source=ci/commands.sh
  . ci/commands.sh
  run_samples -Psealed "$@"
  exit
fi

user=${NETNS_CI_USER:-netnsci}
if ! id -u "$user" >/dev/null 2>&1; then
  log "creating user $user"
  useradd --create-home --shell /bin/bash "$user"
fi
if command -v newuidmap >/dev/null 2>&1; then
  # --map-auto (the launcher's default when possible) needs a subordinate range for the user
  grep -q "^$user:" /etc/subuid 2>/dev/null || usermod --add-subuids 200000-265535 "$user"
  grep -q "^$user:" /etc/subgid 2>/dev/null || usermod --add-subgids 200000-265535 "$user"
fi
home=$(getent passwd "$user" | cut -d: -f6)
[ -d "$home" ] || { mkdir -p "$home"; chown "$user:" "$home"; }
command -v runuser >/dev/null || die "runuser (util-linux) is missing"
if ! err=$(runuser -u "$user" -- unshare --user --map-root-user --net true 2>&1); then
  die "$user cannot create a user namespace ($err); the preflight says why and how to fix it"
fi

work="$home/netns-junit-rootless"
log "copying the checkout to $work; $user gets an empty $home/.m2 (Maven online, nothing pre-filled)"
rm -rf "$work" "$home/.m2"; mkdir -p "$work"
tar -C "$src" --exclude=./.git --exclude=./target --exclude='./*/target' -cf - . | tar -C "$work" -xf -
chown -R "$user:" "$work"

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
log "running the samples sealed as $user ($(id -u "$user")), JAVA_HOME=$java_home"
rc=0
runuser -u "$user" -- env -i \
    PATH="$java_home/bin:/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin" \
    HOME="$home" USER="$user" LOGNAME="$user" LANG=C.UTF-8 CI="${CI:-}" JAVA_HOME="$java_home" \
    NETNS_SEALED_MAP="${NETNS_SEALED_MAP:-auto}" \
    bash -c 'cd "$1"; shift; . ci/commands.sh; run_samples -Psealed "$@"' rootless "$work" "$@" || rc=$?

mkdir -p "$src/target/rootless"
( cd "$work" && find . -path '*/target/*' \( -name 'surefire-reports' -o -name 'failsafe-reports' -o -name netns-junit \) \
    -prune -print0 | xargs -0 -r -I{} cp -a --parents {} "$src/target/rootless/" ) || true
log "reports copied to target/rootless/; exit code $rc"
exit "$rc"
