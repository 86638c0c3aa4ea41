package io.github.netnsjunit.netlink.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shared process runner: both streams drained at once, failures that show everything, forks in the JVM's namespace. */
class ProcessesIT {
    private static final int BIG = 2_200_000; // > 2 MiB: 34 times a default pipe (64 KiB)

    @Test
    void moreThanAMebibyteOnBothStreamsDoesNotDeadlock() {
        // stderr first, then stdout, then stderr again: a runner that reads one stream to its end before the other
        // blocks forever whichever it starts with (the program waits on the full pipe of the stream not read)
        Processes.Result r = Processes.exec(List.of("sh", "-c", "yes e | head -c " + BIG / 2 + " >&2; yes o | head -c "
                + BIG + "; yes e | head -c " + BIG / 2 + " >&2"), Duration.ofSeconds(60));

        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(BIG);
        assertThat(r.stderr()).hasSize(BIG);
        assertThat(r.stdout().replace("o\n", "")).isEmpty();
        assertThat(r.stderr().replace("e\n", "")).isEmpty();
        assertThat(readerThreads()).isEmpty();
    }

    @Test
    void aFailureShowsTheCommandTheExitCodeAndBothStreams() {
        Processes.Result r = Processes.exec(List.of("sh", "-c", "echo to-out; echo to-err >&2; exit 3"),
                Duration.ofSeconds(30));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.stdout()).isEqualTo("to-out\n");
        assertThat(r.stderr()).isEqualTo("to-err\n");
        assertThat(r.output()).isEqualTo("to-out\nto-err\n");

        assertThatThrownBy(() -> Processes.run("sh", "-c", "echo to-out; echo to-err >&2; exit 3"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("sh -c echo to-out; echo to-err >&2; exit 3 exited 3\n--- stdout:\nto-out\n\n--- stderr:\n"
                        + "to-err\n");
    }

    @Test
    void aProgramThatCannotStartIsNamed() {
        assertThatThrownBy(() -> Processes.run("/nonexistent/oracle", "-j"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("cannot start /nonexistent/oracle -j: Cannot run program \"/nonexistent/oracle\"");
    }

    @Test
    void aProgramThatDoesNotEndIsKilledWithWhatItStartedAndTheFailureSaysSo() throws Exception {
        // the shell starts sleep in the background and waits for it; sleep inherits both pipes
        assertThatThrownBy(() -> Processes.exec(List.of("sh", "-c", "sleep 60 & echo $!; wait"), Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("sh -c sleep 60 & echo $!; wait did not finish within PT0.5S\n--- stdout:\n")
                .satisfies(e -> {
                    Matcher pid = Pattern.compile("stdout:\n(\\d+)\n").matcher(e.getMessage());
                    assertThat(pid.find()).as(e.getMessage()).isTrue();
                    assertThat(Kernel.isRunning(Long.parseLong(pid.group(1)))).as("sleep still running").isFalse();
                });
        assertThat(readerThreads()).isEmpty();
    }

    @Test
    void aProgramStartedFromANamespaceThreadIsForkedInTheJvmsNamespace() throws Throwable {
        String host = Kernel.hostNamespace();
        try (NamespaceHandle ns = NamespaceHandle.create("fork")) {
            String inside = Kernel.inode(ns.path());
            // the child's own view: in which namespace was it born?
            String childNamespace = ns.call(() -> {
                assertThat(Kernel.currentThreadNamespace()).isEqualTo(inside);
                return Processes.run("readlink", "/proc/self/ns/net").strip();
            });
            assertThat(childNamespace).isEqualTo(host).isNotEqualTo(inside);
            // and nsenter still takes a program into the namespace it names
            assertThat(Processes.runIn(ns.path(), "readlink", "/proc/self/ns/net").strip()).isEqualTo(inside);
            // the JDK's reaper threads, however many there are, live in the JVM's namespace
            assertThat(Kernel.taskNamespaces("process reaper")).isNotEmpty().allMatch(host::equals);
        }
    }

    @Test
    void aBackgroundProgramIsWatchedLineByLineAndEndedByClose() throws Exception {
        Process process;
        try (BackgroundProcess p = Processes.start(new ProcessBuilder("sh", "-c",
                "echo starting >&2; echo ready; exec sleep 60"))) {
            process = p.process();
            assertThat(p.awaitLine(l -> l.equals("ready"), Duration.ofSeconds(30))).contains("ready");
            assertThat(p.awaitLine(l -> l.equals("starting"), Duration.ofSeconds(30))).contains("starting");
            assertThat(p.awaitLine(l -> l.equals("never"), Duration.ofMillis(50))).isEmpty();
            assertThat(process.isAlive()).isTrue();
        }
        assertThat(process.isAlive()).isFalse();
        assertThat(readerThreads()).isEmpty();
    }

    private static List<String> readerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("fixture-std")).toList();
    }
}
