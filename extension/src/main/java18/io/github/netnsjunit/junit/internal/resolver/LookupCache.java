package io.github.netnsjunit.junit.internal.resolver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Internal (Java 18+): the cache the JDK's {@code InetAddress} would have kept, for names that are not ours. It
 * honours the TTLs this JVM was configured with ({@code networkaddress.cache.ttl} and
 * {@code networkaddress.cache.negative.ttl} security properties, or their {@code sun.net.inetaddr.*} system property
 * fallbacks, read as {@code sun.net.InetAddressCachePolicy} reads them: seconds, negative means forever, 0 never).
 * The JDK's stale-data extension ({@code networkaddress.cache.stale.ttl}) is not reproduced.
 */
final class LookupCache {
    /** The JDK's default for successful lookups without a security manager. */
    static final int DEFAULT_POSITIVE_SECONDS = 30;
    static final int FOREVER = -1;

    private final int positiveSeconds;
    private final int negativeSeconds;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    private record Key(String host, int characteristics) {
    }

    private record Entry(List<InetAddress> addresses, UnknownHostException failure, long expiresAtNanos) {
        boolean fresh(long now) {
            return expiresAtNanos == Long.MAX_VALUE || now - expiresAtNanos < 0;
        }
    }

    /** A lookup through the built-in resolver. */
    @FunctionalInterface
    interface Lookup {
        List<InetAddress> run() throws UnknownHostException;
    }

    LookupCache(int positiveSeconds, int negativeSeconds) {
        this.positiveSeconds = positiveSeconds;
        this.negativeSeconds = negativeSeconds;
    }

    /**
     * Reads the configured TTLs, then sets both to 0 so that the JDK's own cache, initialised right after this
     * provider's first answer, keeps nothing (see {@link TopologyResolverProvider}).
     */
    static LookupCache takeOverJdkCache() {
        int positive = ttl("networkaddress.cache.ttl", "sun.net.inetaddr.ttl", DEFAULT_POSITIVE_SECONDS);
        int negative = ttl("networkaddress.cache.negative.ttl", "sun.net.inetaddr.negative.ttl", 0);
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        return new LookupCache(positive, negative);
    }

    private static int ttl(String securityProperty, String systemProperty, int fallback) {
        try {
            String value = Security.getProperty(securityProperty);
            if (value != null) {
                return normalize(Integer.parseInt(value.trim()));
            }
        } catch (NumberFormatException ignored) {
            // the JDK ignores a malformed value too
        }
        try {
            String value = System.getProperty(systemProperty);
            if (value != null) {
                return normalize(Integer.decode(value.trim()));
            }
        } catch (NumberFormatException ignored) {
            // as above
        }
        return fallback;
    }

    private static int normalize(int seconds) {
        return seconds < 0 ? FOREVER : seconds;
    }

    int positiveSeconds() {
        return positiveSeconds;
    }

    int negativeSeconds() {
        return negativeSeconds;
    }

    /** The cached answer, or {@code lookup}'s, cached as configured. */
    List<InetAddress> lookup(String host, LookupPolicy policy, Lookup lookup) throws UnknownHostException {
        Key key = new Key(host, policy.characteristics());
        long now = System.nanoTime();
        Entry cached = entries.get(key);
        if (cached != null && cached.fresh(now)) {
            if (cached.failure() != null) {
                throw cached.failure();
            }
            return cached.addresses();
        }
        try {
            List<InetAddress> addresses = List.copyOf(lookup.run());
            store(key, new Entry(addresses, null, expiry(now, positiveSeconds)), positiveSeconds);
            return addresses;
        } catch (UnknownHostException e) {
            store(key, new Entry(null, e, expiry(now, negativeSeconds)), negativeSeconds);
            throw e;
        }
    }

    private void store(Key key, Entry entry, int seconds) {
        if (seconds == 0) {
            entries.remove(key);
        } else {
            entries.put(key, entry);
        }
    }

    private static long expiry(long now, int seconds) {
        return seconds == FOREVER ? Long.MAX_VALUE : now + seconds * 1_000_000_000L;
    }
}
