package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration parameter is validated once, before any test of a class runs: a bad value fails the class
 * with one {@link ExtensionConfigurationException} naming the key, the value and what is allowed — never a silent
 * fallback to the default — and nothing is built.
 */
class ConfigurationIT {
    static final AtomicInteger BODIES = new AtomicInteger();

    @KitFixture
    @NetNamespace("ns0")
    static class AnyTestCase {
        @Test
        @InNamespace("ns0")
        void body() {
            BODIES.incrementAndGet();
        }
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(NetnsConfig.MISSING_PRIVILEGES, "ignore",
                        "one of \"fail\" (the default), \"skip\""),
                Arguments.of(NetnsConfig.TOPOLOGY_SCOPE, "suite",
                        "one of \"method\" (the default), \"class\""),
                Arguments.of(NetnsConfig.CAPTURE_KEEP, "never",
                        "one of \"failed\" (the default), \"always\""),
                Arguments.of(NetnsConfig.KEEP_ON_FAILURE, "yes",
                        "\"true\" or \"false\" (the default is \"false\")"),
                Arguments.of(NetnsConfig.READY_TIMEOUT_MILLIS, "5s",
                        "a whole number of milliseconds greater than 0 (the default is 5000)"),
                Arguments.of(NetnsConfig.READY_TIMEOUT_MILLIS, "0",
                        "a whole number of milliseconds greater than 0 (the default is 5000)"),
                Arguments.of(NetnsConfig.CONDITIONS_ENGINE, "fast",
                        "one of \"auto\" (the default), \"kernel\", \"userspace\""),
                Arguments.of(NetnsConfig.CONDITIONS_UNAVAILABLE, "ignore",
                        "one of \"fail\" (the default), \"skip\""),
                Arguments.of(NetnsConfig.REPORT_DIRECTORY, "",
                        "a directory path (the default is \"target/netns-junit\")"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void aBadValueFailsTheClassNamingKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
        BODIES.set(0);
        Kit.run(AnyTestCase.class, Map.of(key, value)).containerEvents().assertThatEvents()
                .haveExactly(1, event(container(AnyTestCase.class), finishedWithFailure(
                        instanceOf(ExtensionConfigurationException.class),
                        message("netns-junit: configuration parameter " + key + " is \"" + value + "\"; allowed: "
                                + allowed + "."))));
        assertThat(BODIES).hasValue(0);
    }

    @Test
    void severalBadValuesAreReportedTogether() {
        Kit.run(AnyTestCase.class, Map.of(NetnsConfig.MISSING_PRIVILEGES, "maybe", NetnsConfig.CAPTURE_KEEP, "x"))
                .containerEvents().assertThatEvents().haveExactly(1, event(container(AnyTestCase.class),
                        finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                "netns-junit: 2 bad configuration parameters:\n"
                                + "  - configuration parameter netns.junit.missingPrivileges is \"maybe\"; allowed:"
                                + " one of \"fail\" (the default), \"skip\".\n"
                                + "  - configuration parameter netns.junit.capture.keep is \"x\"; allowed: one of"
                                + " \"failed\" (the default), \"always\"."))));
    }

    @Test
    void junitsOwnSwitchForClosingStoreValuesMustStayOn() {
        Kit.run(AnyTestCase.class, Map.of("junit.jupiter.extensions.store.close.autocloseable.enabled", "false"))
                .containerEvents().assertThatEvents().haveExactly(1, event(container(AnyTestCase.class),
                        finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message(
                                "netns-junit: configuration parameter"
                                + " junit.jupiter.extensions.store.close.autocloseable.enabled is \"false\":"
                                + " netns-junit tears topologies down through JUnit's closing of AutoCloseable store"
                                + " values; remove the setting or set it to true."))));
    }

    @Test
    void valuesAreCaseInsensitiveAndTrimmed() {
        BODIES.set(0);
        Kit.run(AnyTestCase.class, Map.of(NetnsConfig.TOPOLOGY_SCOPE, " CLASS ", NetnsConfig.CAPTURE_KEEP, "Always"))
                .testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(BODIES).hasValue(1);
    }
}
