/**
 * A nemesis kit in the manner of Jepsen's: partition shapes over a set of namespaces ({@link PartitionShape}: isolate
 * one, halves, majorities ring, bridge), pause, resume and kill of processes started with
 * {@code NetNs.start} ({@link Nemesis#pause}), a seeded {@link Schedule} of faults at random times, and the
 * {@link Timeline} of what was active when, attached to the test's report as text and as an SVG picture, and written
 * into a failure.
 */
package io.github.netnsjunit.junit.nemesis;
