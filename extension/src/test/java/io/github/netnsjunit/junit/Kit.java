package io.github.netnsjunit.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes through the Jupiter engine, as JUnit's own extension tests do. */
public final class Kit {
    /** Set while a fixture runs inside the kit; fixtures check it so that nothing runs them by accident. */
    public static final String INSIDE_KIT = "netns.junit.test.insideKit";

    private Kit() {
    }

    public static EngineExecutionResults run(Class<?> fixture) {
        return run(fixture, Map.of());
    }

    public static EngineExecutionResults run(Class<?> fixture, Map<String, String> configuration) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter(INSIDE_KIT, "true")
                .configurationParameters(configuration)
                .selectors(selectClass(fixture))
                .execute();
    }

    /** The parallel-mode configuration: concurrent, fixed parallelism. */
    public static Map<String, String> parallel(int parallelism) {
        return Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", Integer.toString(parallelism));
    }
}
