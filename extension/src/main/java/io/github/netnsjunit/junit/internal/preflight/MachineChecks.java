package io.github.netnsjunit.junit.internal.preflight;

import io.github.netnsjunit.junit.internal.RealUser;
import io.github.netnsjunit.junit.internal.resolver.InJvmResolution;
import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.nft.NatRules;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import io.github.netnsjunit.netlink.route.BridgeLink;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.VethLink;
import io.github.netnsjunit.netlink.socket.NetlinkException;
import io.github.netnsjunit.netlink.sys.SyscallException;
import io.github.netnsjunit.netlink.tc.Netem;
import io.github.netnsjunit.netlink.tc.TrafficControl;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Internal: the checks of {@link io.github.netnsjunit.junit.Preflight}. Kernel features are tried through the library
 * in one scratch namespace (closed at the end, so the kernel frees all of it); what only a process can show
 * (unprivileged user namespaces need a single-threaded caller) is tried with {@code unshare(1)} in a child.
 */
public final class MachineChecks {
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;
    private static final String OUTSIDE_USERNS_FIX = "run as root (sudo -E), or in laptop mode: ./mvnw -Psealed verify "
            + "(unshare --user --map-root-user --net around each test JVM)";

    private MachineChecks() {
    }

    /** Kernel and OS, for the heading. */
    public static String machine() {
        String os = read("/etc/os-release").lines().filter(l -> l.startsWith("PRETTY_NAME="))
                .map(l -> l.substring(12).replace("\"", "")).findFirst().orElse("unknown OS");
        return "Linux " + read("/proc/sys/kernel/osrelease").strip() + ", " + os + ", Java " + Runtime.version();
    }

    /** Every check, in order. */
    public static List<Check> all() {
        List<Check> out = new ArrayList<>();
        out.add(privileges());
        out.add(jdk());
        out.add(inJvmNames());
        seccomp().ifPresent(out::add);
        NamespaceHandle scratch;
        try {
            scratch = NamespaceHandle.create("preflight");
            out.add(Check.ok("network namespaces", "created a scratch namespace (unshare(CLONE_NEWNET) on a thread)"));
        } catch (RuntimeException | LinkageError e) {
            out.add(Check.missing("network namespaces", "cannot create one: " + causes(e) + "; fix: "
                    + OUTSIDE_USERNS_FIX + "; in a container: --cap-add SYS_ADMIN --cap-add NET_ADMIN"));
            scratch = null;
        }
        if (scratch == null) {
            for (String name : List.of("link kind veth", "link kind bridge", "nf_tables nat/masquerade")) {
                out.add(Check.missing(name, "not checked: no network namespace"));
            }
            out.add(Check.warn("qdisc sch_netem", "not checked: no network namespace"));
        } else {
            try (NamespaceHandle ns = scratch) {
                RouteClient route = RouteClient.of(ns);
                out.add(veth(route));
                out.add(bridge(route));
                out.add(nat(ns));
                out.add(netem(ns, route));
            }
        }
        out.add(userNamespaces());
        out.add(sealed());
        return out;
    }

    private static Check privileges() {
        long eff = capabilities();
        List<String> lacks = new ArrayList<>();
        if ((eff & (1L << CAP_SYS_ADMIN)) == 0) {
            lacks.add("CAP_SYS_ADMIN");
        }
        if ((eff & (1L << CAP_NET_ADMIN)) == 0) {
            lacks.add("CAP_NET_ADMIN");
        }
        if ((eff & (1L << CAP_NET_RAW)) == 0) {
            lacks.add("CAP_NET_RAW");
        }
        String who = "uid " + RealUser.namespaceUid() + (inUserNamespace() ? " in a user namespace (real uid "
                + RealUser.uid() + ")" : "") + ", CapEff " + Long.toHexString(eff);
        return lacks.isEmpty() ? Check.ok("privileges", who + ": has CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_NET_RAW")
                : Check.missing("privileges", who + " lacks " + String.join(", ", lacks) + "; fix: " + OUTSIDE_USERNS_FIX
                        + "; in a container: --cap-add NET_ADMIN --cap-add SYS_ADMIN (NET_RAW is a Docker default)");
    }

    private static Check jdk() {
        int feature = Runtime.version().feature();
        if (feature < 17) {
            return Check.missing("JDK", "Java " + feature + "; netns-junit needs 17 or newer");
        }
        if (feature >= 24 && ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .noneMatch(a -> a.startsWith("--enable-native-access"))) {
            return Check.warn("JDK", "Java " + feature + " without --enable-native-access: each test JVM prints "
                    + "\"WARNING: A restricted method in java.lang.System has been called\" (jffi); fix: add "
                    + "--enable-native-access=ALL-UNNAMED to the test JVM's argLine (README, quick start)");
        }
        return Check.ok("JDK", "Java " + feature);
    }

    /** Whether topology host names resolve in this JVM on every thread (JDK 18+ with our resolver) or not. */
    private static Check inJvmNames() {
        String name = "in-JVM host names";
        int feature = Runtime.version().feature();
        if (feature < InJvmResolution.FIRST_RELEASE) {
            return Check.warn(name, "Java " + feature + ": topology names resolve in this JVM only on threads inside"
                    + " the topology (@InNamespace, NetNs.call and what they start; glibc asks the topology's DNS"
                    + " server); from the test's own thread and other threads in the JVM's namespace they fail; fix:"
                    + " JDK 18+ (netns-junit's InetAddressResolverProvider answers on every thread)");
        }
        return InJvmResolution.unavailable("of a topology")
                .map(why -> Check.warn(name, why))
                .orElseGet(() -> Check.ok(name, "netns-junit's InetAddressResolverProvider answers on every thread"));
    }

    private static Optional<Check> seccomp() {
        String mode = statusField("Seccomp:");
        return "2".equals(mode) ? Optional.of(Check.warn("seccomp", "a seccomp filter is active (a container?): if "
                + "namespaces fail below, its profile blocks unshare/setns; Docker's default allows them with CAP_SYS_ADMIN"))
                : Optional.empty();
    }

    private static Check veth(RouteClient route) {
        try {
            route.changes().addLink("pf-veth0", 0, new VethLink("pf-veth1", -1, null, 0, 0, null), 0, null).execute();
            return Check.ok("link kind veth", "created a veth pair in the scratch namespace");
        } catch (RuntimeException e) {
            return Check.missing("link kind veth", failure(e) + "; fix: modprobe veth, or a kernel with CONFIG_VETH");
        }
    }

    private static Check bridge(RouteClient route) {
        try {
            route.changes().addLink("pf-br0", 0, BridgeLink.KIND, 0, null).execute();
            return Check.ok("link kind bridge", "created a bridge in the scratch namespace");
        } catch (RuntimeException e) {
            return Check.missing("link kind bridge", failure(e) + "; fix: modprobe bridge, or a kernel with CONFIG_BRIDGE");
        }
    }

    private static Check nat(NamespaceHandle ns) {
        try {
            new Nftables(ns).apply(NatRules.masquerade("netns_junit_preflight", IpPrefix.parse("198.51.100.0/24"),
                    "pf-veth0", true));
            return Check.ok("nf_tables nat/masquerade", "loaded a nat chain with a masquerade rule in the scratch namespace");
        } catch (RuntimeException e) {
            return Check.missing("nf_tables nat/masquerade", failure(e) + "; fix: modprobe nf_tables nft_chain_nat "
                    + "nft_masq, or a kernel with CONFIG_NF_TABLES, CONFIG_NFT_NAT, CONFIG_NFT_MASQ");
        }
    }

    private static Check netem(NamespaceHandle ns, RouteClient route) {
        try {
            int lo = route.requireLink("lo").index();
            // tc qdisc add dev lo root netem limit 1000: without sch_netem the kernel answers ENOENT, "Specified
            // qdisc kind is unknown" (the message PreflightIT compares with tc's)
            TrafficControl.of(ns).addRoot(lo, "lo", new Netem(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Netem.DEFAULT_LIMIT, 0, false));
            return Check.ok("qdisc sch_netem", "attached a netem qdisc in the scratch namespace");
        } catch (RuntimeException e) {
            return Check.warn("qdisc sch_netem", failure(e) + " (optional: network conditions such as delay and loss "
                    + "through the kernel); fix: sudo modprobe sch_netem, or a kernel with CONFIG_NET_SCH_NETEM; "
                    + "Ubuntu: sudo apt-get install linux-modules-extra-$(uname -r); or use the userspace engine");
        }
    }

    private static Check userNamespaces() {
        List<String> facts = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        String max = read("/proc/sys/user/max_user_namespaces").strip();
        facts.add("user.max_user_namespaces=" + (max.isEmpty() ? "?" : max));
        if (max.equals("0")) {
            fixes.add("sudo sysctl -w user.max_user_namespaces=15000");
        }
        String clone = read("/proc/sys/kernel/unprivileged_userns_clone").strip();
        if (!clone.isEmpty()) {
            facts.add("kernel.unprivileged_userns_clone=" + clone);
            if (clone.equals("0")) {
                fixes.add("sudo sysctl -w kernel.unprivileged_userns_clone=1");
            }
        }
        String apparmor = read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").strip();
        if (!apparmor.isEmpty()) {
            facts.add("kernel.apparmor_restrict_unprivileged_userns=" + apparmor);
            if (apparmor.equals("1")) {
                fixes.add("sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu 23.10+; to keep "
                        + "it, give unshare an AppArmor profile with \"userns,\")");
            }
        }
        String live = tryUnprivilegedUserNamespace();
        String facts1 = String.join(", ", facts);
        if (live.isEmpty()) {
            return Check.ok("user namespaces (laptop mode)", "an unprivileged user created one live (unshare --user "
                    + "--map-root-user --net); " + facts1);
        }
        if (fixes.isEmpty()) {
            fixes.add("in a container, its seccomp profile blocks unshare(CLONE_NEWUSER): use root there");
        }
        return Check.warn("user namespaces (laptop mode)", live + "; " + facts1 + " (optional: only for "
                + "./mvnw -Psealed without root); fix: " + String.join("; ", fixes));
    }

    /** "" when an unprivileged user could create a user namespace, else what went wrong. */
    private static String tryUnprivilegedUserNamespace() {
        List<String> cmd = new ArrayList<>();
        if (RealUser.namespaceUid() == 0 && !inUserNamespace()) {
            // root may always: ask as nobody, the question is about ordinary users
            cmd.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        cmd.addAll(List.of("unshare", "--user", "--map-root-user", "--net", "--", "sh", "-c", ":"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "not checked: " + String.join(" ", cmd) + " did not end";
            }
            return p.exitValue() == 0 ? "" : "unprivileged users cannot create one (" + String.join(" ", cmd) + ": "
                    + out.replace('\n', ' ') + ")";
        } catch (IOException e) {
            return "not checked live: " + e.getMessage() + " (unshare and setpriv are in util-linux)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not checked: interrupted";
        }
    }

    private static Check sealed() {
        String mode = System.getenv("NETNS_JUNIT_SEALED"); // set by ci/sealed/bin/java (SealedJvmListener.ENV)
        if (mode != null) {
            return Check.ok("sealed JVM", "this JVM runs sealed (" + mode + "): \"host\" is its private namespace");
        }
        return Check.ok("sealed JVM", "not sealed: \"host\" is this machine's namespace (tests touch it only when they "
                + "name it); -Psealed runs each test JVM in a private one");
    }

    private static String failure(RuntimeException e) {
        if (e instanceof NetlinkException n) {
            return n.errnoName() + (n.extAck() == null || n.extAck().isEmpty() ? "" : " \"" + n.extAck() + "\"");
        }
        if (e instanceof SyscallException) {
            return e.getMessage();
        }
        return e.toString();
    }

    /** The messages of a throwable and its causes: the errno is often in a cause. */
    private static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    private static boolean inUserNamespace() {
        return !read("/proc/self/uid_map").trim().matches("0\\s+0\\s+4294967295");
    }

    private static long capabilities() {
        String hex = statusField("CapEff:");
        return hex == null ? 0 : Long.parseUnsignedLong(hex, 16);
    }

    private static String statusField(String key) {
        return read("/proc/self/status").lines().filter(l -> l.startsWith(key)).map(l -> l.substring(key.length()).trim())
                .findFirst().orElse(null);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            return "";
        }
    }
}
