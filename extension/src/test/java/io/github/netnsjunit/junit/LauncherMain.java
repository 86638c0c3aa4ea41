package io.github.netnsjunit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A child JVM's entry point like {@link KitMain}, but through the JUnit Platform launcher, as Surefire and the console
 * launcher run tests: listeners registered through {@code META-INF/services} run (the EngineTestKit calls none).
 * Usage: {@code java -cp CLASSPATH io.github.netnsjunit.junit.LauncherMain FIXTURE [key=value...]}; prints
 * {@code RESULT <status> <display name> | <exception class> | <message on one line>} per finished test, then
 * {@code SUPPRESSED <display name> | <message>} for each netns-junit explanation attached to its failure.
 */
public final class LauncherMain {
    private LauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Kit.INSIDE_KIT, "true");
        for (int i = 1; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            config.put(kv[0], kv[1]);
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(Class.forName(args[0]))).configurationParameters(config).build();
        TestExecutionListener printer = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                if (!id.isTest() && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                Throwable t = r.getThrowable().orElse(null);
                System.out.println("RESULT " + r.getStatus() + " " + id.getDisplayName() + " | "
                        + (t == null ? "" : t.getClass().getName()) + " | "
                        + (t == null ? "" : messages(t).replace('\n', ' ')));
                if (t != null) {
                    // netns-junit's explanations, attached to the failure as suppressed exceptions
                    for (Throwable s : t.getSuppressed()) {
                        if (String.valueOf(s.getMessage()).startsWith("netns-junit:")) {
                            System.out.println("SUPPRESSED " + id.getDisplayName() + " | "
                                    + s.getMessage().replace('\n', ' '));
                        }
                    }
                }
                System.out.flush();
            }
        };
        LauncherFactory.create().execute(request, printer);
        System.out.flush();
    }

    /** The message of {@code t} and of each cause, joined by " / caused by: ". */
    static String messages(Throwable t) {
        StringBuilder b = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            b.append(" / caused by: ").append(c.getMessage());
        }
        return b.toString();
    }

    /** The command to run this main with the current JVM's binary and class path. */
    public static List<String> command(Class<?> fixture, String... config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(KitMain.nativeAccessOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(LauncherMain.class.getName());
        cmd.add(fixture.getName());
        cmd.addAll(List.of(config));
        return cmd;
    }
}
