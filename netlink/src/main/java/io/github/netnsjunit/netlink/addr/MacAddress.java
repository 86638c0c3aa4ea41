package io.github.netnsjunit.netlink.addr;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A 48-bit Ethernet MAC address, written {@code 02:00:00:00:00:01}. */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Parses six colon- or dash-separated hex octets.
     *
     * @throws IllegalArgumentException naming the text when it is not a MAC address
     */
    public static MacAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.trim().split("[:-]", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (six hex octets like 02:00:00:00:00:01)");
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2 || Character.digit(parts[i].charAt(0), 16) < 0
                    || Character.digit(parts[i].charAt(1), 16) < 0) {
                throw new IllegalArgumentException("\"" + text + "\" is not a MAC address (six hex octets like 02:00:00:00:00:01)");
            }
            b[i] = (byte) Integer.parseInt(parts[i], 16);
        }
        return new MacAddress(b);
    }

    /** The address for six raw bytes. */
    public static MacAddress of(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + bytes.length);
        }
        return new MacAddress(bytes.clone());
    }

    /** A copy of the six bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** True for a multicast (or broadcast) address: the lowest bit of the first octet is set. */
    public boolean isMulticast() {
        return (bytes[0] & 1) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case colon form, as {@code ip link} prints it. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
