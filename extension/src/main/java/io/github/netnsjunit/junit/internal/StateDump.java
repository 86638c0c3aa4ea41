package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.netlink.nft.Nft;
import io.github.netnsjunit.netlink.nft.Nftables;
import io.github.netnsjunit.netlink.nft.Rule;
import io.github.netnsjunit.netlink.nft.TableInfo;
import io.github.netnsjunit.netlink.route.Address;
import io.github.netnsjunit.netlink.route.FdbEntry;
import io.github.netnsjunit.netlink.route.Link;
import io.github.netnsjunit.netlink.route.Neighbour;
import io.github.netnsjunit.netlink.route.RouteClient;
import io.github.netnsjunit.netlink.route.RouteEntry;
import io.github.netnsjunit.netlink.route.Rtnl;
import io.github.netnsjunit.netlink.route.VxlanFdbEntry;
import java.util.List;

/**
 * Internal: a namespace's state read through netlink and printed the way {@code ip addr}, {@code ip route},
 * {@code ip neigh}, {@code bridge fdb} and {@code nft list ruleset} print it.
 */
final class StateDump {
    private StateDump() {
    }

    /**
     * Links with flags, operstate and addresses, the main-table unicast routes, neighbours, the forwarding database
     * of every bridge and, when {@code nft} is not null, the rules of every nftables table.
     */
    static String describe(String namespace, RouteClient route, Nftables nft) {
        List<Link> links = route.links();
        List<Address> addresses = route.addresses();
        StringBuilder sb = new StringBuilder("netns ").append(namespace).append(":\n");
        for (Link l : links) {
            sb.append("  ").append(l.index()).append(": ").append(l.name());
            if (l.peerIndex() != 0 && l.peerIndex() != l.index()) {
                sb.append("@if").append(l.peerIndex());
            }
            sb.append(": <").append(l.flagNames()).append("> mtu ").append(l.mtu());
            if (l.master() != 0) {
                sb.append(" master ").append(nameOf(links, l.master()));
            }
            sb.append(" state ").append(Rtnl.operstateName(l.operstate()));
            if (l.kind() != null) {
                sb.append(" type ").append(l.kind());
            }
            sb.append('\n');
            if (l.mac() != null) {
                sb.append((l.flags() & Rtnl.IFF_LOOPBACK) != 0 ? "      link/loopback " : "      link/ether ")
                        .append(l.mac()).append('\n');
            }
            for (Address a : addresses) {
                if (a.index() == l.index()) {
                    sb.append("      ").append(a).append('\n');
                }
            }
        }
        List<RouteEntry> routes = route.routes();
        sb.append("  routes:\n");
        for (RouteEntry r : routes) {
            if (r.type() == Rtnl.RTN_UNICAST) {
                sb.append("    ").append(r.format(nameOf(links, r.outIndex()))).append('\n');
            }
        }
        List<Neighbour> neighbours = route.neighbours().stream()
                .filter(n -> (n.state() & Rtnl.NUD_NOARP) == 0).toList();
        sb.append("  neighbours:").append(neighbours.isEmpty() ? " none\n" : "\n");
        for (Neighbour n : neighbours) {
            sb.append("    ").append(n.toString().replace(" lladdr", " dev " + nameOf(links, n.index()) + " lladdr"))
                    .append('\n');
        }
        for (Link l : links) {
            if ("bridge".equals(l.kind())) {
                appendFdb(sb, route, l.name(), links);
            } else if ("vxlan".equals(l.kind())) {
                List<VxlanFdbEntry> entries = route.vxlanFdb(l.name());
                sb.append("  vxlan fdb ").append(l.name()).append(':').append(entries.isEmpty() ? " none\n" : "\n");
                entries.forEach(e -> sb.append("    ").append(e).append('\n'));
            }
        }
        if (nft != null) {
            appendNft(sb, nft);
        }
        return sb.toString();
    }

    private static void appendFdb(StringBuilder sb, RouteClient route, String bridge, List<Link> links) {
        List<FdbEntry> entries = route.fdb(bridge);
        sb.append("  bridge fdb ").append(bridge).append(':').append(entries.isEmpty() ? " none\n" : "\n");
        for (FdbEntry e : entries) {
            sb.append("    ").append(e.mac()).append(" dev ").append(nameOf(links, e.portIndex()));
            if (e.vlan() != 0) {
                sb.append(" vlan ").append(e.vlan());
            }
            if ((e.flags() & Rtnl.NTF_SELF) != 0) {
                sb.append(" self");
            } else {
                sb.append(" master ").append(bridge);
            }
            if ((e.state() & Rtnl.NUD_PERMANENT) != 0) {
                sb.append(" permanent");
            }
            sb.append('\n');
        }
    }

    private static void appendNft(StringBuilder sb, Nftables nft) {
        List<TableInfo> tables = nft.tables();
        sb.append("  nftables:").append(tables.isEmpty() ? " no tables\n" : "\n");
        for (TableInfo t : tables) {
            sb.append("    table ").append(Nft.familyName(t.family())).append(' ').append(t.name()).append('\n');
            String chain = null;
            for (Rule r : nft.ruleList(t.family(), t.name())) {
                if (!r.chain().equals(chain)) {
                    chain = r.chain();
                    sb.append("      chain ").append(chain).append('\n');
                }
                sb.append("        ").append(r.text()).append('\n');
            }
        }
    }

    static String nameOf(List<Link> links, int index) {
        return links.stream().filter(l -> l.index() == index).map(Link::name).findFirst().orElse("if" + index);
    }
}
