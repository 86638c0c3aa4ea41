package io.github.netnsjunit.junit.internal.resolver;

import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;

/**
 * Internal (Java 18+): registered in {@code META-INF/services/java.net.spi.InetAddressResolverProvider}; the JDK
 * instantiates it at the JVM's first name lookup and sends every later lookup to {@link TopologyResolver}.
 *
 * <p>The JDK caches lookups in {@code InetAddress} before any resolver is asked, with one TTL for every name
 * ({@code networkaddress.cache.ttl}, default 30 s; failures {@code networkaddress.cache.negative.ttl}, 10 s in the
 * JDK's {@code java.security}). A topology name that maps to another address in the next test, or exists only in
 * the next test, would be answered from that cache. There is no per-name TTL in the resolver API, so this provider
 * takes the cache over: {@code sun.net.InetAddressCachePolicy} reads both properties once, in its static
 * initializer, and the JDK's {@code InetAddress} first uses it after the resolver has answered the JVM's first
 * lookup (JDK 25 source: {@code NameServiceAddresses.get()} calls {@code getAddressesFromNameService}, which calls
 * {@code resolver()}, which loads this provider, before {@code InetAddressCachePolicy.get()}). Setting both
 * properties to 0 here therefore turns the JDK's cache off, and {@link LookupCache} caches every other name with the
 * TTLs the JVM was configured with, so those keep their usual behaviour. Our names are never cached.
 */
public final class TopologyResolverProvider extends InetAddressResolverProvider {

    /** Instantiated by {@link java.util.ServiceLoader}. */
    public TopologyResolverProvider() {
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        LookupCache cache = LookupCache.takeOverJdkCache();
        InJvmResolution.markInstalled();
        return new TopologyResolver(configuration.builtinResolver(), cache);
    }

    @Override
    public String name() {
        return "netns-junit topology names";
    }
}
