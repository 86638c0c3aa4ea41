# shellcheck shell=bash
# The project's test commands, kept in one place: README.md quotes these lines, .ci/run and
# ci/rootless.sh source this file. Extra arguments are passed to Maven (e.g. -o).
run_all_tests() { mvn -B verify "$@"; }         # unit tests, kernel tests (*IT) and samples
run_samples()   { mvn -B -Psamples verify "$@"; } # only sample-tests (library tests skipped)
