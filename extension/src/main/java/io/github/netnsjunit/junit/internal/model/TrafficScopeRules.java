package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.netlink.addr.IpPrefix;
import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Internal: the rules on which traffic conditions apply to and on burst loss, the same for {@code @LinkConditions}
 * and the mid-test builder. Each problem is reported as (attribute, "is ..., which ... Fix.") and the caller words
 * the attribute its way (an annotation attribute, or a builder call).
 */
public final class TrafficScopeRules {
    private static final Pattern PERCENT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*%\\s*");

    private TrafficScopeRules() {
    }

    /** The match the scope declares (for packets leaving the declared link), or null when a problem was reported. */
    public static TrafficMatch match(TrafficScope s, BiConsumer<String, String> report) {
        boolean ok = true;
        IpPrefix to = prefix("to", s.to(), report);
        IpPrefix from = prefix("from", s.from(), report);
        ok &= (to != null || s.to().isBlank()) && (from != null || s.from().isBlank());
        if (to != null && from != null && to.isIpv4() != from.isIpv4()) {
            report.accept("from", "is " + quote(s.from()) + ", of another IP family than to = " + quote(s.to())
                    + "; no packet has both. Give both prefixes in IPv4 or both in IPv6.");
            ok = false;
        }
        TrafficMatch.Protocol protocol;
        try {
            protocol = TrafficMatch.Protocol.valueOf(s.protocol().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            report.accept("protocol", "is " + quote(s.protocol()) + ", which is not a protocol conditions can select."
                    + " Use ANY, TCP, UDP or ICMP.");
            return null;
        }
        for (String[] p : new String[][] {{"port", "" + s.port()}, {"toPort", "" + s.toPort()},
                {"fromPort", "" + s.fromPort()}}) {
            int v = Integer.parseInt(p[1]);
            if (v < 0 || v > 65535) {
                report.accept(p[0], "is " + v + ", outside 1 to 65535. Write a port, e.g. 8080, or 0 for any.");
                ok = false;
            }
        }
        boolean ports = s.port() != 0 || s.toPort() != 0 || s.fromPort() != 0;
        if (protocol == TrafficMatch.Protocol.ICMP && ports) {
            report.accept("protocol", "is ICMP, which has no ports, but a port is set. Use protocol TCP or UDP, or"
                    + " leave the ports 0.");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        return new TrafficMatch(to, from, protocol, s.fromPort(), s.toPort(), s.port());
    }

    private static IpPrefix prefix(String attribute, String text, BiConsumer<String, String> report) {
        if (text.isBlank()) {
            return null;
        }
        try {
            return IpPrefix.parse(text).network();
        } catch (IllegalArgumentException e) {
            report.accept(attribute, "is " + quote(text) + ", which is not an address or prefix (" + e.getMessage()
                    + "). Write e.g. \"10.0.0.0/24\", \"10.0.0.2\" or \"fd00::/64\".");
            return null;
        }
    }

    /** The direction, or null when a problem was reported; {@code bothWays} must agree with it. */
    public static String direction(String direction, boolean bothWays, BiConsumer<String, String> report) {
        String d = direction.toUpperCase(Locale.ROOT);
        if (!d.equals("LEAVING") && !d.equals("ARRIVING") && !d.equals("BOTH")) {
            report.accept("direction", "is " + quote(direction) + ". Use LEAVING (packets leaving the link), ARRIVING"
                    + " (packets arriving at it, i.e. leaving its veth peer) or BOTH.");
            return null;
        }
        if (bothWays && d.equals("ARRIVING")) {
            report.accept("direction", "is ARRIVING while bothWays is true, which asks for both directions. Use"
                    + " direction = BOTH (and leave bothWays false), or ARRIVING alone.");
            return null;
        }
        return bothWays ? "BOTH" : d;
    }

    /**
     * Burst loss written as netem's gemodel arguments, {@code "p r [1-h [1-k]]"} (e.g. {@code "1% 10%"}); null when
     * empty or when a problem was reported.
     */
    public static GilbertElliott burstLoss(String text, BiConsumer<String, String> report) {
        if (text.isBlank()) {
            return null;
        }
        String[] parts = text.trim().split("\\s+");
        String how = "Write netem's gemodel values \"p r [1-h [1-k]]\" in %: the chance to enter a burst, the chance"
                + " to leave it (mean burst 1/r packets), and optionally the loss inside and outside bursts, e.g."
                + " \"1% 20%\" (bursts of 5 packets, 4.8 % lost).";
        if (parts.length < 2 || parts.length > 4) {
            report.accept("burstLoss", "is " + quote(text) + ", which has " + parts.length + " value"
                    + (parts.length == 1 ? "" : "s") + ". " + how);
            return null;
        }
        double[] v = {0, 0, 100, 0};
        for (int i = 0; i < parts.length; i++) {
            Matcher m = PERCENT.matcher(parts[i]);
            if (!m.matches() || Double.parseDouble(m.group(1)) > 100) {
                report.accept("burstLoss", "is " + quote(text) + ", whose " + quote(parts[i]) + " is not a percentage"
                        + " from 0% to 100%. " + how);
                return null;
            }
            v[i] = Double.parseDouble(m.group(1));
        }
        if (v[0] == 0) {
            report.accept("burstLoss", "is " + quote(text) + ", whose p (the chance to enter a burst) is 0: no burst"
                    + " would ever start. " + how);
            return null;
        }
        if (v[1] == 0) {
            report.accept("burstLoss", "is " + quote(text) + ", whose r (the chance to leave a burst) is 0: the first"
                    + " burst would never end. " + how);
            return null;
        }
        return new GilbertElliott(v[0], v[1], v[2], v[3]);
    }
}
