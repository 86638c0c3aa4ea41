package io.github.netnsjunit.junit.internal;

/**
 * Internal: a configuration parameter ({@code netns.junit.*}) has a value outside the allowed ones; the message
 * names every bad key, its value and what is allowed. Under JUnit the extension reports it as JUnit's
 * {@code ExtensionConfigurationException} with the same message ({@code internal.jupiter.JupiterConfiguration});
 * outside JUnit (a {@code TopologyPlan} reading system properties) it is thrown as it is, an
 * {@link IllegalArgumentException}, so that the engine needs no JUnit type.
 */
public final class ConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** With the complete message, starting with {@code "netns-junit: "}. */
    public ConfigurationException(String message) {
        super(message);
    }
}
