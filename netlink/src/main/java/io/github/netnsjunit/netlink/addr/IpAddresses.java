package io.github.netnsjunit.netlink.addr;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Parsing and formatting of numeric IP addresses without any name lookup. */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Parses a numeric IPv4 or IPv6 literal; host names are refused so that no DNS lookup can ever happen.
     *
     * @throws IllegalArgumentException naming the text when it is not an IP literal
     */
    public static InetAddress parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean looksNumeric = !t.isEmpty()
                && (t.indexOf(':') >= 0 ? t.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')
                        : t.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.') && t.split("\\.", -1).length == 4);
        if (!looksNumeric) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address literal");
        }
        try {
            InetAddress address = InetAddress.getByName(t);
            if (address.getAddress().length == 4) {
                for (String part : t.split("\\.")) {
                    if (part.isEmpty() || Integer.parseInt(part) > 255) {
                        throw new IllegalArgumentException("\"" + text + "\" is not an IP address literal");
                    }
                }
            }
            return address;
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address literal", e);
        }
    }

    /** The address for 4 or 16 raw bytes. */
    public static InetAddress fromBytes(byte[] bytes) {
        return IpPrefix.unchecked(bytes);
    }

    /** Numeric text without a host name or scope, IPv6 in the shortest RFC 5952 form. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (words[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i > 1) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
