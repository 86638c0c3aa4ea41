package io.github.netnsjunit.junit;

import java.util.HashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * A child JVM's entry point: runs one fixture class through the EngineTestKit and prints each test's outcome, for
 * tests that need another process (dropped capabilities, SIGKILL).
 *
 * <p>Usage: {@code java -cp CLASSPATH io.github.netnsjunit.junit.KitMain FIXTURE [key=value...]}. Prints
 * {@code RESULT <status> <display name> | <exception class> | <message on one line>} per finished test and
 * {@code SUMMARY ...} at the end.
 */
public final class KitMain {
    private KitMain() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> fixture = Class.forName(args[0]);
        Map<String, String> config = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            config.put(kv[0], kv[1]);
        }
        EngineExecutionResults results = Kit.run(fixture, config);
        for (Event e : results.testEvents().finished().list()) {
            TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
            Throwable t = r.getThrowable().orElse(null);
            System.out.println("RESULT " + r.getStatus() + " " + e.getTestDescriptor().getDisplayName() + " | "
                    + (t == null ? "" : t.getClass().getName()) + " | "
                    + (t == null ? "" : String.valueOf(t.getMessage()).replace('\n', ' ')));
        }
        var stats = results.testEvents();
        System.out.println("SUMMARY started=" + stats.started().count() + " succeeded=" + stats.succeeded().count()
                + " failed=" + stats.failed().count() + " aborted=" + stats.aborted().count()
                + " skipped=" + stats.skipped().count());
        System.out.flush();
    }

    /**
     * This JVM's {@code --enable-native-access} options (the build's jdk24+ profile), for child JVMs: without them
     * each child on JDK 24+ prints jffi's "restricted method" warning.
     */
    public static java.util.List<String> nativeAccessOptions() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--enable-native-access")).toList();
    }

    /** The command to run this main with the current JVM's binary and class path. */
    public static java.util.List<String> command(Class<?> fixture, String... config) {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(nativeAccessOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KitMain.class.getName());
        cmd.add(fixture.getName());
        cmd.addAll(java.util.List.of(config));
        return cmd;
    }
}
