package io.github.netnsjunit.junit.internal.jupiter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.LauncherSessionListener;

/** The parts of the diagnostics that need no privileges: report file names, the sweep's registration. */
class DiagnosticsTest {

    @Test
    void reportDirectoryNamesAreSafeFileNames() {
        assertThat(Diagnostics.fileName("pingsThenFails(NetNs, NetNs)")).isEqualTo("pingsThenFails_NetNs_NetNs");
        assertThat(Diagnostics.fileName("repeated(int) [2] 172.18.0.2/24")).isEqualTo("repeated_int_2_172.18.0.2_24");
        assertThat(Diagnostics.fileName("../..")).isEqualTo("_");
        assertThat(Diagnostics.fileName("x".repeat(300))).hasSize(100);
    }

    @Test
    void theSweepIsRegisteredForEveryTestRun() {
        assertThat(ServiceLoader.load(LauncherSessionListener.class).stream().map(ServiceLoader.Provider::type))
                .contains(HostSweepListener.class);
    }
}
