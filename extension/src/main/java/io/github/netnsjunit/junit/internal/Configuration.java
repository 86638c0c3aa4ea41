package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetnsConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Internal: the extension's configuration parameters ({@link NetnsConfig}), read once per test run and validated
 * as a whole (under JUnit, {@code internal.jupiter.JupiterConfiguration} caches it in the root context's store, so
 * every test of a run sees the same values and a bad value is reported the same way by every test). An unknown value
 * is never replaced by a default: it fails with a {@link ConfigurationException} naming the key, the value and the
 * allowed values, which JUnit reports as its {@code ExtensionConfigurationException}. Imports no JUnit: a
 * {@code TopologyPlan} reads the conditions settings from system properties through it, outside any test engine.
 *
 * @param missingPrivileges what to do when the JVM cannot create namespaces
 * @param topologyScope     whether topologies are per test or per class by default
 * @param readyTimeout      how long setup waits for links to carry traffic
 * @param keepOnFailure     keep a failed test's namespaces for inspection
 * @param reportDirectory   where failure reports go
 * @param captureKeep       which pcap files of {@code @Capture} to keep
 * @param conditions        the link-condition engine and what to do when no engine can give the conditions
 * @param jvmNamespace      whether the JVM's own threads live in the machine's namespace or a private one
 */
public record Configuration(MissingPrivileges missingPrivileges, TopologyScope topologyScope, Duration readyTimeout,
        boolean keepOnFailure, Path reportDirectory, CaptureKeep captureKeep, ConditionsConfig conditions,
        JvmNamespaceMode jvmNamespace) {

    /** Default of {@link NetnsConfig#REPORT_DIRECTORY}, relative to the working directory. */
    public static final String DEFAULT_REPORT_DIRECTORY = "target/netns-junit";

    /** Default of {@link NetnsConfig#READY_TIMEOUT_MILLIS}. */
    public static final long DEFAULT_READY_TIMEOUT_MILLIS = 5000;

    /**
     * JUnit's own switch for closing {@link AutoCloseable} store values: the extension tears topologies down through
     * it, so it must not be off.
     */
    static final String JUPITER_CLOSE_AUTOCLOSEABLE = "junit.jupiter.extensions.store.close.autocloseable.enabled";

    /** {@link NetnsConfig#MISSING_PRIVILEGES}. */
    public enum MissingPrivileges { FAIL, SKIP }

    /** {@link NetnsConfig#TOPOLOGY_SCOPE}. */
    public enum TopologyScope { METHOD, CLASS }

    /** {@link NetnsConfig#JVM_NAMESPACE}. */
    public enum JvmNamespaceMode { MACHINE, PRIVATE }

    /** {@link NetnsConfig#CAPTURE_KEEP}. */
    public enum CaptureKeep { FAILED, ALWAYS }

    /** {@link NetnsConfig#CONDITIONS_UNAVAILABLE}. */
    enum ConditionsUnavailable { FAIL, SKIP }

    /**
     * Reads every parameter through {@code parameters} (a key to its value, if set). All bad values are reported
     * together, each with its key, its value and what is allowed.
     *
     * @throws ConfigurationException naming every bad value
     */
    public static Configuration read(Function<String, Optional<String>> parameters) {
        Reader r = new Reader(parameters);
        MissingPrivileges missing = r.choice(NetnsConfig.MISSING_PRIVILEGES, MissingPrivileges.class,
                MissingPrivileges.FAIL);
        TopologyScope scope = r.choice(NetnsConfig.TOPOLOGY_SCOPE, TopologyScope.class, TopologyScope.METHOD);
        long ready = r.positiveNumber(NetnsConfig.READY_TIMEOUT_MILLIS, DEFAULT_READY_TIMEOUT_MILLIS);
        boolean keep = r.bool(NetnsConfig.KEEP_ON_FAILURE, false);
        Path reports = r.path(NetnsConfig.REPORT_DIRECTORY, DEFAULT_REPORT_DIRECTORY);
        CaptureKeep captures = r.choice(NetnsConfig.CAPTURE_KEEP, CaptureKeep.class, CaptureKeep.FAILED);
        ConditionsConfig.Engine engine = r.choice(NetnsConfig.CONDITIONS_ENGINE, ConditionsConfig.Engine.class,
                ConditionsConfig.Engine.AUTO);
        ConditionsUnavailable unavailable = r.choice(NetnsConfig.CONDITIONS_UNAVAILABLE, ConditionsUnavailable.class,
                ConditionsUnavailable.FAIL);
        JvmNamespaceMode jvm = r.choice(NetnsConfig.JVM_NAMESPACE, JvmNamespaceMode.class, JvmNamespaceMode.MACHINE);
        r.requireTrueOrUnset(JUPITER_CLOSE_AUTOCLOSEABLE,
                "netns-junit tears topologies down through JUnit's closing of AutoCloseable store values; remove the"
                        + " setting or set it to true");
        r.throwIfBad();
        return new Configuration(missing, scope, Duration.ofMillis(ready), keep, reports, captures,
                new ConditionsConfig(engine, unavailable == ConditionsUnavailable.SKIP), jvm);
    }

    /** Collects every bad value, so that one message lists them all. */
    private static final class Reader {
        private final Function<String, Optional<String>> parameters;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Optional<String>> parameters) {
            this.parameters = parameters;
        }

        private Optional<String> value(String key) {
            return parameters.apply(key).map(String::trim);
        }

        <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
            Optional<String> value = value(key);
            if (value.isEmpty()) {
                return fallback;
            }
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value.get())) {
                    return e;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                allowed.add("\"" + e.name().toLowerCase(Locale.ROOT) + "\""
                        + (e == fallback ? " (the default)" : ""));
            }
            bad(key, value.get(), "one of " + String.join(", ", allowed));
            return fallback;
        }

        long positiveNumber(String key, long fallback) {
            Optional<String> value = value(key);
            if (value.isEmpty()) {
                return fallback;
            }
            try {
                long n = Long.parseLong(value.get());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            bad(key, value.get(), "a whole number of milliseconds greater than 0 (the default is " + fallback + ")");
            return fallback;
        }

        boolean bool(String key, boolean fallback) {
            Optional<String> value = value(key);
            if (value.isEmpty()) {
                return fallback;
            }
            if (value.get().equalsIgnoreCase("true")) {
                return true;
            }
            if (value.get().equalsIgnoreCase("false")) {
                return false;
            }
            bad(key, value.get(), "\"true\" or \"false\" (the default is \"" + fallback + "\")");
            return fallback;
        }

        Path path(String key, String fallback) {
            Optional<String> value = value(key);
            if (value.isEmpty()) {
                return Path.of(fallback);
            }
            if (value.get().isEmpty()) {
                bad(key, value.get(), "a directory path (the default is \"" + fallback + "\")");
                return Path.of(fallback);
            }
            try {
                return Path.of(value.get());
            } catch (InvalidPathException e) {
                bad(key, value.get(), "a directory path (" + e.getReason() + ")");
                return Path.of(fallback);
            }
        }

        void requireTrueOrUnset(String key, String why) {
            value(key).filter(v -> !v.equalsIgnoreCase("true"))
                    .ifPresent(v -> problems.add("configuration parameter " + key + " is \"" + v + "\": " + why + "."));
        }

        private void bad(String key, String value, String allowed) {
            problems.add("configuration parameter " + key + " is \"" + value + "\"; allowed: " + allowed + ".");
        }

        void throwIfBad() {
            if (problems.size() == 1) {
                throw new ConfigurationException("netns-junit: " + problems.get(0));
            }
            if (!problems.isEmpty()) {
                throw new ConfigurationException("netns-junit: " + problems.size()
                        + " bad configuration parameters:\n  - " + String.join("\n  - ", problems));
            }
        }
    }
}
