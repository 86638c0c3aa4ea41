#!/usr/bin/env bash
# Every test — unit tests, kernel tests (*IT) and samples — on a fresh Debian/Ubuntu (apt) or Fedora/RHEL (dnf)
# machine with a JDK 17+: first installs what the tests' independent oracles need when it is missing, one line per
# package, then runs ./mvnw -B verify (Maven comes through the wrapper). As root. Extra arguments go to Maven.
# The library itself never starts these programs; the tests use them to check its results from outside.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# command  apt package    dnf package    what the tests check with it
oracles='ip       iproute2      iproute        links, addresses, routes, neighbours (ip -j)
bridge   iproute2      iproute        bridge ports and learned MACs
tc       iproute2      iproute-tc     qdiscs (tc -j)
nft      nftables      nftables       nft tables and NAT rules (nft -j list ruleset)
tcpdump  tcpdump       tcpdump        what went over the wire (tcpdump -r)
ping     iputils-ping  iputils        reachability from inside a namespace
nsenter  util-linux    util-linux     running an oracle inside a namespace
unshare  util-linux    util-linux     throwaway namespaces, user namespaces
setpriv  util-linux    util-linux     child JVMs without capabilities or as other users
python3  python3       python3        name lookups and file locks from another process (socket, fcntl)
dig      dnsutils      bind-utils     answers of the DNS server of a topology (dig @127.0.0.53)
dot      graphviz      graphviz       that the topology diagrams render (dot -Tsvg)'

if command -v apt-get >/dev/null 2>&1; then manager=apt
elif command -v dnf >/dev/null 2>&1; then manager=dnf
else manager=none; fi

packages=()
while read -r cmd apt dnf why; do
  command -v "$cmd" >/dev/null 2>&1 && continue
  pkg=$apt; [ "$manager" = dnf ] && pkg=$dnf
  case " ${packages[*]-} " in *" $pkg "*) continue ;; esac
  echo "all-tests: installing $pkg (for $cmd: $why)"
  packages+=("$pkg")
done <<< "$oracles"


if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "all-tests: missing ${packages[*]}; run as root, or install them first: sudo ${manager/none/apt}-get install ${packages[*]}" >&2
    exit 1
  fi
  case $manager in
    apt) DEBIAN_FRONTEND=noninteractive apt-get update -q && \
         DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" ;;
    dnf) dnf install -y -q "${packages[@]}" ;;
    none) echo "all-tests: neither apt-get nor dnf found: install ${packages[*]} by hand" >&2; exit 1 ;;
  esac
fi
exec ./mvnw -B verify "$@"
