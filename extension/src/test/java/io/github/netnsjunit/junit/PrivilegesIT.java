package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Without capabilities, a topology test fails (or, when configured, is skipped) with a message that says what is
 * missing and how to get it. Runs the fixture in a child JVM whose capabilities {@code setpriv} removed.
 */
class PrivilegesIT {
    static final String MESSAGE = "netns-junit cannot build network topologies: this JVM lacks"
            + " CAP_SYS_ADMIN (to create network namespaces),"
            + " CAP_NET_ADMIN (to create links, addresses, routes and nftables rules),"
            + " CAP_NET_RAW (to send ICMP echo requests)."
            + " Run the tests as root (sudo -E mvn verify), in a container started with --cap-add NET_ADMIN"
            + " --cap-add SYS_ADMIN --cap-add NET_RAW, or without root through a user namespace (ci/rootless.sh, i.e."
            + " unshare --user --map-root-user --net mvn verify)."
            + " Set the configuration parameter netns.junit.missingPrivileges=skip to skip such tests instead.";

    @KitFixture
    @NetNamespace("ns0")
    public static class NeedsKernelTestCase {
        @Test
        void check() {
            System.out.println("BODY RAN");
        }
    }

    private static List<String> runWithoutCapabilities(String... config) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--inh-caps=-all", "--ambient-caps=-all",
                "--bounding-set=-all"));
        cmd.addAll(KitMain.command(NeedsKernelTestCase.class, config));
        Processes.Result result = Processes.exec(cmd, Duration.ofSeconds(60));
        String out = result.output();
        System.out.println("[privileges] " + String.join(" ", config) + "\n" + out);
        assertThat(result.exitCode()).as(out).isZero();
        assertThat(out).doesNotContain("BODY RAN");
        return out.lines().toList();
    }

    @Test
    void withoutCapabilitiesTheTestFailsNamingWhatIsMissingAndHowToFixIt() throws Exception {
        List<String> out = runWithoutCapabilities();
        assertThat(out).contains("RESULT FAILED check() | java.lang.IllegalStateException | " + MESSAGE,
                "SUMMARY started=1 succeeded=0 failed=1 aborted=0 skipped=0");
    }

    @Test
    void withSkipConfiguredTheTestIsAborted() throws Exception {
        List<String> out = runWithoutCapabilities("netns.junit.missingPrivileges=skip");
        assertThat(out).contains("RESULT ABORTED check() | org.opentest4j.TestAbortedException | " + MESSAGE,
                "SUMMARY started=1 succeeded=0 failed=0 aborted=1 skipped=0");
    }

    @Test
    void theChildReallyHadNoCapabilities() throws Exception {
        String out = Processes.run("setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all",
                "grep", "^CapEff", "/proc/self/status");
        assertThat(out.strip()).isEqualTo("CapEff:\t0000000000000000");
    }
}
