package io.github.netnsjunit.netlink.addr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An IP address with a prefix length, as written in CIDR notation: {@code 172.18.0.2/24}, {@code fd00::2/64}.
 *
 * <p>The address keeps its host bits (an interface address is a prefix plus a host); {@link #network()} clears
 * them. Parsing never consults DNS: only numeric literals are accepted.
 */
public final class IpPrefix {
    private final InetAddress address;
    private final int length;

    private IpPrefix(InetAddress address, int length) {
        this.address = address;
        this.length = length;
    }

    /**
     * Creates a prefix from an address and a length.
     *
     * @throws IllegalArgumentException if the length is outside 0..32 (IPv4) or 0..128 (IPv6)
     */
    public static IpPrefix of(InetAddress address, int length) {
        Objects.requireNonNull(address, "address");
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new IllegalArgumentException(
                    "prefix length " + length + " is outside 0.." + max + " for " + address.getHostAddress());
        }
        return new IpPrefix(address, length);
    }

    /**
     * Parses {@code ADDRESS/LENGTH}; a bare address is taken as a host prefix (/32 or /128).
     *
     * @throws IllegalArgumentException with a message saying what is wrong with the text
     */
    public static IpPrefix parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String addressText = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress address = IpAddresses.parse(addressText);
        if (slash < 0) {
            return new IpPrefix(address, maxLength(address));
        }
        String lengthText = trimmed.substring(slash + 1);
        int length;
        try {
            length = Integer.parseInt(lengthText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has a prefix length that is not a number: \"" + lengthText + "\"");
        }
        int max = maxLength(address);
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("\"" + text + "\" has prefix length " + length + "; it must be 0.." + max);
        }
        return new IpPrefix(address, length);
    }

    /** The address as given, host bits included. */
    public InetAddress address() {
        return address;
    }

    /** The prefix length in bits. */
    public int length() {
        return length;
    }

    /** True for an IPv4 prefix. */
    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    /** True for an IPv6 prefix. */
    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    /** The address family number: {@link AddressFamily#INET} or {@link AddressFamily#INET6}. */
    public int family() {
        return isIpv4() ? AddressFamily.INET : AddressFamily.INET6;
    }

    /** This prefix with its host bits cleared, e.g. {@code 172.18.0.0/24} for {@code 172.18.0.2/24}. */
    public IpPrefix network() {
        return new IpPrefix(IpAddresses.fromBytes(maskBytes(address.getAddress(), length)), length);
    }

    /** The netmask bytes (e.g. ff ff ff 00 for /24), as long as the address. */
    public byte[] maskBytes() {
        byte[] mask = new byte[address.getAddress().length];
        Arrays.fill(mask, (byte) 0xff);
        return maskBytes(mask, length);
    }

    /** True if {@code other} lies inside this prefix (same family, same leading {@link #length()} bits). */
    public boolean contains(InetAddress other) {
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        if (a.length != b.length) {
            return false;
        }
        return Arrays.equals(maskBytes(a, length), maskBytes(b, length));
    }

    /** True if the two prefixes share any address. */
    public boolean overlaps(IpPrefix other) {
        return isIpv4() == other.isIpv4()
                && (contains(other.address) || other.contains(address));
    }

    private static byte[] maskBytes(byte[] bytes, int length) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, length - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> bitsHere));
        }
        return out;
    }

    private static int maxLength(InetAddress address) {
        return address instanceof Inet4Address ? 32 : 128;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix p && p.length == length && p.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + length;
    }

    /** CIDR notation, e.g. {@code 172.18.0.2/24}. */
    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + length;
    }

    /** Keeps {@link UnknownHostException} out of callers that already validated the bytes. */
    static InetAddress unchecked(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length, e);
        }
    }
}
