package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.netlink.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The preflight ({@link Preflight}, run as a user runs it: its own JVM) says what the machine has, line by line; each
 * line is checked against an independent oracle run here: {@code ip}, {@code nft} and {@code tc} in a throwaway
 * {@code unshare --net}, {@code unshare --user} as nobody, and this JVM's own capabilities.
 */
class PreflightIT {
    private record Run(int exitCode, String output) {
        String line(String name) {
            return output.lines().filter(l -> l.length() > 9 && l.substring(9).startsWith(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line for " + name + " in:\n" + output));
        }
    }

    /** Runs to its end (at most 120 s); the output is stdout, then stderr (the lines are looked up by name). */
    private static Run run(List<String> command) {
        Processes.Result r = Processes.exec(command, Duration.ofSeconds(120));
        return new Run(r.exitCode(), r.output());
    }

    private static Run shell(String script) throws Exception {
        return run(List.of("sh", "-c", script));
    }

    private static List<String> preflightCommand(String... prefix) {
        List<String> cmd = new ArrayList<>(List.of(prefix));
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(KitMain.nativeAccessOptions());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Preflight.class.getName());
        return cmd;
    }

    private static String status(boolean oracleSaysPresent, String otherwise) {
        return oracleSaysPresent ? "OK" : otherwise;
    }

    @Test
    void everyLineAgreesWithItsOracle() throws Exception {
        Run preflight = run(preflightCommand());
        System.out.println("[preflight]\n" + preflight.output());
        // the child got this JVM's native access options: the build's jdk24+ profile gives them on JDK 24+
        boolean warned = Runtime.version().feature() >= 24 && KitMain.nativeAccessOptions().isEmpty();
        assertThat(preflight.line("JDK")).startsWith(warned ? "WARN" : "OK");

        String capEff = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .findFirst().orElseThrow().substring(7).trim();
        long caps = Long.parseUnsignedLong(capEff, 16);
        boolean privileged = (caps & (1L << 12)) != 0 && (caps & (1L << 13)) != 0 && (caps & (1L << 21)) != 0;
        assertThat(preflight.line("privileges")).startsWith(status(privileged, "MISSING"))
                .contains("CapEff " + Long.toHexString(caps));

        boolean veth = shell("unshare --net ip link add pf0 type veth peer name pf1").exitCode() == 0;
        assertThat(preflight.line("link kind veth")).startsWith(status(veth, "MISSING"));
        boolean bridge = shell("unshare --net ip link add pfbr0 type bridge").exitCode() == 0;
        assertThat(preflight.line("link kind bridge")).startsWith(status(bridge, "MISSING"));
        boolean nat = shell("echo 'table ip t { chain c { type nat hook postrouting priority srcnat; "
                + "ip saddr 198.51.100.0/24 masquerade; }; }' | unshare --net nft -f -").exitCode() == 0;
        assertThat(preflight.line("nf_tables nat/masquerade")).startsWith(status(nat, "MISSING"));

        Run tc = shell("unshare --net tc qdisc add dev lo root netem limit 1000");
        String netem = preflight.line("qdisc sch_netem");
        assertThat(netem).startsWith(status(tc.exitCode() == 0, "WARN"));
        if (tc.exitCode() != 0) {
            // tc says "Error: Specified qdisc kind is unknown." when the module is absent: the same kernel text
            assertThat(tc.output()).contains("Specified qdisc kind is unknown");
            assertThat(netem).contains("ENOENT", "Specified qdisc kind is unknown", "CONFIG_NET_SCH_NETEM",
                    "modprobe sch_netem", "linux-modules-extra-$(uname -r)", "userspace engine");
        }

        boolean userns = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "unshare",
                "--user", "--map-root-user", "--net", "true")).exitCode() == 0;
        String users = preflight.line("user namespaces (laptop mode)");
        assertThat(users).startsWith(status(userns, "WARN"))
                .contains("user.max_user_namespaces=" + Files.readString(Path.of("/proc/sys/user/max_user_namespaces")).strip());

        assertThat(preflight.exitCode()).as(preflight.output()).isEqualTo(privileged && veth && bridge && nat ? 0 : 1);
        assertThat(preflight.output()).contains(preflight.exitCode() == 0 ? "RESULT ready" : "RESULT not ready");
    }

    @Test
    void withoutCapabilitiesItSaysWhatIsMissingAndHowToFixIt() throws Exception {
        Run preflight = run(preflightCommand("setpriv", "--inh-caps=-all", "--ambient-caps=-all", "--bounding-set=-all"));
        System.out.println("[preflight without capabilities]\n" + preflight.output());
        assertThat(preflight.line("privileges")).startsWith("MISSING")
                .contains("CapEff 0 lacks CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_NET_RAW", "sudo -E", "-Psealed");
        assertThat(preflight.line("network namespaces")).startsWith("MISSING").contains("EPERM");
        assertThat(preflight.line("link kind veth")).startsWith("MISSING").endsWith("not checked: no network namespace");
        assertThat(preflight.output()).contains("RESULT not ready: 5 required part(s) missing");
        assertThat(preflight.exitCode()).isEqualTo(1);
    }
}
