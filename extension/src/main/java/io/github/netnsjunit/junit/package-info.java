/**
 * Network-isolated JUnit 5 tests: declare a topology of network namespaces with
 * {@link io.github.netnsjunit.junit.NetNamespace}, {@link io.github.netnsjunit.junit.VethPair},
 * {@link io.github.netnsjunit.junit.Bridge}, {@link io.github.netnsjunit.junit.Route},
 * {@link io.github.netnsjunit.junit.Masquerade} and {@link io.github.netnsjunit.junit.PortForward}, or in code
 * with {@link io.github.netnsjunit.junit.NetworkTopology}; run code inside a namespace with
 * {@link io.github.netnsjunit.junit.InNamespace}. Invalid declarations fail with a
 * {@link io.github.netnsjunit.junit.TopologyDeclarationException} listing every problem, before anything is
 * created. Outside a test, {@link io.github.netnsjunit.junit.TopologyPlan} validates a {@code NetworkTopology}
 * once and builds it as often as needed, each time a {@link io.github.netnsjunit.junit.BuiltTopology} to close.
 *
 * <h2>Value types</h2>
 * One policy decides which types the public API hands out:
 * <ul>
 *   <li><b>Kernel state is reported in the netlink module's records</b>, unwrapped: {@link
 *       io.github.netnsjunit.junit.NetNs#links()} returns {@link io.github.netnsjunit.netlink.route.Link}, likewise
 *       {@link io.github.netnsjunit.netlink.route.Address}, {@link io.github.netnsjunit.netlink.route.RouteEntry},
 *       {@link io.github.netnsjunit.netlink.route.Neighbour} and {@link io.github.netnsjunit.netlink.route.FdbEntry}.
 *       They are immutable, documented public API of {@code netns-netlink}, a dependency of this artifact, and an
 *       extension copy would add nothing but a second name for each field. (The route record is named
 *       {@code RouteEntry} so that it and the {@link io.github.netnsjunit.junit.Route @Route} annotation can be
 *       used in one file without qualified names.)</li>
 *   <li><b>The outcome of something the extension does for a test is an extension type</b> that adds the test's
 *       context: {@link io.github.netnsjunit.junit.PingResult} holds what the netlink layer's
 *       {@link io.github.netnsjunit.netlink.icmp.PingReport} measured plus what an assertion message needs and the
 *       netlink layer cannot know (the namespace's declared name, the timeout asked for, the route the kernel
 *       picked, errors in words). It does not expose the netlink report it was made from.</li>
 *   <li><b>Text meant for messages is a {@code String}</b>: {@link io.github.netnsjunit.junit.NetNs#routeTo},
 *       {@link io.github.netnsjunit.junit.NetNs#describe()}, {@link io.github.netnsjunit.junit.Topology#describe()}.
 *       </li>
 * </ul>
 * New API follows the same rule: return netlink records for what the kernel reports, and define a type here
 * only for a result that carries test context.
 */
package io.github.netnsjunit.junit;
