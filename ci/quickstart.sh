#!/usr/bin/env bash
# README.md's quick start, exactly as printed, on an empty local Maven repository (online: Maven Central is
# reachable): extracts the section's three code blocks — the install command, pom.xml and the test under the path the
# README names — and fails when the section changes shape; runs the install command in this checkout and the quick
# start's own command ("Run it as root: `mvn verify`") in a fresh project directory, both into that same empty
# repository. `mvn` is the reader's Maven: when none is on PATH, the wrapper's (./mvnw, Maven 3.9.16) stands in.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
checkout=$(pwd)
fail() { echo "quickstart: $*" >&2; exit 1; }

# ---- the section: from "## Quick start" to the next "## " heading --------------------------------------------
section=$(awk '/^## Quick start$/ {on=1; next} on && /^## / {exit} on {print}' README.md)
[ -n "$section" ] || fail "README.md has no '## Quick start' section"
fences=$(grep -c '^```' <<< "$section" || true)
[ "$fences" = 6 ] || fail "the quick start has $((fences / 2)) code blocks, expected 3 (sh install, pom.xml, test): update ci/quickstart.sh with the README"
opens=$(grep '^```.' <<< "$section" | tr '\n' ' ')
[ "$opens" = '```sh ```xml ```java ' ] || fail "the quick start's blocks are '$opens', expected '\`\`\`sh \`\`\`xml \`\`\`java'"
block() { # N: the Nth code block's lines, without its fences
  awk -v n="$1" '/^```/ { if (open) { open = 0; next } else { open = 1; k++; next } } open && k == n {print}' <<< "$section"
}
install_cmd=$(block 1)
[ "$(wc -l <<< "$install_cmd")" = 1 ] || fail "the install block is not one line: $install_cmd"
[[ $install_cmd =~ ^\./mvnw\ [^\;\&\|\#\`\$]*install[^\;\&\|\#\`\$]*$ ]] || fail "the install block is not one plain ./mvnw ... install command: $install_cmd"
pom=$(block 2)
head -1 <<< "$pom" | grep -qx '<?xml version="1.0" encoding="UTF-8"?>' || fail "pom.xml block does not start with the XML declaration"
[ "$(tail -1 <<< "$pom")" = '</project>' ] || fail "pom.xml block does not end with </project>"
grep -q '<artifactId>netns-junit</artifactId>' <<< "$pom" || fail "pom.xml block has no netns-junit dependency"
test_src=$(block 3)
# the line naming the test's path: "`src/test/java/....java`:" right before the java block
path=$(grep -o '^`src/test/java/[A-Za-z0-9_/]*\.java`:$' <<< "$section" | tr -d '`:')
[ "$(wc -l <<< "$path")" = 1 ] && [ -n "$path" ] || fail "no single '\`src/test/java/...java\`:' line names the test file"
package=$(sed -n 's/^package \([a-z0-9_.]*\);$/\1/p' <<< "$test_src")
class=$(basename "$path" .java)
[ "src/test/java/${package//.//}/$class.java" = "$path" ] || fail "the test's package $package does not match its path $path"
grep -q "^class $class \|^public class $class " <<< "$test_src" || fail "the test block does not declare class $class"
run_cmd=$(grep -o 'Run it as root: `[^`]*`' <<< "$section" | sed 's/.*: `\(.*\)`/\1/')
[[ $run_cmd =~ ^mvn\ [a-z\ -]+$ ]] || fail "no plain 'Run it as root: \`mvn ...\`' command in the quick start: '$run_cmd'"

# ---- run them on an empty repository -------------------------------------------------------------------------
repo=$(mktemp -d) project=$(mktemp -d) bin=$(mktemp -d)
trap 'rm -rf "$repo" "$project" "$bin"' EXIT
printf '%s\n' "$pom" > "$project/pom.xml"
mkdir -p "$project/$(dirname "$path")"
printf '%s\n' "$test_src" > "$project/$path"
echo "quickstart: extracted pom.xml and $path ($(wc -l < "$project/$path") lines) from README.md; local repository $repo (empty)"
echo "quickstart: \$ $install_cmd -Dmaven.repo.local=$repo   (in the checkout)"
# shellcheck disable=SC2086 # the README's command, split into words as a shell would
$install_cmd -Dmaven.repo.local="$repo"
if ! command -v mvn >/dev/null 2>&1; then
  wrapper_mvn=$(ls -d "${MAVEN_USER_HOME:-$HOME/.m2}"/wrapper/dists/apache-maven-*/*/apache-maven-*/bin/mvn 2>/dev/null | head -1)
  [ -x "$wrapper_mvn" ] || fail "no mvn on PATH and no Maven under ~/.m2/wrapper (run ./mvnw once)"
  ln -s "$wrapper_mvn" "$bin/mvn"; export PATH="$bin:$PATH"
  echo "quickstart: mvn is the wrapper's $("$bin/mvn" -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
fi
echo "quickstart: \$ $run_cmd -B -Dmaven.repo.local=$repo   (in $project)"
log=$project/quickstart.log
# shellcheck disable=SC2086
(cd "$project" && $run_cmd -B -Dmaven.repo.local="$repo") 2>&1 | tee "$log"
grep -q "Tests run: 1, Failures: 0, Errors: 0, Skipped: 0" "$log" || fail "the quick start's test did not run and pass"
echo "quickstart: the quick start passed as printed"
cd "$checkout"
