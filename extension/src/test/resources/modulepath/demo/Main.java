package demo;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.PingResult;
import io.github.netnsjunit.junit.TopologyPlan;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.platform.launcher.LauncherSessionListener;

/** Builds a topology through the library's public API, as a named module; prints what it saw, one key=value a line. */
public final class Main {
    public static void main(String[] args) throws Exception {
        System.out.println("consumer=" + Main.class.getModule().getName());
        System.out.println("junit=" + TopologyPlan.class.getModule().getName());
        System.out.println("netlink=" + NamespaceHandle.class.getModule().getName());
        System.out.println("internalExported=" + TopologyPlan.class.getModule()
                .isExported("io.github.netnsjunit.junit.internal", Main.class.getModule()));
        System.out.println("listeners=" + ServiceLoader.load(LauncherSessionListener.class).stream()
                .map(p -> p.type().getName()).collect(Collectors.joining(",")));
        System.out.println("host=" + netns());
        TopologyPlan plan = TopologyPlan.of(NetworkTopology.builder()
                .namespace("mpA")
                .namespace("mpB")
                .veth("veth0", "mpA", "veth1", "mpB", v -> v.address("10.77.0.1/24").peerAddress("10.77.0.2/24"))
                .build());
        try (BuiltTopology t = plan.build()) {
            System.out.println("inside=" + t.namespace("mpA").call(Main::netns));
            System.out.println("path=" + Files.readSymbolicLink(Path.of(t.namespace("mpA").path())));
            PingResult ping = t.namespace("mpA").ping("10.77.0.2", 1, Duration.ofSeconds(2));
            System.out.println("received=" + ping.received());
        }
        System.out.println("closed=true");
    }

    private static String netns() throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }
}
