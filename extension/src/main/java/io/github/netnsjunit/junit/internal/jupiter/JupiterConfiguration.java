package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.Configuration;
import io.github.netnsjunit.junit.internal.ConfigurationException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Internal: the run's {@link Configuration} under JUnit: read from the configuration parameters on first use and
 * cached in the root context's store, so that every test of a run sees the same values and a bad value is reported
 * the same way by every test, as JUnit's {@link ExtensionConfigurationException}.
 */
public final class JupiterConfiguration {
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(Configuration.class);

    private JupiterConfiguration() {
    }

    /**
     * The run's configuration, read and validated on first use and then cached in the root store.
     *
     * @throws ExtensionConfigurationException naming every bad value
     */
    public static Configuration of(ExtensionContext context) {
        try {
            Configuration configuration = context.getRoot().getStore(STORE).getOrComputeIfAbsent(
                    Configuration.class, k -> Configuration.read(context::getConfigurationParameter),
                    Configuration.class);
            if (configuration.jvmNamespace() == Configuration.JvmNamespaceMode.PRIVATE) {
                PrivateJvmNamespace.requireCurrent();
            }
            return configuration;
        } catch (ConfigurationException e) {
            // the same message, as the exception JUnit reports as a configuration error; the cause would only
            // repeat it (the parser's stack says nothing about the user's setting)
            throw new ExtensionConfigurationException(e.getMessage());
        }
    }
}
