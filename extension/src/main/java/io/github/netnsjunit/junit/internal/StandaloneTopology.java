package io.github.netnsjunit.junit.internal;

import io.github.netnsjunit.junit.BuiltTopology;
import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.DnsFaultBuilder;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.Partition;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.util.List;

/** Internal: the {@link BuiltTopology} of a {@code TopologyPlan}, a {@link LiveTopology} seen through public API. */
public final class StandaloneTopology implements BuiltTopology {
    private final LiveTopology live;

    /** Takes over {@code live}: closing this closes it. */
    public StandaloneTopology(LiveTopology live) {
        this.live = live;
    }

    @Override
    public NamespaceHandle handle(String name) {
        NamespaceHandle ns = live.handle(name);
        if (ns == null) {
            throw new IllegalArgumentException("no namespace \"" + name + "\" in this topology; it has: "
                    + String.join(", ", live.handles().stream().map(NamespaceHandle::name).toList()));
        }
        return ns;
    }

    @Override
    public NetNs namespace(String name) {
        return live.namespace(name);
    }

    @Override
    public List<NetNs> namespaces() {
        return live.namespaces();
    }

    @Override
    public String describe() {
        return live.describe();
    }

    @Override
    public String diagram(DiagramFormat format) {
        return live.diagram(format);
    }

    @Override
    public String linkName(String namespace, String declaredLink) {
        return live.linkName(namespace, declaredLink);
    }

    @Override
    public Partition partition(String... namespaces) {
        return live.partition(namespaces);
    }

    @Override
    public Partition partitionOneWay(String from, String to) {
        return live.partitionOneWay(from, to);
    }

    @Override
    public DnsFaultBuilder dns() {
        return live.dns();
    }

    @Override
    public void close() {
        live.close();
    }

    @Override
    public String toString() {
        return "BuiltTopology" + live.handles().stream().map(NamespaceHandle::name).toList();
    }
}
