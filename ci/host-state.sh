#!/usr/bin/env bash
# Host-state guard: the "nothing leaks" check of CI.
#
#   ci/host-state.sh snapshot FILE        record the host's network state into FILE
#   ci/host-state.sh compare BEFORE AFTER exit 1 (and say what changed) if they differ
#
# Recorded (of the namespace this script runs in, normally the host's):
#   links      ip -j -d link           minus counters that move by themselves
#   addresses  ip -j addr              minus the ticking *_life_time fields
#   routes     ip -j route, all tables (v4 and v6) minus "expires"
#   nftables   nft -j list ruleset     minus metainfo, counter/quota values, set-element timers
#   netns      names under /run/netns  (what `ip netns list` shows)
#   sysctls    ip_forward, ipv6 forwarding, ping_group_range, rp_filter
#   nsfs       number of nsfs mounts in /proc/self/mountinfo (bind-mounted namespaces)
# ifindex, names, flags, addresses, MTU, master etc. are kept: a test that changes them leaked.
# Needs bash, jq; ip and nft are used when present (a missing tool is recorded as such).
# Can also be sourced: it then only defines the functions.
set -euo pipefail

# Fields that change without anyone touching the host.
_hs_jq_links='map(del(.stats, .stats64, .carrier_changes, .carrier_up_count, .carrier_down_count))
             | sort_by(.ifname)'
_hs_jq_addrs='map(del(.stats, .stats64) | .addr_info |= map(del(.valid_life_time, .preferred_life_time)))
             | sort_by(.ifname)'
_hs_jq_routes='map(del(.expires)) | sort_by(tostring)'
_hs_jq_nft='(.nftables // []) | map(select(has("metainfo") | not))
           | walk(if type == "object" then
                    (if has("counter") and (.counter | type) == "object"
                       then .counter |= (del(.packets, .bytes)) else . end)
                    | (if has("quota") and (.quota | type) == "object"
                         then .quota |= del(.used) else . end)
                    | del(.expires)
                  else . end)'

_hs_section() { printf '### %s\n' "$1"; }

_hs_json() { # NAME JQ-FILTER COMMAND...  -> section with normalised, pretty JSON
  local name=$1 filter=$2; shift 2
  _hs_section "$name"
  if ! command -v "$1" >/dev/null 2>&1; then echo "(no $1 on this machine)"; return 0; fi
  local raw
  if ! raw=$("$@" 2>&1); then echo "(failed: $* -> ${raw//$'\n'/ })"; return 0; fi
  [ -n "$raw" ] || raw='[]'
  printf '%s\n' "$raw" | jq -S "$filter"
}

_hs_file() { # NAME PATH
  _hs_section "$1"
  if [ -r "$2" ]; then tr -s '\t ' ' ' < "$2"; else echo "(absent)"; fi
}

snapshot() {
  local out=${1:?usage: snapshot FILE}
  command -v jq >/dev/null 2>&1 || { echo "host-state: jq is required" >&2; return 2; }
  {
    _hs_json links "$_hs_jq_links" ip -j -d link show
    _hs_json addresses "$_hs_jq_addrs" ip -j addr show
    _hs_json routes4 "$_hs_jq_routes" ip -j -4 route show table all
    _hs_json routes6 "$_hs_jq_routes" ip -j -6 route show table all
    _hs_json rules "sort_by(tostring)" ip -j rule show
    _hs_json nftables "$_hs_jq_nft" nft -j list ruleset
    _hs_section netns   # what `ip netns list` reads
    ls -1 /run/netns 2>/dev/null | sort || true
    _hs_file ip_forward /proc/sys/net/ipv4/ip_forward
    _hs_file ipv6_forwarding /proc/sys/net/ipv6/conf/all/forwarding
    _hs_file ping_group_range /proc/sys/net/ipv4/ping_group_range
    _hs_file rp_filter_all /proc/sys/net/ipv4/conf/all/rp_filter
    _hs_section nsfs_mounts
    awk '$0 ~ / - nsfs / {n++} END {print n+0}' /proc/self/mountinfo
  } > "$out"
}

compare() {
  local before=${1:?usage: compare BEFORE AFTER} after=${2:?usage: compare BEFORE AFTER}
  if diff -u --label "host before tests" --label "host after tests" "$before" "$after" > "$after.diff"; then
    echo "host-state: OK, the host's links, addresses, routes, nftables, netns, sysctls and nsfs mounts are unchanged"
    rm -f "$after.diff"
    return 0
  fi
  echo "host-state: FAIL, the tests left changes on the host (something leaked):" >&2
  # name the sections that differ, then the diff itself
  local s
  for s in $(grep '^### ' "$before" "$after" | sed 's/.*### //' | sort -u); do
    if ! diff -q <(sed -n "/^### $s\$/,/^### /p" "$before") <(sed -n "/^### $s\$/,/^### /p" "$after") >/dev/null; then
      echo "  changed: $s" >&2
    fi
  done
  cat "$after.diff" >&2
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  cmd=${1:-}; shift || true
  case "$cmd" in
    snapshot) snapshot "$@" ;;
    compare) compare "$@" ;;
    *) echo "usage: $0 snapshot FILE | compare BEFORE AFTER" >&2; exit 2 ;;
  esac
fi
