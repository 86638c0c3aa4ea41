package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.LinkConditions;
import io.github.netnsjunit.junit.internal.model.TrafficScope;
import io.github.netnsjunit.junit.internal.model.TrafficScopeRules;
import io.github.netnsjunit.netlink.tc.GilbertElliott;
import io.github.netnsjunit.netlink.tc.TrafficMatch;
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
    private double[] burst;
    private String to = "";
    private String from = "";
    private LinkConditions.Protocol protocol =
            LinkConditions.Protocol.ANY;
    private int port;
    private int toPort;
    private int fromPort;
    private LinkConditions.Direction direction =
            LinkConditions.Direction.LEAVING;

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
    public ConditionsBuilder burstLoss(double p, double r) {
        return burstLoss(p, r, 100, 0);
    }

    @Override
    public ConditionsBuilder burstLoss(double p, double r, double lossInBurst, double lossOutside) {
        burst = new double[] {p, r, lossInBurst, lossOutside};
        return this;
    }

    @Override
    public ConditionsBuilder to(String prefix) {
        to = Objects.requireNonNull(prefix, "to");
        return this;
    }

    @Override
    public ConditionsBuilder from(String prefix) {
        from = Objects.requireNonNull(prefix, "from");
        return this;
    }

    @Override
    public ConditionsBuilder protocol(LinkConditions.Protocol value) {
        protocol = Objects.requireNonNull(value, "protocol");
        return this;
    }

    @Override
    public ConditionsBuilder port(int value) {
        port = value;
        return this;
    }

    @Override
    public ConditionsBuilder toPort(int value) {
        toPort = value;
        return this;
    }

    @Override
    public ConditionsBuilder fromPort(int value) {
        fromPort = value;
        return this;
    }

    @Override
    public ConditionsBuilder direction(LinkConditions.Direction value) {
        direction = Objects.requireNonNull(value, "direction");
        return this;
    }

    /** Burst loss and the traffic limit, checked by the rules {@code @LinkConditions} follows too. */
    private GilbertElliott checkedBurst(String call) {
        if (burst == null) {
            return null;
        }
        String[] names = {"p", "r", "lossInBurst", "lossOutside"};
        for (int i = 0; i < 4; i++) {
            if (NetemRules.percent(burst[i]) != null) {
                throw new IllegalArgumentException(call + "burstLoss " + names[i] + " " + burst[i] + " is outside 0 to"
                        + " 100 (percent). Use e.g. burstLoss(1, 20) for bursts of 5 packets entered 1 % of the time.");
            }
        }
        if (burst[0] == 0 || burst[1] == 0) {
            throw new IllegalArgumentException(call + "burstLoss " + (burst[0] == 0 ? "p is 0: no burst would ever"
                    + " start" : "r is 0: the first burst would never end") + ". Use e.g. burstLoss(1, 20).");
        }
        if (loss > 0) {
            throw new IllegalArgumentException(call + "burstLoss and loss(" + loss + ") are both set; netem has one"
                    + " loss model, so a link has uncorrelated loss or burst loss. Keep one of them.");
        }
        return new GilbertElliott(burst[0], burst[1], burst[2], burst[3]);
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
        GilbertElliott ge = checkedBurst(call);
        TrafficMatch match = TrafficScopeRules
                .match(new TrafficScope(to, from, protocol.name(), port,
                        toPort, fromPort, direction.name()), (attribute, problem) -> {
                            throw new IllegalArgumentException(call + attribute + " " + problem.replace("protocol TCP",
                                    "protocol(Protocol.TCP)"));
                        });
        String way = TrafficScopeRules.direction(direction.name(), bothWays,
                (attribute, problem) -> {
                    throw new IllegalArgumentException(call + "direction(ARRIVING) with bothWays(true): use"
                            + " direction(BOTH) alone, or ARRIVING alone.");
                });
        LinkConditionsSpec spec = new LinkConditionsSpec(namespace, link, delay.toNanos(), jitter.toNanos(), loss,
                duplicate, reorder, corrupt, rate, limit, way.equals("BOTH"), seed,
                Origin.builder(call.substring(0, call.length() - 2)), match, ge);
        if (spec.filtered() && spec.isEmpty()) {
            throw new IllegalArgumentException(call + "limits the conditions to " + match + ", but no condition is set,"
                    + " so it would select traffic for nothing. Set a condition too, e.g. .delay(Duration.ofMillis(50)).");
        }
        if (way.equals("ARRIVING")) {
            var peer = model.peerOf(namespace, link).orElseThrow(() -> new IllegalArgumentException(call
                    + "direction(ARRIVING), but " + Origin.quote(link) + " has no veth peer in the topology, whose"
                    + " leaving packets would be its arriving ones. Put the conditions on the link the packets leave."));
            conditions.setArriving(spec.at(peer.namespace(), peer.name()), namespace, link);
            return;
        }
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
