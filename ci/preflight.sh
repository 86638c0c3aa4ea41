#!/usr/bin/env bash
# Preflight: can this runner run netns-junit's tests? One line per requirement:
#   OK | MISSING (required; exit 1) | WARN (optional part) , and how to fix it.
# Every kernel check runs inside a throwaway `unshare --net` namespace: nothing touches the host,
# nothing is left behind (the namespace dies with the command).
#
#   ci/preflight.sh             check the current user (CI as root, or sudo)
#   ci/preflight.sh --rootless  check rootless mode: re-runs itself as "root" inside
#                               unshare --user --map-root-user --net (what -Psealed does per test JVM)
set -uo pipefail

if [ "${1:-}" = --rootless ] && [ -z "${NETNS_PREFLIGHT_INNER:-}" ]; then
  echo "preflight --rootless: re-running inside unshare --user --map-root-user --net as $(id -un)"
  NETNS_PREFLIGHT_INNER=1 exec unshare --user --map-root-user --net -- "$0" --rootless
fi

required_missing=0
line() { printf '%-8s %-34s %s\n' "$1" "$2" "$3"; }
ok()   { line OK "$1" "$2"; }
miss() { line MISSING "$1" "$2"; required_missing=$((required_missing+1)); }
warn() { line WARN "$1" "$2"; }
have() { command -v "$1" >/dev/null 2>&1; }

echo "netns-junit preflight on $(uname -sr), $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown OS}")"

# 1. privileges: root, or CAP_NET_ADMIN(12) + CAP_NET_RAW(13) + CAP_SYS_ADMIN(21) effective
capeff=$(awk '/^CapEff:/ {print $2}' /proc/self/status)
capbit() { (( (16#$capeff >> $1) & 1 )); }
caps=""; for c in 12:NET_ADMIN 13:NET_RAW 21:SYS_ADMIN; do capbit "${c%%:*}" || caps="$caps CAP_${c#*:}"; done
if [ -z "$caps" ]; then ok privileges "uid $(id -u), CapEff $capeff has NET_ADMIN, NET_RAW, SYS_ADMIN"
else miss privileges "uid $(id -u), CapEff $capeff lacks$caps: run as root (sudo -E), or in a container with --cap-add NET_ADMIN --cap-add SYS_ADMIN (NET_RAW is a Docker default), or without root in laptop mode (./mvnw -Psealed verify)"; fi
seccomp=$(awk '/^Seccomp:/ {print $2}' /proc/self/status)
[ "$seccomp" = 2 ] && warn seccomp "a seccomp filter is active (container?): if unshare fails below, its profile blocks unshare/setns; Docker's default allows them only with CAP_SYS_ADMIN"

# 2. network namespaces
if ! have unshare; then
  miss "netns: unshare(CLONE_NEWNET)" "no unshare binary to test with: apt-get install util-linux"
elif err=$(unshare --net true 2>&1); then ok "netns: unshare(CLONE_NEWNET)" "a network namespace can be created"
else miss "netns: unshare(CLONE_NEWNET)" "unshare --net failed: ${err//$'\n'/ } (needs CAP_SYS_ADMIN; in containers also a seccomp profile that allows unshare)"; fi

in_ns() { unshare --net -- sh -c "$1" 2>&1; }
netns_ok=0; have unshare && unshare --net true 2>/dev/null && netns_ok=1
# 3. veth and bridge
if [ $netns_ok = 0 ]; then miss "link kinds veth, bridge" "not checked: no network namespace"
elif ! have ip; then warn "link kinds veth, bridge" "not checked: no ip binary (apt-get install iproute2); the library itself does not need it"
else
  for kind in veth bridge; do
    case $kind in veth) cmd="ip link add pf0 type veth peer name pf1";; bridge) cmd="ip link add pfbr0 type bridge";; esac
    if err=$(in_ns "$cmd && ip link set lo up"); then ok "link kind $kind" "created in a throwaway namespace"
    else miss "link kind $kind" "${err//$'\n'/ } (kernel module ${kind/bridge/bridge}: modprobe $kind, or a kernel with CONFIG_${kind^^}; in containers the host must load it)"; fi
  done
fi

# 4. nf_tables with NAT (masquerade)
nft_rules='table ip pf_probe {
  chain post { type nat hook postrouting priority srcnat; policy accept;
    ip saddr 198.51.100.0/24 oifname != "pf0" masquerade; }
}'
if [ $netns_ok = 0 ]; then miss "nf_tables nat/masquerade" "not checked: no network namespace"
elif have nft; then
  if err=$(unshare --net -- sh -c 'nft -f - && nft list ruleset >/dev/null' <<<"$nft_rules" 2>&1); then
    ok "nf_tables nat/masquerade" "nat chain + masquerade rule loaded in a throwaway namespace"
  else miss "nf_tables nat/masquerade" "${err//$'\n'/ } (modules nf_tables, nft_chain_nat, nft_masq; CONFIG_NF_TABLES, CONFIG_NFT_NAT, CONFIG_NFT_MASQ)"; fi
elif [ -d /sys/module/nf_tables ] || modinfo nf_tables >/dev/null 2>&1; then
  warn "nf_tables nat/masquerade" "nf_tables module present; nat not checked without nft (apt-get install nftables)"
else warn "nf_tables nat/masquerade" "not checked: no nft binary (apt-get install nftables) and no nf_tables module seen"; fi

# 5. user namespaces (rootless mode only)
max_userns=$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo "?")
clone=$(cat /proc/sys/kernel/unprivileged_userns_clone 2>/dev/null || echo "n/a")
aa=$(cat /proc/sys/kernel/apparmor_restrict_unprivileged_userns 2>/dev/null || echo "n/a")
settings="user.max_user_namespaces=$max_userns kernel.unprivileged_userns_clone=$clone kernel.apparmor_restrict_unprivileged_userns=$aa"
probe_userns='unshare --user --map-root-user --net -- sh -c "ip link add pf0 type veth peer name pf1 2>/dev/null || true"'
if ! have unshare; then warn "user namespaces (rootless)" "not checked: no unshare"
else
  if [ "$(id -u)" = 0 ] && [ -z "${NETNS_PREFLIGHT_INNER:-}" ] && have runuser; then err=$(runuser -u nobody -- sh -c "$probe_userns" 2>&1); rc=$?; who="as nobody"
  else err=$(sh -c "$probe_userns" 2>&1); rc=$?; who="as $(id -un)"; fi
  if [ $rc = 0 ]; then ok "user namespaces (rootless)" "$who: unshare --user --map-root-user --net works; $settings"
  else warn "user namespaces (rootless)" "$who: ${err//$'\n'/ }; $settings (laptop mode needs: sudo sysctl -w user.max_user_namespaces=15000 if 0; sudo sysctl -w kernel.unprivileged_userns_clone=1 if 0; Ubuntu 23.10+: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0; in a container its seccomp profile must allow unshare)"; fi
fi

# 6. JDK >= 17 and Maven
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ver=$("$java_bin" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}') && [ -n "$ver" ]; then
  major=${ver%%.*}; [ "$major" = 1 ] && major=$(echo "$ver" | cut -d. -f2)
  if [ "$major" -ge 17 ] 2>/dev/null; then ok "JDK >= 17" "$java_bin $ver"
  else miss "JDK >= 17" "$java_bin is $ver: apt-get install openjdk-17-jdk-headless, set JAVA_HOME"; fi
else miss "JDK >= 17" "no java: apt-get install openjdk-17-jdk-headless"; fi
if have mvn && mv=$(mvn -v 2>/dev/null | sed -n 's/.*Apache Maven \([0-9.]*\).*/\1/p' | head -1) && [ -n "$mv" ]; then
  if printf '3.6.3\n%s\n' "$mv" | sort -V -C; then ok "Maven >= 3.6.3" "mvn $mv"
  else miss "Maven >= 3.6.3" "mvn $mv is too old for Surefire/Failsafe 3.5: install a newer Maven"; fi
else miss "Maven >= 3.6.3" "no mvn: apt-get install maven"; fi

# 7. optional oracles (the library does not need them; some tests use them to cross-check)
for t in ip:iproute2 nft:nftables tcpdump:tcpdump; do
  if have "${t%%:*}"; then ok "oracle ${t%%:*}" "$(command -v "${t%%:*}")"
  else warn "oracle ${t%%:*}" "absent; oracle tests skip (apt-get install ${t#*:})"; fi
done

if [ $required_missing = 0 ]; then echo "preflight: OK, every required part is there"; exit 0
else echo "preflight: $required_missing required part(s) MISSING"; exit 1; fi
