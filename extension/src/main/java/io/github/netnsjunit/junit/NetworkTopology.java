package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.model.TrafficScope;
import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import io.github.netnsjunit.junit.internal.model.Declaration;
import io.github.netnsjunit.junit.internal.model.Origin;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A network topology declared in code rather than with annotations, for topologies computed at run time
 * or shared as constants:
 * <pre>{@code
 * @RegisterExtension
 * static NetnsExtension net = NetnsExtension.withTopology(
 *         NetworkTopology.builder()
 *             .namespace("ns0")
 *             .namespace("ns1", ns -> ns.sysctl("net.ipv4.ip_forward", "1"))
 *             .veth("veth0", "ns0", "veth1", "ns1", v -> v.address("172.18.0.2/24").peerAddress("172.18.0.3/24"))
 *             .route("ns0", "default", "172.18.0.3")
 *             .build());
 * }</pre>
 * Each builder method mirrors an annotation ({@link NetNamespace}, {@link VethPair}, {@link Bridge}, {@link Macvlan}, {@link Vxlan},
 * {@link Route}, {@link Masquerade}, {@link PortForward}, {@link HostEntry}) and takes the same values as text. Nothing is
 * checked while building: the extension validates the whole topology before creating anything and reports
 * every problem at once, exactly as for annotations. Immutable and thread-safe. A declaration only: the topology
 * built from it, which a test receives as a parameter, is a {@link Topology}.
 */
public final class NetworkTopology {

    private static final NetworkTopology EMPTY = new NetworkTopology(RawTopology.EMPTY, null);

    private final RawTopology declarations;
    private final Class<?> declaringClass;

    private NetworkTopology(RawTopology declarations, Class<?> declaringClass) {
        this.declarations = declarations;
        this.declaringClass = declaringClass;
    }

    /** A topology with nothing in it. */
    public static NetworkTopology empty() {
        return EMPTY;
    }

    /** Starts a topology; the calling class is remembered to name it in problem reports. */
    public static Builder builder() {
        Class<?> caller;
        try {
            caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
        } catch (IllegalCallerException e) {
            caller = null;
        }
        return new Builder(caller);
    }

    /** True when nothing is declared. */
    public boolean isEmpty() {
        return declarations.isEmpty();
    }

    /**
     * The declarations as given, unvalidated. The one read path of a topology's declarations: the entry points of
     * this package ({@link NetnsExtension}, {@link TopologyPlan}) call it and hand the value to the engine, which
     * never sees a {@code NetworkTopology} (so the model imports nothing of this package). Not API.
     */
    RawTopology declarations() {
        return declarations;
    }

    /** The class that called {@link #builder()}, usually the test class; empty when unknown. */
    public Optional<Class<?>> declaringClass() {
        return Optional.ofNullable(declaringClass);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkTopology t && t.declarations.equals(declarations)
                && Objects.equals(t.declaringClass, declaringClass);
    }

    @Override
    public int hashCode() {
        return declarations.hashCode();
    }

    /** The declarations, one per line, as problem reports would name them. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NetworkTopology[");
        for (Declaration d : declarations.declarations()) {
            sb.append("\n  ").append(d.origin().annotation());
        }
        return sb.append(declarations.isEmpty() ? "]" : "\n]").toString();
    }

    /** Collects declarations in order; not thread-safe, use it from one thread and call {@link #build()}. */
    public static final class Builder {

        private final Class<?> declaringClass;
        private final List<Declaration> declarations = new ArrayList<>();

        private Builder(Class<?> declaringClass) {
            this.declaringClass = declaringClass;
        }

        /** Declares a namespace with {@code lo} up, like {@code @NetNamespace("ns0")}. */
        public Builder namespace(String name) {
            return namespace(name, ns -> { });
        }

        /** Declares a namespace, like {@code @NetNamespace(value = "ns0", loopback = ..., sysctl = ...)}. */
        public Builder namespace(String name, Consumer<NamespaceOptions> options) {
            NamespaceOptions o = new NamespaceOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Namespace(required(name, "name"), o.loopback, o.sysctls, o.hostnames,
                    Origin.builder("namespace(" + quote(name) + ")")));
            return this;
        }

        /** Declares a veth pair without addresses, like {@code @VethPair(name, namespace, peer, peerNamespace)}. */
        public Builder veth(String name, String namespace, String peer, String peerNamespace) {
            return veth(name, namespace, peer, peerNamespace, v -> { });
        }

        /** Declares a veth pair; {@code options} sets addresses, masters, MTU and MACs. */
        public Builder veth(String name, String namespace, String peer, String peerNamespace,
                            Consumer<VethOptions> options) {
            VethOptions o = new VethOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Veth(required(name, "name"), required(namespace, "namespace"),
                    o.addresses, required(peer, "peer"), required(peerNamespace, "peerNamespace"), o.peerAddresses,
                    o.master, o.peerMaster, o.mtu, o.mac, o.peerMac,
                    Origin.builder("veth(name = " + quote(name) + ")"), o.peerMtu));
            return this;
        }

        /** Declares a bridge with optional addresses in CIDR notation, like {@code @Bridge}. */
        public Builder bridge(String name, String namespace, String... addresses) {
            declarations.add(new Declaration.Bridge(required(name, "name"), required(namespace, "namespace"),
                    List.of(addresses), Origin.builder("bridge(name = " + quote(name) + ")")));
            return this;
        }

        /** Declares a macvlan in bridge mode on {@code parent}, like {@code @Macvlan(name, namespace, parent)}. */
        public Builder macvlan(String name, String namespace, String parent) {
            return macvlan(name, namespace, parent, m -> { });
        }

        /**
         * Declares a macvlan on {@code parent}; {@code options} sets the parent's namespace, mode, addresses and MTU,
         * like {@code @Macvlan}.
         */
        public Builder macvlan(String name, String namespace, String parent, Consumer<MacvlanOptions> options) {
            MacvlanOptions o = new MacvlanOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Macvlan(required(name, "name"), required(namespace, "namespace"),
                    required(parent, "parent"), o.parentNamespace, o.mode.name().toLowerCase(Locale.ROOT), o.addresses,
                    o.mtu,
                    Origin.builder("macvlan(name = " + quote(name) + ")")));
            return this;
        }

        /**
         * Declares a VXLAN endpoint, like {@code @Vxlan}; {@code options} sets the remote (or group), local address,
         * underlay device, port, learning, addresses, master and MTU:
         * {@code .vxlan("vx0", "host1", 42, x -> x.local("192.0.2.1").remote("192.0.2.2").master("br0"))}.
         */
        public Builder vxlan(String name, String namespace, int vni, Consumer<VxlanOptions> options) {
            VxlanOptions o = new VxlanOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Vxlan(required(name, "name"), required(namespace, "namespace"), vni,
                    o.local, o.remote, o.group, o.device, o.port, o.learning, o.addresses, o.master, o.mtu,
                    Origin.builder("vxlan(name = " + quote(name) + ")")));
            return this;
        }

        /** Declares a bridge; {@code options} sets addresses and MTU, like {@code @Bridge}. */
        public Builder bridge(String name, String namespace, Consumer<BridgeOptions> options) {
            BridgeOptions o = new BridgeOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Bridge(required(name, "name"), required(namespace, "namespace"),
                    o.addresses, o.mtu, Origin.builder("bridge(name = " + quote(name) + ")")));
            return this;
        }

        /** Declares a route through a gateway, like {@code @Route(namespace = ..., to = "default", via = ...)}. */
        public Builder route(String namespace, String to, String via) {
            return route(namespace, r -> r.to(to).via(via));
        }

        /** Declares a route; {@code options} sets {@code to} (default "default"), {@code via} and {@code dev}. */
        public Builder route(String namespace, Consumer<RouteOptions> options) {
            RouteOptions o = new RouteOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.Route(required(namespace, "namespace"), o.to, o.via, o.dev, o.table,
                    Origin.builder("route(namespace = " + quote(namespace) + ", to = " + quote(o.to) + ")")));
            return this;
        }

        /**
         * Declares a policy routing rule to table {@code table}, like {@code @PolicyRule}; {@code options} sets the
         * selectors: {@code .policyRule("ns01", 100, r -> r.from("10.2.0.0/24").priority(100))}.
         */
        public Builder policyRule(String namespace, int table, Consumer<PolicyRuleOptions> options) {
            PolicyRuleOptions o = new PolicyRuleOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.PolicyRule(required(namespace, "namespace"), o.from, o.to, o.fwmark, o.iif,
                    o.oif, o.priority, table,
                    Origin.builder("policyRule(namespace = " + quote(namespace) + ", table = " + table + ")")));
            return this;
        }

        /** Declares source NAT on any interface, like {@code @Masquerade(namespace = ..., source = ...)}. */
        public Builder masquerade(String namespace, String source) {
            return masquerade(namespace, source, "");
        }

        /** Declares source NAT leaving through {@code outInterface} ("" for any), like {@code @Masquerade}. */
        public Builder masquerade(String namespace, String source, String outInterface) {
            declarations.add(new Declaration.Masquerade(required(namespace, "namespace"), required(source, "source"),
                    required(outInterface, "outInterface"),
                    Origin.builder("masquerade(namespace = " + quote(namespace) + ", source = " + quote(source) + ")")));
            return this;
        }

        /** Declares a port forward on any interface, like {@code @PortForward}. */
        public Builder portForward(String namespace, String protocol, int port, String to) {
            return portForward(namespace, protocol, port, to, "");
        }

        /** Declares a port forward for packets arriving on {@code inInterface} ("" for any), like {@code @PortForward}. */
        public Builder portForward(String namespace, String protocol, int port, String to, String inInterface) {
            declarations.add(new Declaration.PortForward(required(namespace, "namespace"), required(protocol, "protocol"),
                    port, required(to, "to"), required(inInterface, "inInterface"),
                    Origin.builder("portForward(namespace = " + quote(namespace) + ", protocol = " + quote(protocol)
                            + ", port = " + port + ")")));
            return this;
        }

        /**
         * Declares a host name for an address, like {@code @HostEntry(name = "api.example.com", address =
         * "172.18.0.3")}; call it again for more names, or more addresses of one name.
         */
        public Builder hostEntry(String name, String address) {
            declarations.add(new Declaration.HostEntry(required(name, "name"), required(address, "address"),
                    Origin.builder("hostEntry(name = " + quote(name) + ")")));
            return this;
        }

        /**
         * Declares conditions on a link, like {@code @LinkConditions(namespace, link, ...)}; values as text in tc's
         * units: {@code .conditions("ns1", "veth1", c -> c.delay("50ms").loss("1%"))}.
         */
        public Builder conditions(String namespace, String link, Consumer<ConditionOptions> options) {
            ConditionOptions o = new ConditionOptions();
            Objects.requireNonNull(options, "options").accept(o);
            declarations.add(new Declaration.LinkConditions(required(namespace, "namespace"), required(link, "link"),
                    o.delay, o.jitter, o.loss, o.duplicate, o.reorder, o.corrupt, o.rate, o.limit, o.bothWays, o.seed,
                    Origin.builder("conditions(namespace = " + quote(namespace) + ", link = " + quote(link) + ")"),
                    new TrafficScope(o.to, o.from, o.protocol.name(), o.port,
                            o.toPort, o.fromPort, o.direction.name()), o.burstLoss));
            return this;
        }

        /** The immutable topology; the builder may be reused, later changes do not affect it. */
        public NetworkTopology build() {
            return new NetworkTopology(new RawTopology(declarations), declaringClass);
        }

        private static String required(String value, String parameter) {
            return Objects.requireNonNull(value, () -> parameter + " must not be null; use \"\" for none");
        }
    }

    /** Options of {@link Builder#namespace(String, Consumer)}, mirroring {@link NetNamespace}. */
    public static final class NamespaceOptions {
        private boolean loopback = true;
        private final List<String> sysctls = new ArrayList<>();
        private final List<String> hostnames = new ArrayList<>();

        private NamespaceOptions() {
        }

        /** Adds host names that resolve to the namespace's addresses, like {@code @NetNamespace(hostnames = ...)}. */
        public NamespaceOptions hostnames(String... names) {
            for (String name : names) {
                hostnames.add(Builder.required(name, "hostname"));
            }
            return this;
        }

        /** Whether {@code lo} is brought up; default true. */
        public NamespaceOptions loopback(boolean up) {
            this.loopback = up;
            return this;
        }

        /** Sets a network sysctl in the namespace, e.g. {@code sysctl("net.ipv4.ip_forward", "1")}. */
        public NamespaceOptions sysctl(String key, String value) {
            sysctls.add(Builder.required(key, "key") + "=" + Builder.required(value, "value"));
            return this;
        }
    }

    /** Options of {@link Builder#veth(String, String, String, String, Consumer)}, mirroring {@link VethPair}. */
    public static final class VethOptions {
        private final List<String> addresses = new ArrayList<>();
        private final List<String> peerAddresses = new ArrayList<>();
        private String master = "";
        private String peerMaster = "";
        private int mtu;
        private int peerMtu;
        private String mac = "";
        private String peerMac = "";

        private VethOptions() {
        }

        /** Adds addresses of the first end in CIDR notation, e.g. {@code "172.18.0.2/24"}. */
        public VethOptions address(String... cidrs) {
            addresses.addAll(List.of(cidrs));
            return this;
        }

        /** Adds addresses of the other end in CIDR notation. */
        public VethOptions peerAddress(String... cidrs) {
            peerAddresses.addAll(List.of(cidrs));
            return this;
        }

        /** Enslaves the first end to a bridge of its namespace. */
        public VethOptions master(String bridge) {
            this.master = Builder.required(bridge, "master");
            return this;
        }

        /** Enslaves the other end to a bridge of its namespace. */
        public VethOptions peerMaster(String bridge) {
            this.peerMaster = Builder.required(bridge, "peerMaster");
            return this;
        }

        /** MTU of both ends, 68..65535; 0 keeps the kernel default. */
        public VethOptions mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }

        /** MTU of the other end only, when it must differ from {@link #mtu(int)} (a declared mismatch). */
        public VethOptions peerMtu(int peerMtu) {
            this.peerMtu = peerMtu;
            return this;
        }

        /** Unicast MAC of the first end, e.g. {@code "02:00:00:00:00:01"}. */
        public VethOptions mac(String mac) {
            this.mac = Builder.required(mac, "mac");
            return this;
        }

        /** Unicast MAC of the other end. */
        public VethOptions peerMac(String mac) {
            this.peerMac = Builder.required(mac, "peerMac");
            return this;
        }
    }

    /** Options of {@link Builder#bridge(String, String, Consumer)}, mirroring {@link Bridge}. */
    public static final class BridgeOptions {
        private final List<String> addresses = new ArrayList<>();
        private int mtu;

        private BridgeOptions() {
        }

        /** Adds addresses of the bridge in CIDR notation, e.g. {@code "192.168.88.1/24"}. */
        public BridgeOptions address(String... cidrs) {
            addresses.addAll(List.of(cidrs));
            return this;
        }

        /** MTU, 68..65535; 0 follows the ports. */
        public BridgeOptions mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }
    }

    /** Options of {@link Builder#macvlan(String, String, String, Consumer)}, mirroring {@link Macvlan}. */
    public static final class MacvlanOptions {
        private String parentNamespace = "";
        private Macvlan.Mode mode = Macvlan.Mode.BRIDGE;
        private final List<String> addresses = new ArrayList<>();
        private int mtu;

        private MacvlanOptions() {
        }

        /** The parent's namespace; by default the macvlan's own. */
        public MacvlanOptions parentNamespace(String namespace) {
            this.parentNamespace = Builder.required(namespace, "parentNamespace");
            return this;
        }

        /** The mode; default {@link Macvlan.Mode#BRIDGE}. */
        public MacvlanOptions mode(Macvlan.Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Adds addresses in CIDR notation, e.g. {@code "10.0.0.11/24"}. */
        public MacvlanOptions address(String... cidrs) {
            addresses.addAll(List.of(cidrs));
            return this;
        }

        /** MTU, 68..65535 and at most the parent's; 0 takes the parent's. */
        public MacvlanOptions mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }
    }

    /** Options of {@link Builder#vxlan(String, String, int, Consumer)}, mirroring {@link Vxlan}. */
    public static final class VxlanOptions {
        private String local = "";
        private String remote = "";
        private String group = "";
        private String device = "";
        private int port = 4789;
        private boolean learning = true;
        private final List<String> addresses = new ArrayList<>();
        private String master = "";
        private int mtu;

        private VxlanOptions() {
        }

        /** Source address of the outer packets, one of the namespace's declared addresses. */
        public VxlanOptions local(String address) {
            this.local = Builder.required(address, "local");
            return this;
        }

        /** The remote endpoint's unicast address. */
        public VxlanOptions remote(String address) {
            this.remote = Builder.required(address, "remote");
            return this;
        }

        /** A multicast group to flood through (needs {@link #device(String)}). */
        public VxlanOptions group(String address) {
            this.group = Builder.required(address, "group");
            return this;
        }

        /** The underlay link of the namespace. */
        public VxlanOptions device(String link) {
            this.device = Builder.required(link, "device");
            return this;
        }

        /** The UDP destination port; default 4789. */
        public VxlanOptions port(int port) {
            this.port = port;
            return this;
        }

        /** Whether source MACs are learnt into the FDB; default true. */
        public VxlanOptions learning(boolean learning) {
            this.learning = learning;
            return this;
        }

        /** Adds (overlay) addresses in CIDR notation. */
        public VxlanOptions address(String... cidrs) {
            addresses.addAll(List.of(cidrs));
            return this;
        }

        /** Makes it a port of a bridge of its namespace. */
        public VxlanOptions master(String bridge) {
            this.master = Builder.required(bridge, "master");
            return this;
        }

        /** MTU, 68..65535; 0 takes the kernel's (underlay minus 50). */
        public VxlanOptions mtu(int mtu) {
            this.mtu = mtu;
            return this;
        }
    }

    /** Options of {@link Builder#policyRule(String, int, Consumer)}, mirroring {@link PolicyRule}. */
    public static final class PolicyRuleOptions {
        private String from = "";
        private String to = "";
        private String fwmark = "";
        private String iif = "";
        private String oif = "";
        private int priority;

        private PolicyRuleOptions() {
        }

        /** Source network in CIDR notation. */
        public PolicyRuleOptions from(String cidr) {
            this.from = Builder.required(cidr, "from");
            return this;
        }

        /** Destination network in CIDR notation. */
        public PolicyRuleOptions to(String cidr) {
            this.to = Builder.required(cidr, "to");
            return this;
        }

        /** Firewall mark, {@code "0x1"} or {@code "0x1/0xff"}. */
        public PolicyRuleOptions fwmark(String mark) {
            this.fwmark = Builder.required(mark, "fwmark");
            return this;
        }

        /** Input link. */
        public PolicyRuleOptions iif(String link) {
            this.iif = Builder.required(link, "iif");
            return this;
        }

        /** Output link. */
        public PolicyRuleOptions oif(String link) {
            this.oif = Builder.required(link, "oif");
            return this;
        }

        /** Priority, 1..32765; 0 lets the kernel choose. */
        public PolicyRuleOptions priority(int priority) {
            this.priority = priority;
            return this;
        }
    }

    /** Options of {@link Builder#route(String, Consumer)}, mirroring {@link Route}. */
    public static final class RouteOptions {
        private String to = "default";
        private String via = "";
        private String dev = "";
        private int table;

        private RouteOptions() {
        }

        /** Routing table, 1..2147483647, for policy routing; 0 (the default) for the main table. */
        public RouteOptions table(int table) {
            this.table = table;
            return this;
        }

        /** Destination: "default" (the default) or a network in CIDR notation. */
        public RouteOptions to(String destination) {
            this.to = Builder.required(destination, "to");
            return this;
        }

        /** Gateway address literal; "" for a device route. */
        public RouteOptions via(String gateway) {
            this.via = Builder.required(gateway, "via");
            return this;
        }

        /** Output link in the namespace; "" to derive it from the gateway. */
        public RouteOptions dev(String link) {
            this.dev = Builder.required(link, "dev");
            return this;
        }
    }

    /** Options of {@link Builder#conditions(String, String, Consumer)}, mirroring {@link LinkConditions}. */
    public static final class ConditionOptions {
        private String delay = "";
        private String jitter = "";
        private String loss = "";
        private String duplicate = "";
        private String reorder = "";
        private String corrupt = "";
        private String rate = "";
        private int limit;
        private boolean bothWays;
        private long seed;
        private String burstLoss = "";
        private String to = "";
        private String from = "";
        private LinkConditions.Protocol protocol = LinkConditions.Protocol.ANY;
        private int port;
        private int toPort;
        private int fromPort;
        private LinkConditions.Direction direction = LinkConditions.Direction.LEAVING;

        private ConditionOptions() {
        }

        /** Burst loss as netem's gemodel arguments, e.g. {@code "1% 20%"}; see {@link LinkConditions#burstLoss()}. */
        public ConditionOptions burstLoss(String value) {
            burstLoss = Objects.requireNonNull(value, "burstLoss");
            return this;
        }

        /** Only packets leaving the link to this address or prefix; see {@link LinkConditions#to()}. */
        public ConditionOptions to(String prefix) {
            to = Objects.requireNonNull(prefix, "to");
            return this;
        }

        /** Only packets leaving the link from this address or prefix. */
        public ConditionOptions from(String prefix) {
            from = Objects.requireNonNull(prefix, "from");
            return this;
        }

        /** Only packets of this protocol. */
        public ConditionOptions protocol(LinkConditions.Protocol value) {
            protocol = Objects.requireNonNull(value, "protocol");
            return this;
        }

        /** Only packets with this source or destination port; 0 for any. */
        public ConditionOptions port(int value) {
            port = value;
            return this;
        }

        /** Only packets leaving the link to this destination port; 0 for any. */
        public ConditionOptions toPort(int value) {
            toPort = value;
            return this;
        }

        /** Only packets leaving the link from this source port; 0 for any. */
        public ConditionOptions fromPort(int value) {
            fromPort = value;
            return this;
        }

        /** Which packets of the link; see {@link LinkConditions#direction()}. */
        public ConditionOptions direction(LinkConditions.Direction value) {
            direction = Objects.requireNonNull(value, "direction");
            return this;
        }

        /** Added latency, e.g. {@code "50ms"}. */
        public ConditionOptions delay(String value) {
            delay = Objects.requireNonNull(value, "delay");
            return this;
        }

        /** Variation of the delay, e.g. {@code "5ms"}. */
        public ConditionOptions jitter(String value) {
            jitter = Objects.requireNonNull(value, "jitter");
            return this;
        }

        /** Share of packets dropped, e.g. {@code "1%"}. */
        public ConditionOptions loss(String value) {
            loss = Objects.requireNonNull(value, "loss");
            return this;
        }

        /** Share of packets sent twice, e.g. {@code "2%"}. */
        public ConditionOptions duplicate(String value) {
            duplicate = Objects.requireNonNull(value, "duplicate");
            return this;
        }

        /** Share of packets sent ahead of the delayed ones, e.g. {@code "25%"}. */
        public ConditionOptions reorder(String value) {
            reorder = Objects.requireNonNull(value, "reorder");
            return this;
        }

        /** Share of packets with a bit flipped, e.g. {@code "0.1%"}. */
        public ConditionOptions corrupt(String value) {
            corrupt = Objects.requireNonNull(value, "corrupt");
            return this;
        }

        /** Link rate, e.g. {@code "10mbit"}. */
        public ConditionOptions rate(String value) {
            rate = Objects.requireNonNull(value, "rate");
            return this;
        }

        /** Queue length in packets; 0 for the default. */
        public ConditionOptions limit(int packets) {
            limit = packets;
            return this;
        }

        /** Also for packets leaving the veth peer. */
        public ConditionOptions bothWays(boolean value) {
            bothWays = value;
            return this;
        }

        /** Non-zero for reproducible random choices. */
        public ConditionOptions seed(long value) {
            seed = value;
            return this;
        }
    }
}
