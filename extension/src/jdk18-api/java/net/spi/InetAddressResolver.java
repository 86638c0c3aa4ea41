package java.net.spi;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;

/**
 * Build-time stand-in for the JDK 18 type of this name (see {@link InetAddressResolverProvider}). The constants are
 * inlined by javac: their values are the JDK's (IPV4 1, IPV6 2, IPV4_FIRST 4, IPV6_FIRST 8, as {@code javap
 * -constants} prints them).
 */
public interface InetAddressResolver {
    /**
     * Build-time stand-in.
     *
     * @param host the name
     * @param lookupPolicy the address families wanted
     * @return the addresses
     * @throws UnknownHostException when not found
     */
    Stream<InetAddress> lookupByName(String host, LookupPolicy lookupPolicy) throws UnknownHostException;

    /**
     * Build-time stand-in.
     *
     * @param addr the address
     * @return the name
     * @throws UnknownHostException when not found
     */
    String lookupByAddress(byte[] addr) throws UnknownHostException;

    /** Build-time stand-in. */
    final class LookupPolicy {
        /** IPv4 addresses. */
        public static final int IPV4 = 1;
        /** IPv6 addresses. */
        public static final int IPV6 = 1 << 1;
        /** IPv4 first. */
        public static final int IPV4_FIRST = 1 << 2;
        /** IPv6 first. */
        public static final int IPV6_FIRST = 1 << 3;

        private final int characteristics;

        private LookupPolicy(int characteristics) {
            this.characteristics = characteristics;
        }

        /**
         * Build-time stand-in.
         *
         * @param characteristics the bits
         * @return the policy
         */
        public static LookupPolicy of(int characteristics) {
            return new LookupPolicy(characteristics);
        }

        /**
         * Build-time stand-in.
         *
         * @return the bits
         */
        public int characteristics() {
            return characteristics;
        }
    }
}
