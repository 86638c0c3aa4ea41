package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.DiagramFormat;
import io.github.netnsjunit.junit.NetNs;
import io.github.netnsjunit.junit.NetnsConfig;
import io.github.netnsjunit.junit.NetworkState;
import io.github.netnsjunit.junit.PathTrace;
import io.github.netnsjunit.junit.internal.FailureParts;
import io.github.netnsjunit.junit.internal.KeptNamespaces;
import io.github.netnsjunit.junit.internal.KeptRelays;
import io.github.netnsjunit.junit.internal.LibraryThreadEscape;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.PoolEscape;
import io.github.netnsjunit.junit.internal.TopologyDiagram;
import io.github.netnsjunit.junit.internal.resolver.UnresolvedNames;
import io.github.netnsjunit.netlink.ns.NamespaceHandle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Internal: the report of a failed test, written before teardown: {@code state.txt} (every namespace as read
 * from the kernel), {@code topology.mmd} and {@code topology.dot} (the declared topology), published as report
 * entries and attached to the failure as a suppressed {@link NetworkState}. With
 * {@link NetnsConfig#KEEP_ON_FAILURE} the namespaces are also kept for inspection, and the commands to enter and
 * remove them are printed and reported.
 */
final class FailureReport {
    static final String STATE = "state.txt";
    static final String MERMAID = "topology.mmd";
    static final String DOT = "topology.dot";
    static final String TRACE = "trace.txt";

    private FailureReport() {
    }

    private static final System.Logger LOG = System.getLogger(FailureReport.class.getName());

    static void write(ExtensionContext context, LiveTopology live, Path directory, List<Path> pcaps,
            Throwable failure, boolean keepOnFailure) {
        StringBuilder text = new StringBuilder();
        for (NetNs ns : live.namespaces()) {
            try {
                text.append(ns.describe());
            } catch (RuntimeException e) {
                text.append("netns ").append(ns.name()).append(": cannot read its state: ").append(e).append('\n');
            }
        }
        if (!pcaps.isEmpty()) {
            text.append("packet captures:\n");
            pcaps.forEach(p -> text.append("  ").append(p.toAbsolutePath()).append('\n'));
        }
        if (keepOnFailure) {
            keep(context, live, text, failure);
        }

        Path state = directory.resolve(STATE).toAbsolutePath();
        List<PathTrace> traces = live.traces();
        TopologyDiagram.Marks marks = marks(live, traces);
        List<Path> tracePcaps = new ArrayList<>();
        String where;
        try {
            Files.createDirectories(directory);
            Files.writeString(state, text, StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(MERMAID), TopologyDiagram.render(live.model(), DiagramFormat.MERMAID,
                    marks), StandardCharsets.UTF_8);
            Files.writeString(directory.resolve(DOT), TopologyDiagram.render(live.model(), DiagramFormat.DOT, marks),
                    StandardCharsets.UTF_8);
            if (!traces.isEmpty()) {
                StringBuilder t = new StringBuilder();
                traces.forEach(trace -> t.append(trace).append("\n\n"));
                Files.writeString(directory.resolve(TRACE), t, StandardCharsets.UTF_8);
                // the last trace is the one of the failure; its frames, one pcap per link, for tcpdump -r
                tracePcaps.addAll(traces.get(traces.size() - 1).writePcaps(directory));
            }
            context.publishReportEntry("netns-junit.state", state.toString());
            where = "also in " + state;
        } catch (IOException | RuntimeException e) {
            where = "could not be written to " + state + ": " + e;
        }
        pcaps.forEach(p -> context.publishReportEntry("netns-junit.capture", p.toAbsolutePath().toString()));
        // attached to the test itself (Open Test Reporting XML, IDEs), besides the files in the report directory
        Diagnostics.publish(context, state, Diagnostics.TEXT);
        Diagnostics.publish(context, directory.resolve(TRACE), Diagnostics.TEXT);
        Diagnostics.publish(context, directory.resolve(MERMAID), Diagnostics.TEXT);
        Diagnostics.publish(context, directory.resolve(DOT), Diagnostics.TEXT);
        pcaps.forEach(p -> Diagnostics.publish(context, p, Diagnostics.PCAP));
        tracePcaps.forEach(p -> Diagnostics.publish(context, p, Diagnostics.PCAP));
        List<Throwable> parts = FailureParts.of(failure); // read before anything below is added to it
        PoolEscape.explain(parts).ifPresent(why -> failure.addSuppressed(new NetworkState("netns-junit: " + why)));
        LibraryThreadEscape.explain(parts, codeNamespace(context), inodes(live))
                .forEach(why -> failure.addSuppressed(new NetworkState("netns-junit: " + why)));
        UnresolvedNames.explain(parts, live.hostNames())
                .ifPresent(why -> failure.addSuppressed(new NetworkState("netns-junit: " + why)));
        failure.addSuppressed(new NetworkState("Network state when the test failed (" + where + "):\n" + text));
    }

    /** Where the test's own code ran: its {@code @InNamespace}, or {@code "host"} (JUnit's thread). */
    private static String codeNamespace(ExtensionContext context) {
        Optional<String> named = Placement.perTest(context.getRequiredTestClass(), context.getTestMethod().orElse(null));
        return Placement.isTestNamespace(named) ? named.get() : NamespaceHandle.HOST_NAME;
    }

    /** The test's namespaces by {@code net:[inode]}, read while their handles are open. */
    private static Map<String, String> inodes(LiveTopology live) {
        Map<String, String> byInode = new HashMap<>();
        for (NamespaceHandle ns : live.handles()) {
            try {
                byInode.put(Files.readSymbolicLink(Path.of(ns.path())).toString(), ns.name());
            } catch (IOException | RuntimeException closed) {
                // not open any more: not one a thread can be found in
            }
        }
        return byInode;
    }

    /** Links down or without carrier now, and the link where the last trace lost its probe. */
    static TopologyDiagram.Marks marks(LiveTopology live, List<PathTrace> traces) {
        Set<String> down = new LinkedHashSet<>();
        for (NetNs ns : live.namespaces()) {
            if (ns.name().equals("host")) {
                continue;
            }
            try {
                ns.links().stream().filter(l -> !l.name().equals("lo") && !l.isOperational())
                        .forEach(l -> down.add(ns.name() + "/" + l.name()));
            } catch (RuntimeException unreadable) {
                // the state dump reports it
            }
        }
        String lost = null;
        if (!traces.isEmpty()) {
            Matcher m = Pattern.compile("^(\\S+) \\((\\S+)\\)$")
                    .matcher(traces.get(traces.size() - 1).lostAt().orElse(""));
            if (m.matches() && !traces.get(traces.size() - 1).answered()) {
                lost = m.group(2) + "/" + m.group(1);
            }
        }
        return new TopologyDiagram.Marks(down, lost);
    }

    private static void keep(ExtensionContext context, LiveTopology live, StringBuilder text, Throwable failure) {
        KeptNamespaces kept = KeptNamespaces.standard();
        try {
            Map<String, String> names = kept.keep(live.handles());
            if (names.isEmpty()) {
                return;
            }
            live.keptForInspection();
            String commands = kept.commands(context.getRequiredTestClass().getSimpleName() + "."
                    + context.getDisplayName(), names) + KeptRelays.note(live).map(note -> {
                        context.publishReportEntry("netns-junit.kept.relayed", note);
                        return note + "\n";
                    }).orElse("");
            LOG.log(System.Logger.Level.INFO, commands);
            names.forEach((ns, name) -> context.publishReportEntry("netns-junit.kept." + ns, "ip netns exec " + name
                    + " bash | nsenter --net=" + kept.directory().resolve(name) + " | ip netns del " + name));
            text.append(commands);
        } catch (RuntimeException e) {
            failure.addSuppressed(new IllegalStateException("netns-junit could not keep the namespaces of the failed "
                    + "test (" + NetnsConfig.KEEP_ON_FAILURE + "=true): " + e.getMessage(), e));
        }
    }
}
