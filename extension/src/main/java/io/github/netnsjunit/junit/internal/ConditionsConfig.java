package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.NetnsConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Internal: the link-condition settings, read once per build from the configuration parameters
 * ({@link NetnsConfig#CONDITIONS_ENGINE}, {@link NetnsConfig#CONDITIONS_UNAVAILABLE}); a bad value fails with an
 * {@link ConfigurationException} naming key, value and the allowed values.
 *
 * @param engine           which engine to use
 * @param skipUnavailable  abort (skip) instead of fail when no engine can give the declared conditions
 */
public record ConditionsConfig(Engine engine, boolean skipUnavailable) {
    /** The engines of {@link NetnsConfig#CONDITIONS_ENGINE}. */
    public enum Engine {
        /** Kernel where netem works, else userspace. */
        AUTO,
        /** netem and tbf qdiscs only. */
        KERNEL,
        /** The relay in a middle namespace for every link with conditions. */
        USERSPACE;

        /** The configuration value, e.g. {@code userspace}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The defaults: auto, fail. */
    public static final ConditionsConfig DEFAULT = new ConditionsConfig(Engine.AUTO, false);

    /**
     * Reads the settings.
     *
     * @param parameters a configuration-parameter lookup, e.g. {@code ExtensionContext::getConfigurationParameter}
     * @throws ConfigurationException for a value outside the allowed ones
     */
    public static ConditionsConfig read(Function<String, Optional<String>> parameters) {
        // one parser for every key, so that each bad value reads the same way (Configuration)
        return Configuration.read(parameters).conditions();
    }

    /** The settings from system properties ({@code -D}), which JUnit also reads as configuration parameters. */
    public static ConditionsConfig fromSystemProperties() {
        return read(key -> Optional.ofNullable(System.getProperty(key)));
    }
}
