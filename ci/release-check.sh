#!/usr/bin/env bash
# The -Prelease path to Maven Central, checked as far as it goes without credentials: a throwaway gpg key in a
# temporary GNUPGHOME, ./mvnw -B -Prelease verify (no upload: that is the deploy phase), then every artifact that
# would be published — pom, jar, sources, javadoc, test-jar of netns-netlink and netns-junit, the parent and the BOM —
# must have its signature, and gpg must call each one good. Extra arguments go to Maven (e.g. -o).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
GNUPGHOME=$(mktemp -d); export GNUPGHOME
trap 'gpgconf --kill all >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
chmod 700 "$GNUPGHOME"
gpg --batch --quiet --no-tty --passphrase '' --quick-gen-key 'netns-junit CI throwaway key <ci@netns-junit.invalid>' default default 1d
echo "release-check: throwaway key $(gpg --batch --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}') in $GNUPGHOME"
find . -path '*/target/*.asc' -delete   # signatures of an earlier run prove nothing
./mvnw -B -q -Prelease verify -DskipTests "$@"
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
expected=(
  pom.xml:"target/netns-parent-$version.pom"
  bom/pom.xml:"bom/target/netns-bom-$version.pom"
)
for m in netlink:netns-netlink extension:netns-junit; do
  dir=${m%%:*} id=${m#*:}
  for f in "$id-$version.pom" "$id-$version.jar" "$id-$version-sources.jar" "$id-$version-javadoc.jar" "$id-$version-tests.jar"; do
    expected+=("$dir:$dir/target/$f")
  done
done
bad=0 n=0
for e in "${expected[@]}"; do
  f=${e#*:}
  # the pom's signature is made from a copy of the pom, beside the jars
  if [ ! -f "$f.asc" ]; then echo "release-check: no signature $f.asc" >&2; bad=1; continue; fi
  signed=$f; [ -f "$f" ] || signed=${e%%:*}
  if gpg --batch --quiet --verify "$f.asc" "$signed" 2>/dev/null; then n=$((n + 1))
  else echo "release-check: bad signature $f.asc" >&2; bad=1; fi
done
for m in sample-tests benchmarks; do
  if ls "$m"/target/*.asc >/dev/null 2>&1; then echo "release-check: $m is signed but never published" >&2; bad=1; fi
done
[ $bad = 0 ] && echo "release-check: $n artifacts signed, every signature good (deploy not run: it needs the Central credentials)"
exit $bad
