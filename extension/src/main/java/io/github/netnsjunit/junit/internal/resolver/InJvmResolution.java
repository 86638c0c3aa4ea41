package io.github.netnsjunit.junit.internal.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.Security;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Internal: whether this JVM resolves topology names itself, and if not, why. On Java 18 and later netns-junit's
 * {@code java.net.spi.InetAddressResolverProvider} (in the jar's {@code META-INF/versions/18}) is loaded by the JDK
 * at the first name lookup and reports here. Java 17 has no such hook: there {@code InetAddress} asks glibc
 * ({@code getaddrinfo}), which reads the JVM's {@code /etc/hosts} and asks the name servers of
 * {@code /etc/resolv.conf} — from the namespace of the calling thread. Inside a topology's namespaces those
 * addresses are the topology's DNS server ({@link TopologyDns}), so namespace threads (and threads they start)
 * resolve the names, and so do the threads of a private {@code "host"} that the topology names (the server runs
 * there too); threads in the machine's namespace ask the machine's real name server and get no answer for them.
 */
public final class InJvmResolution {
    /** Java's first release with {@code java.net.spi.InetAddressResolverProvider} (JEP 418). */
    public static final int FIRST_RELEASE = 18;

    private static volatile boolean installed;
    /** The warning is given once per JVM: every topology of the run would repeat it word for word. */
    private static final AtomicBoolean WARNED = new AtomicBoolean();
    private static final String JDK_DEFAULT_NEGATIVE_TTL = "10";

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

    /** Logs {@link #unavailable}'s warning, the first time only in this JVM. */
    public static void warnOnce(String names) {
        unavailable(names).filter(w -> WARNED.compareAndSet(false, true))
                .ifPresent(w -> System.getLogger("io.github.netnsjunit.junit.hostnames")
                        .log(System.Logger.Level.WARNING, "netns-junit: " + w));
    }

    /**
     * Java 17 only: turns the JDK's own lookup cache off, where the JVM's configuration left it at its defaults
     * (30 s for names, 10 s for failures). A topology name maps to other addresses in the next test, and a lookup
     * that failed outside the namespace must not be answered from the cache inside it. The JDK reads both security
     * properties once, when {@code sun.net.InetAddressCachePolicy} initialises at the JVM's first lookup, so this
     * runs when the JUnit Platform opens its launcher session; Java 18+ needs none of it (the resolver provider
     * takes the cache over, see {@code TopologyResolverProvider}). Returns whether it changed anything.
     */
    public static boolean prepareJdkCache() {
        if (Runtime.version().feature() >= FIRST_RELEASE) {
            return false;
        }
        boolean changed = false;
        if (Security.getProperty("networkaddress.cache.ttl") == null && System.getProperty("sun.net.inetaddr.ttl") == null) {
            Security.setProperty("networkaddress.cache.ttl", "0");
            changed = true;
        }
        if (JDK_DEFAULT_NEGATIVE_TTL.equals(Security.getProperty("networkaddress.cache.negative.ttl"))
                && System.getProperty("sun.net.inetaddr.negative.ttl") == null) {
            Security.setProperty("networkaddress.cache.negative.ttl", "0");
            changed = true;
        }
        return changed;
    }

    /**
     * Empty when in-JVM lookups of topology names work; otherwise the warning to give, naming {@code names}. On Java
     * 18+ a first lookup ({@code localhost}, answered locally) makes the JDK load its resolver if it has not yet.
     */
    public static Optional<String> unavailable(String names) {
        int feature = Runtime.version().feature();
        String processes = " Processes started with NetNs.start(...) do see them, in their /etc/hosts.";
        if (feature < FIRST_RELEASE) {
            return Optional.of("host names " + names + " resolve inside this JVM only on threads in the topology's"
                    + " namespaces (@InNamespace test bodies, NetNs.call(...), and threads and clients started there),"
                    + " where glibc asks the topology's DNS server: this JVM runs Java " + feature + ", and answering"
                    + " on every thread needs java.net.spi.InetAddressResolverProvider, which exists from JDK 18 on."
                    + " Lookups from the test's own thread or other threads in the JVM's namespace fail with"
                    + " UnknownHostException (a connect by name: ConnectException, cause UnresolvedAddressException):"
                    + " run that client inside the namespace, or the tests on JDK 18 or later." + processes);
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
