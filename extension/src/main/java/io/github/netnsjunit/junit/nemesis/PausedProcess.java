package io.github.netnsjunit.junit.nemesis;

/**
 * A process a {@link Nemesis} paused (SIGSTOP): it stays stopped until {@link #resume()} (or {@link #close()}), a
 * {@link Nemesis#kill kill}, or the test's teardown, which continues and ends it so nothing hangs.
 */
public interface PausedProcess extends AutoCloseable {
    /** The process. */
    Process process();

    /** SIGCONT: the process carries on; calling it again does nothing. */
    void resume();

    /** Same as {@link #resume()}, for try-with-resources. */
    @Override
    void close();
}
