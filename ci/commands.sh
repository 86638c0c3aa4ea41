# shellcheck shell=bash
# The project's two commands, kept in one place: README.md quotes them, .ci/run and ci/rootless.sh source this file.
# Extra arguments go to Maven (e.g. -o, -Psealed).
run_samples()   { ./mvnw -B -Psamples verify "$@"; }   # the samples: needs nothing but a JDK 17+
run_all_tests() { ci/all-tests.sh "$@"; }              # every test: installs the oracles when missing, then ./mvnw -B verify
