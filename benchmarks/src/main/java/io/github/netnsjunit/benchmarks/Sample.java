package io.github.netnsjunit.benchmarks;

/**
 * One measured build + teardown.
 *
 * @param setupNanos    building the topology (timed)
 * @param teardownNanos the synchronous part of the teardown (timed)
 * @param goneNanos     from the start of the teardown until the kernel had really destroyed the namespaces (a
 *                      probe veth end inside one of them vanished from the host); -1 if not observed
 * @param pingOk        whether the one ping sent after setup got its reply
 */
record Sample(long setupNanos, long teardownNanos, long goneNanos, boolean pingOk) {
}
