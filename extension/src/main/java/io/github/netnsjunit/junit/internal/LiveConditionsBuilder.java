package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.internal.model.ConditionLimits;
import io.github.netnsjunit.junit.ConditionsBuilder;
import io.github.netnsjunit.junit.internal.model.LinkConditionsSpec;
import io.github.netnsjunit.junit.internal.model.NetemRules;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Internal: {@link ConditionsBuilder} of one link of a topology; checks values in {@link #apply()}. */
final class LiveConditionsBuilder implements ConditionsBuilder {
    private final LiveConditions conditions;
    private final TopologyModel model;
    private final String namespace;
    private final String link;
    private Duration delay = Duration.ZERO;
    private Duration jitter = Duration.ZERO;
    private double loss;
    private double duplicate;
    private double reorder;
    private double corrupt;
    private long rate;
    private int limit;
    private boolean bothWays;
    private long seed;

    LiveConditionsBuilder(LiveConditions conditions, TopologyModel model, String namespace, String link) {
        this.conditions = conditions;
        this.model = model;
        this.namespace = namespace;
        this.link = link;
    }

    @Override
    public ConditionsBuilder delay(Duration value) {
        delay = Objects.requireNonNull(value, "delay");
        return this;
    }

    @Override
    public ConditionsBuilder jitter(Duration value) {
        jitter = Objects.requireNonNull(value, "jitter");
        return this;
    }

    @Override
    public ConditionsBuilder loss(double percent) {
        loss = percent;
        return this;
    }

    @Override
    public ConditionsBuilder duplicate(double percent) {
        duplicate = percent;
        return this;
    }

    @Override
    public ConditionsBuilder reorder(double percent) {
        reorder = percent;
        return this;
    }

    @Override
    public ConditionsBuilder corrupt(double percent) {
        corrupt = percent;
        return this;
    }

    @Override
    public ConditionsBuilder rate(long bitsPerSecond) {
        rate = bitsPerSecond;
        return this;
    }

    @Override
    public ConditionsBuilder limit(int packets) {
        limit = packets;
        return this;
    }

    @Override
    public ConditionsBuilder bothWays(boolean value) {
        bothWays = value;
        return this;
    }

    @Override
    public ConditionsBuilder seed(long value) {
        seed = value;
        return this;
    }

    @Override
    public void apply() {
        String call = "conditions(" + Origin.quote(link) + ") in netns " + namespace + ": ";
        // bounded first: Duration.toNanos() throws ArithmeticException beyond 292 years
        timeInRange(call, "delay", delay);
        timeInRange(call, "jitter", jitter);
        // netem's rules are NetemRules', as for @LinkConditions; the words here name the builder's calls
        if (NetemRules.time(delay.toNanos()) != null || NetemRules.time(jitter.toNanos()) != null) {
            throw new IllegalArgumentException(call + (delay.isNegative() ? "delay " + delay : "jitter " + jitter)
                    + " is negative. Use a positive Duration, e.g. Duration.ofMillis(50).");
        }
        ConditionLimits.limit(limit).ifPresent(problem -> {
            throw new IllegalArgumentException(call + "limit " + problem);
        });
        percent(call, "loss", loss);
        percent(call, "duplicate", duplicate);
        percent(call, "reorder", reorder);
        percent(call, "corrupt", corrupt);
        if (NetemRules.rate(rate) != null) {
            throw new IllegalArgumentException(call + "rate " + rate + " bit/s is " + (rate < 0 ? "negative" : "below 8 bit/s")
                    + ". Use bits per second, e.g. rate(10_000_000) for 10 Mbit/s, or 0 for none.");
        }
        if (NetemRules.limit(limit) != null) {
            throw new IllegalArgumentException(call + "limit " + limit + " is negative. Use 0 for the default or a queue "
                    + "length in packets, e.g. 1000.");
        }
        List<String> needingDelay = NetemRules.needingDelay(delay.toNanos(), jitter.toNanos(), reorder);
        if (!needingDelay.isEmpty()) {
            throw new IllegalArgumentException(call + needingDelay.get(0) + " needs a delay, as in "
                    + "netem. Set one too, e.g. .delay(Duration.ofMillis(50)).");
        }
        // a bridge, macvlan or VXLAN link has no peer: its arrivals are shaped on an ifb (IngressShaping)
        if (bothWays && model.peerOf(namespace, link).isEmpty() && model.end(namespace, link).isEmpty()) {
            throw new IllegalArgumentException(call + "bothWays(true), but " + Origin.quote(link) + " is no declared"
                    + " link of the topology. Use bothWays(false), or set conditions on a declared link.");
        }
        LinkConditionsSpec spec = new LinkConditionsSpec(namespace, link, delay.toNanos(), jitter.toNanos(), loss,
                duplicate, reorder, corrupt, rate, limit, bothWays, seed, Origin.builder(call.substring(0, call.length() - 2)));
        conditions.set(spec);
    }

    private static void timeInRange(String call, String name, Duration value) {
        ConditionLimits.time(value).ifPresent(problem -> {
            throw new IllegalArgumentException(call + name + " " + problem.replace("\"50ms\"", "Duration.ofMillis(50)"));
        });
    }

    private static void percent(String call, String name, double value) {
        if (NetemRules.percent(value) != null) {
            throw new IllegalArgumentException(call + name + " " + value + " is outside 0 to 100 (percent). Use e.g. "
                    + name + "(1) for 1 %.");
        }
    }
}
