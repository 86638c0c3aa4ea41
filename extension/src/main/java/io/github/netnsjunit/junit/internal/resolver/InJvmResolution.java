package io.github.netnsjunit.junit.internal.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Internal: whether this JVM resolves topology names itself, and if not, why. On Java 18 and later netns-junit's
 * {@code java.net.spi.InetAddressResolverProvider} (in the jar's {@code META-INF/versions/18}) is loaded by the JDK
 * at the first name lookup and reports here; Java 17 has no such hook, so {@code InetAddress} there never sees the
 * names (processes started with {@code NetNs.start} still do, through {@code /etc/hosts}).
 */
public final class InJvmResolution {
    /** Java's first release with {@code java.net.spi.InetAddressResolverProvider} (JEP 418). */
    public static final int FIRST_RELEASE = 18;

    private static volatile boolean installed;

    private InJvmResolution() {
    }

    /** Called by the provider when the JDK installs it. */
    static void markInstalled() {
        installed = true;
    }

    /** True once the JDK uses netns-junit's resolver. */
    public static boolean isInstalled() {
        return installed;
    }

    /**
     * Empty when in-JVM lookups of topology names work; otherwise the warning to give, naming {@code names}. On Java
     * 18+ a first lookup ({@code localhost}, answered locally) makes the JDK load its resolver if it has not yet.
     */
    public static Optional<String> unavailable(String names) {
        int feature = Runtime.version().feature();
        String processes = " Processes started with NetNs.start(...) do see them, in their /etc/hosts.";
        if (feature < FIRST_RELEASE) {
            return Optional.of("host names " + names + " cannot be resolved inside this JVM: it runs Java " + feature
                    + ", and hooking InetAddress lookups needs java.net.spi.InetAddressResolverProvider, which exists from"
                    + " JDK 18 on. InetAddress, HttpClient and NIO lookups of them fail with UnknownHostException: run the"
                    + " tests on JDK 18 or later, or connect to the addresses." + processes);
        }
        if (!installed) {
            try {
                InetAddress.getAllByName("localhost");
            } catch (UnknownHostException e) {
                // only the side effect matters: the JDK has now chosen its resolver
            }
        }
        if (installed) {
            return Optional.empty();
        }
        String why = System.getProperty("jdk.net.hosts.file") != null
                ? "the system property jdk.net.hosts.file is set, so the JDK reads names from that file and loads no"
                + " resolver provider"
                : "the JDK did not load netns-junit's InetAddressResolverProvider: another provider on the class path came"
                + " first, or netns-junit is on the class path as a directory (target/classes) instead of its"
                + " multi-release jar, or the jar was built on JDK 17 (it then has no META-INF/versions/18)";
        return Optional.of("host names " + names + " cannot be resolved inside this JVM: " + why
                + ". InetAddress lookups of them fail with UnknownHostException." + processes);
    }
}
