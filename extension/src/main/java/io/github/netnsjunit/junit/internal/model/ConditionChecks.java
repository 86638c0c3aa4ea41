package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.function.BiConsumer;
import java.util.Set;
import java.util.HashSet;
import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks {@code @LinkConditions}: values in {@code tc}'s units, netem's own rules (through {@link NetemRules}, which
 * the mid-test builder asks too; the words here name the annotation's attributes), the link, and {@code bothWays}.
 */
final class ConditionChecks {
    /**
     * A value with its unit. Compiled on first use, not when this class loads: every topology's validation loads
     * it, few declare conditions, and compiling a regex in a fresh JVM costs milliseconds of CPU (benchmarks/README.md,
     * "first topology in a fresh JVM").
     */
    private static final class Value {
        static final Pattern PATTERN = Pattern.compile("\\s*(-?)([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z%]*)\\s*");
    }

    private final ValidationContext context;

    ConditionChecks(ValidationContext context) {
        this.context = context;
    }

    /** The spec, or null when the declaration has a problem. */
    LinkConditionsSpec check(Declaration.LinkConditions d) {
        int before = context.problemCount();
        Origin origin = d.origin();
        if (d.namespace().equals(Namespaces.HOST)) {
            context.report(origin, "namespace", "is \"host\". Conditions are applied only to links of test namespaces, "
                    + "never to the machine's own namespace: put the link's end in a @NetNamespace of the test.");
        } else if (context.checkNamespace(origin, "namespace", d.namespace())) {
            checkLink(origin, d);
            once(origin, d);
        }
        int beforeDelay = context.problemCount();
        long delay = time(origin, "delay", d.delay());
        boolean delayBad = context.problemCount() != beforeDelay;
        long jitter = time(origin, "jitter", d.jitter());
        double loss = percent(origin, "loss", d.loss());
        double duplicate = percent(origin, "duplicate", d.duplicate());
        double reorder = percent(origin, "reorder", d.reorder());
        double corrupt = percent(origin, "corrupt", d.corrupt());
        long rate = rate(origin, "rate", d.rate());
        if (!delayBad) {
            for (String attribute : NetemRules.needingDelay(delay, jitter, reorder)) {
                if (attribute.equals("jitter")) {
                    needsDelay(origin, "jitter", d.jitter(), "varies the delay", "delay = \"50ms\", jitter = "
                            + quote(d.jitter()));
                } else {
                    needsDelay(origin, "reorder", d.reorder(), "sends some packets ahead of the delayed ones",
                            "delay = \"50ms\", reorder = " + quote(d.reorder()));
                }
            }
        }
        if (NetemRules.limit(d.limit()) == NetemRules.Breach.NEGATIVE) {
            context.report(origin, "limit", "is " + d.limit() + ", which is negative. Use 0 for the default, or a queue "
                    + "length in packets, e.g. 1000.");
        }
        ConditionLimits.limit(d.limit()).ifPresent(problem -> context.report(origin, "limit", problem));
        BiConsumer<String, String> report = (attribute, problem) ->
                context.report(origin, attribute, problem);
        GilbertElliott burst = TrafficScopeRules.burstLoss(d.burstLoss(), report);
        if (burst != null && loss > 0) {
            context.report(origin, "burstLoss", "is " + quote(d.burstLoss()) + " while loss is " + quote(d.loss())
                    + "; netem has one loss model, so a link has uncorrelated loss or burst loss. Keep one of them.");
        }
        TrafficMatch match = TrafficScopeRules.match(d.scope(), report);
        String direction = TrafficScopeRules.direction(d.scope().direction(), d.bothWays(), report);
        if (context.problemCount() != before) {
            return null;
        }
        LinkConditionsSpec spec = new LinkConditionsSpec(d.namespace(), d.link(), delay, jitter, loss, duplicate,
                reorder, corrupt, rate, d.limit(), direction.equals("BOTH"), d.seed(), origin, match, burst);
        if (spec.filtered() && spec.isEmpty()) {
            context.report(origin, d.scope().to().isBlank() && d.scope().from().isBlank()
                    ? (d.scope().protocol().equals("ANY") ? "port" : "protocol") : "to", "limits the conditions to "
                    + match + ", but no condition is set, so it would select traffic for nothing. Set a condition"
                    + " too, e.g. delay = \"50ms\", or remove the limit.");
            return null;
        }
        if (direction.equals("ARRIVING")) {
            arriving.add(spec);
        }
        return spec;
    }

    /** Specs declared for packets arriving at their link: {@link ConditionPeers} moves them to the veth peer. */
    private final Set<LinkConditionsSpec> arriving =
            Collections.newSetFromMap(new IdentityHashMap<>());

    /** The specs declared with {@code direction = ARRIVING}. */
    Set<LinkConditionsSpec> arriving() {
        return arriving;
    }

    private void needsDelay(Origin origin, String attribute, String text, String what, String example) {
        context.report(origin, attribute, "is " + quote(text) + ", but no delay is set; netem " + what
                + ", so " + attribute + " needs a delay. Set one too, e.g. " + example + ".");
    }

    /** The links already given conditions, per element: a second on the same element would replace the first. */
    private final Set<String> shaped = new HashSet<>();

    private void once(Origin origin, Declaration.LinkConditions d) {
        if (!shaped.add(origin.element() + "\u0000" + d.namespace() + "\u0000" + d.link())) {
            context.report(origin, "link", "names " + quote(d.link()) + " in namespace " + quote(d.namespace())
                    + " a second time on the same " + (origin.isBuilder() ? "builder" : "element") + "; the second"
                    + " would replace the first without a word. Put all of the link's conditions in one declaration.");
        }
    }

    private void checkLink(Origin origin, Declaration.LinkConditions d) {
        String kind = context.index.kindOf(d.namespace(), d.link());
        if (kind == null) {
            List<String> links = context.index.linksIn(d.namespace()).stream().filter(l -> !l.equals("lo")).toList();
            String choice = links.isEmpty()
                    ? "It has no links: declare a @VethPair with an end there."
                    : "Use one of its links: " + links.stream().map(Origin::quote).collect(Collectors.joining(", ")) + ".";
            context.report(origin, "link", "names " + quote(d.link()) + ", which is not a link in namespace "
                    + quote(d.namespace()) + ". " + choice);
            return;
        }
        // bothWays on a bridge, macvlan or VXLAN link: no peer to shape, so the kernel engine shapes the packets
        // arriving at the link on an ifb of its own (IngressShaping)
    }

    /** Nanoseconds; 0 when empty or bad (bad is reported). */
    private long time(Origin origin, String attribute, String text) {
        if (text.isBlank()) {
            return 0;
        }
        Matcher m = Value.PATTERN.matcher(text);
        String example = quote("50ms");
        if (!m.matches()) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not a time. Write a number with us, ms or "
                    + "s, e.g. " + example + ".");
            return 0;
        }
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        if (unit.isEmpty()) {
            context.report(origin, attribute, "is " + quote(text) + ", which has no unit. Write a time with us, ms or s, "
                    + "e.g. " + quote(m.group(2) + "ms") + ".");
            return 0;
        }
        long scale = switch (unit) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            default -> -1;
        };
        if (scale < 0) {
            context.report(origin, attribute, "is " + quote(text) + ", whose unit " + quote(m.group(3)) + " is not a time "
                    + "unit. Write a time with us, ms or s, e.g. " + example + ".");
            return 0;
        }
        BigDecimal exact = signed(m).multiply(BigDecimal.valueOf(scale));
        if (exact.signum() >= 0) { // bounded before it becomes a long: "10000000000s" would wrap
            Optional<String> outOfRange = ConditionLimits.time(quote(text), exact);
            if (outOfRange.isPresent()) {
                context.report(origin, attribute, outOfRange.get());
                return 0;
            }
        }
        long nanos = exact.longValue();
        if (NetemRules.time(nanos) == NetemRules.Breach.NEGATIVE) {
            negative(origin, attribute, text, "a time such as " + example + ", or leave it empty for none");
            return 0;
        }
        return nanos;
    }

    /** Percent 0..100; 0 when empty or bad (bad is reported). */
    private double percent(Origin origin, String attribute, String text) {
        if (text.isBlank()) {
            return 0;
        }
        Matcher m = Value.PATTERN.matcher(text);
        if (!m.matches() || !(m.group(3).isEmpty() || m.group(3).equals("%"))) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not a percentage. Write a number with %, "
                    + "e.g. \"1%\".");
            return 0;
        }
        if (m.group(3).isEmpty()) {
            context.report(origin, attribute, "is " + quote(text) + ", which has no unit. Write a percentage with %, e.g. "
                    + quote(m.group(2) + "%") + ".");
            return 0;
        }
        double value = signed(m).doubleValue();
        NetemRules.Breach breach = NetemRules.percent(value);
        if (breach == NetemRules.Breach.NEGATIVE) {
            negative(origin, attribute, text, "a percentage from 0% to 100%, e.g. \"1%\"");
            return 0;
        }
        if (breach == NetemRules.Breach.ABOVE_100) {
            context.report(origin, attribute, "is " + quote(text) + ", outside 0% to 100%. Write a percentage of packets, "
                    + "e.g. \"1%\".");
            return 0;
        }
        return value;
    }

    /** Bits per second; 0 when empty or bad (bad is reported). */
    private long rate(Origin origin, String attribute, String text) {
        if (text.isBlank()) {
            return 0;
        }
        Matcher m = Value.PATTERN.matcher(text);
        String how = "Write a number with bit, kbit, mbit or gbit (bits per second, 1 mbit = 1000000), e.g. \"10mbit\".";
        if (!m.matches()) {
            context.report(origin, attribute, "is " + quote(text) + ", which is not a rate. " + how);
            return 0;
        }
        String unit = m.group(3).toLowerCase(Locale.ROOT);
        long scale = switch (unit) {
            case "bit" -> 1L;
            case "kbit" -> 1_000L;
            case "mbit" -> 1_000_000L;
            case "gbit" -> 1_000_000_000L;
            default -> -1;
        };
        if (unit.isEmpty()) {
            context.report(origin, attribute, "is " + quote(text) + ", which has no unit. " + how);
            return 0;
        }
        if (scale < 0) {
            context.report(origin, attribute, "is " + quote(text) + ", whose unit " + quote(m.group(3)) + " is not a rate "
                    + "unit. " + how);
            return 0;
        }
        long bits = signed(m).multiply(BigDecimal.valueOf(scale)).longValue();
        NetemRules.Breach breach = NetemRules.rate(bits);
        if (breach == NetemRules.Breach.NEGATIVE) {
            negative(origin, attribute, text, "a rate such as \"10mbit\", or leave it empty for none");
            return 0;
        }
        // a rate written as 0 is not "none" (that is an empty value) but a queue that keeps nothing
        if (breach == NetemRules.Breach.BELOW_8_BITS || bits == 0) {
            context.report(origin, attribute, "is " + quote(text) + ", below 8 bit/s (one byte per second), the smallest "
                    + "rate a queue can keep. Use e.g. \"10kbit\", or leave it empty for none.");
            return 0;
        }
        return bits;
    }

    /** The number of a matched value with its sign. */
    private static BigDecimal signed(Matcher m) {
        BigDecimal value = new BigDecimal(m.group(2));
        return m.group(1).isEmpty() ? value : value.negate();
    }

    private void negative(Origin origin, String attribute, String text, String fix) {
        context.report(origin, attribute, "is " + quote(text) + ", which is negative. Write " + fix + ".");
    }
}
