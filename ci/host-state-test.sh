#!/usr/bin/env bash
# Self-test of ci/host-state.sh. Runs as root entirely inside a throwaway network + mount
# namespace (unshare --net --mount, private tmpfs on /run), so nothing here touches the host.
#  1. traffic (link statistics, nft counters) must NOT count as a change, stats64 included;
#  2. a new link, an nft table, ip_forward=1, a named netns and an nsfs bind mount MUST.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "${1:-}" != "--inside" ]; then
  exec unshare --net --mount -- "$0" --inside
fi

mount --make-rprivate /
mount -t tmpfs tmpfs /run
# shellcheck source=ci/host-state.sh
source "$here/host-state.sh"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0 passes=0
ok()  { echo "  ok   $*"; passes=$((passes+1)); }
bad() { echo "  FAIL $*"; fails=$((fails+1)); }
expect_same() { if compare "$tmp/a" "$tmp/b" >/dev/null 2>&1; then ok "$1"; else bad "$1"; cat "$tmp/b.diff"; fi; }
expect_diff() { # NAME SECTION
  if compare "$tmp/a" "$tmp/b" >"$tmp/out" 2>&1; then bad "$1 (no difference seen)";
  elif grep -q "changed: $2" "$tmp/out"; then ok "$1 (changed: $2)"; else bad "$1 (wrong section)"; cat "$tmp/out"; fi
}

ip link set lo up
have_ping=0; command -v ping >/dev/null && have_ping=1
traffic() {
  if [ $have_ping = 1 ]; then ping -c 3 -i 0.2 -W 1 127.0.0.1 >/dev/null 2>&1 || true
  else (exec 3<>/dev/tcp/127.0.0.1/9) 2>/dev/null || true; fi
}

echo "host-state self-test (in a throwaway netns):"
# 1a. the filter drops stats/stats64 from `ip -s` output while traffic flows
ip -j -s -d link show > "$tmp/s1"; traffic; ip -j -s -d link show > "$tmp/s2"
if ! cmp -s "$tmp/s1" "$tmp/s2" && grep -q stats64 "$tmp/s1" \
   && [ "$(jq -S "$_hs_jq_links" "$tmp/s1")" = "$(jq -S "$_hs_jq_links" "$tmp/s2")" ]; then
  ok "link statistics (stats64) change with traffic and are ignored"
else bad "link statistics filter"; fi

# 1b. nft counters that count traffic are ignored
if command -v nft >/dev/null; then
  nft -f - <<'NFT'
table inet hs_selftest {
  chain out { type filter hook output priority 0; policy accept; counter; }
}
NFT
fi
snapshot "$tmp/a"; traffic; snapshot "$tmp/b"
if command -v nft >/dev/null && [ "$(nft list ruleset | grep -c 'packets 0')" = 1 ]; then
  bad "nft counter did not move (test is blind)"; fi
expect_same "traffic only (link stats, nft counter values) is not a change"

# 2. real changes are caught
snapshot "$tmp/a"; ip link add hs_leak0 type veth peer name hs_leak1; snapshot "$tmp/b"; expect_diff "new link" links
ip link del hs_leak0
snapshot "$tmp/a"; ip link add hs_veth0 type veth peer name hs_veth1; ip link del hs_veth0
snapshot "$tmp/b"; expect_same "link created and deleted again"
if command -v nft >/dev/null; then
  snapshot "$tmp/a"; nft add table ip hs_leak; snapshot "$tmp/b"; expect_diff "leftover nft table" nftables
  nft delete table ip hs_leak
fi
snapshot "$tmp/a"; echo 1 > /proc/sys/net/ipv4/ip_forward; snapshot "$tmp/b"; expect_diff "ip_forward changed" ip_forward
echo 0 > /proc/sys/net/ipv4/ip_forward
snapshot "$tmp/a"; ip addr add 198.51.100.7/32 dev lo; snapshot "$tmp/b"; expect_diff "address left on lo" addresses
ip addr del 198.51.100.7/32 dev lo
snapshot "$tmp/a"; ip netns add hs_leak; snapshot "$tmp/b"; expect_diff "named netns left (/run/netns)" netns
ip netns delete hs_leak
snapshot "$tmp/a"; touch "$tmp/nsfile"; mount --bind /proc/self/ns/net "$tmp/nsfile"; snapshot "$tmp/b"
expect_diff "nsfs bind mount left" nsfs_mounts
umount "$tmp/nsfile"

if [ "$fails" = 0 ]; then echo "host-state self-test OK ($passes checks)"; else echo "host-state self-test FAILED ($fails of $((passes+fails)) checks)"; exit 1; fi
