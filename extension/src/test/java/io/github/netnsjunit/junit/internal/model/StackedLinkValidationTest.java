package io.github.netnsjunit.junit.internal.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Macvlan;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetworkTopology;
import io.github.netnsjunit.junit.TestTopologies;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.Vxlan;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The checks of {@code @Macvlan} and {@code @Vxlan} (MacvlanChecks, VxlanChecks), each pinning the full message
 * users read; every one is reported before anything is created. Fixtures ({@code *TestCase}) have no tests.
 */
class StackedLinkValidationTest {

    private static final String TEST = StackedLinkValidationTest.class.getName();

    private static void assertProblems(Class<?> testCase, String expected) {
        assertThatThrownBy(() -> TestTopologies.readAndValidate(testCase, Optional.empty()))
                .isInstanceOf(TopologyDeclarationException.class)
                .hasMessage(expected.replace("{test}", TEST))
                .satisfies(e -> assertThat(((TopologyDeclarationException) e).problems())
                        .hasSize((int) expected.lines().filter(l -> l.startsWith("  - ")).count()));
    }

    @NetNamespace("node")
    @NetNamespace("c1")
    @VethPair(name = "eth0", namespace = "node", peer = "eth0", peerNamespace = "c1", mtu = 1400)
    @Macvlan(name = "mv0", namespace = "host", parent = "eth0")
    @Macvlan(name = "mv1", namespace = "c1", parent = "eth9", parentNamespace = "node")
    @Macvlan(name = "mv2", namespace = "c1", parent = "eth0", parentNamespace = "node", mtu = 1500)
    @Macvlan(name = "mv3", namespace = "node", parent = "eth0", mtu = 40)
    @Macvlan(name = "mv4", namespace = "node", parent = "mv3")
    static class MacvlanProblemsTestCase {
    }

    @Test
    void macvlanProblems() {
        assertProblems(MacvlanProblemsTestCase.class, """
                Invalid network topology declared for class {test}$MacvlanProblemsTestCase (5 problems):
                  - @Macvlan(name = "mv0") on class {test}$MacvlanProblemsTestCase: attribute 'namespace' is "host". netns-junit creates macvlan links only in the test's own namespaces, where they vanish with the namespace. Declare a namespace, e.g. @NetNamespace("h1"), and put it there.
                  - @Macvlan(name = "mv1") on class {test}$MacvlanProblemsTestCase: attribute 'parent' names "eth9", which is not a declared link of namespace "node". A macvlan's parent must be a declared link of the namespace in attribute 'parentNamespace', or use one of its links: "eth0".
                  - @Macvlan(name = "mv2") on class {test}$MacvlanProblemsTestCase: attribute 'mtu' is 1500, larger than the MTU of its parent "eth0" (1400); the kernel refuses that (EINVAL): a macvlan's frames leave through its parent. Use at most 1400, or raise the parent's mtu.
                  - @Macvlan(name = "mv3") on class {test}$MacvlanProblemsTestCase: attribute 'mtu' is 40, outside 68..65535. Use 0 for the parent's MTU, or a value such as 1400.
                  - @Macvlan(name = "mv4") on class {test}$MacvlanProblemsTestCase: attribute 'parent' names "mv3", which is itself a macvlan. Put the macvlan on the link under it (the kernel would do so silently), i.e. on that macvlan's parent.""");
    }

    @NetNamespace("node")
    @NetNamespace("lan")
    @NetNamespace("c1")
    @NetNamespace("c2")
    @VethPair(name = "eth0", namespace = "node", peer = "eth0", peerNamespace = "lan")
    @Macvlan(name = "mv0", namespace = "c1", parent = "eth0", parentNamespace = "node", mode = Macvlan.Mode.PASSTHRU)
    @Macvlan(name = "mv0", namespace = "c2", parent = "eth0", parentNamespace = "node")
    static class PassthruSharedTestCase {
    }

    @Test
    void aPassthruMacvlanIsAloneOnItsParent() {
        assertProblems(PassthruSharedTestCase.class, """
                Invalid network topology declared for class {test}$PassthruSharedTestCase (1 problem):
                  - @Macvlan(name = "mv0") on class {test}$PassthruSharedTestCase: attribute 'parent' names "eth0", which already carries macvlan "mv0" of @Macvlan(name = "mv0") on class {test}$PassthruSharedTestCase; a passthru macvlan must be the only one on its parent (the kernel refuses the second with EINVAL). Give each its own parent, or use mode bridge for both.""");
    }

    @NetNamespace("h1")
    @VethPair(name = "eth0", namespace = "h1", address = "192.0.2.1/24", peer = "eth1", peerNamespace = "h1")
    @Vxlan(name = "vx0", namespace = "h1", vni = 1 << 24, port = 0, remote = "192.0.2.2", group = "239.1.1.1")
    @Vxlan(name = "vx1", namespace = "h1", vni = 1, remote = "239.1.1.1")
    @Vxlan(name = "vx2", namespace = "h1", vni = 2, group = "239.1.1.1")
    @Vxlan(name = "vx3", namespace = "h1", vni = 3, group = "192.0.2.2", device = "eth0")
    @Vxlan(name = "vx4", namespace = "h1", vni = 4, local = "192.0.2.9", remote = "192.0.2.2", device = "eth7")
    @Vxlan(name = "vx5", namespace = "h1", vni = 5, local = "192.0.2.1", remote = "fd00::2", master = "eth0",
            mtu = 70000)
    @Vxlan(name = "vx6", namespace = "h1", vni = 6, local = "not-an-ip", remote = "192.0.2.2")
    static class VxlanProblemsTestCase {
    }

    @Test
    void vxlanProblems() {
        assertProblems(VxlanProblemsTestCase.class, """
                Invalid network topology declared for class {test}$VxlanProblemsTestCase (12 problems):
                  - @Vxlan(name = "vx0") on class {test}$VxlanProblemsTestCase: attribute 'vni' is 16777216, outside 0..16777215 (the VNI has 24 bits). Use the same VNI on every endpoint of one overlay, e.g. 42.
                  - @Vxlan(name = "vx0") on class {test}$VxlanProblemsTestCase: attribute 'port' is 0, not a UDP port (1..65535). Use 4789 (IANA's VXLAN port, the default) or 8472 (Linux's older default, flannel's).
                  - @Vxlan(name = "vx0") on class {test}$VxlanProblemsTestCase: attribute 'group' is given together with attribute 'remote'. A VXLAN link sends to one remote endpoint or to one multicast group: keep one of them.
                  - @Vxlan(name = "vx1") on class {test}$VxlanProblemsTestCase: attribute 'remote' is "239.1.1.1", a multicast address. Give it as attribute 'group' (with 'device'), or use the remote endpoint's unicast address.
                  - @Vxlan(name = "vx2") on class {test}$VxlanProblemsTestCase: attribute 'device' is empty, but a multicast group needs the underlay link to join it on (the kernel refuses: "Local interface required for multicast remote destination"). Name the underlay link of namespace "h1".
                  - @Vxlan(name = "vx3") on class {test}$VxlanProblemsTestCase: attribute 'group' is "192.0.2.2", which is not a multicast address. Use e.g. "239.1.1.1", or give a unicast endpoint as attribute 'remote'.
                  - @Vxlan(name = "vx4") on class {test}$VxlanProblemsTestCase: attribute 'local' is "192.0.2.9", which no declared link of namespace "h1" has; the kernel could not bind the tunnel to it (EADDRNOTAVAIL when the link goes up). Use one of its addresses: "192.0.2.1", or leave it empty.
                  - @Vxlan(name = "vx4") on class {test}$VxlanProblemsTestCase: attribute 'device' names "eth7", which is not a declared link of namespace "h1". The underlay device must be a declared link of the namespace in attribute 'namespace', or use one of its links: "eth0", "eth1".
                  - @Vxlan(name = "vx5") on class {test}$VxlanProblemsTestCase: attribute 'local' is "192.0.2.1", but the remote is fd00::2: both ends of the outer packets must be one IP family. Use addresses of one family.
                  - @Vxlan(name = "vx5") on class {test}$VxlanProblemsTestCase: attribute 'master' names "eth0", which is not a bridge in namespace "h1". Declare @Bridge(name = "eth0", namespace = "h1"), or leave it empty to attach to no bridge.
                  - @Vxlan(name = "vx5") on class {test}$VxlanProblemsTestCase: attribute 'mtu' is 70000, outside 68..65535. Use 0 for the kernel's (the underlay's MTU minus 50), or a value such as 1400.
                  - @Vxlan(name = "vx6") on class {test}$VxlanProblemsTestCase: attribute 'local' is "not-an-ip", which is not an IP address literal. Write e.g. "10.0.0.1" or "fd00::1" (no prefix length), or leave it empty.""");
    }

    @NetNamespace("h1")
    @Bridge(name = "br0", namespace = "h1")
    @Vxlan(name = "vx0", namespace = "h1", vni = 42, remote = "192.0.2.2", master = "br0")
    @Vxlan(name = "vx1", namespace = "h1", vni = 42, remote = "192.0.2.3")
    @Vxlan(name = "vx2", namespace = "host", vni = 43, remote = "192.0.2.3")
    static class VxlanVniTwiceTestCase {
    }

    @Test
    void oneVniAndPortOncePerNamespace() {
        assertProblems(VxlanVniTwiceTestCase.class, """
                Invalid network topology declared for class {test}$VxlanVniTwiceTestCase (2 problems):
                  - @Vxlan(name = "vx1") on class {test}$VxlanVniTwiceTestCase: attribute 'vni' is 42, which @Vxlan(name = "vx0") on class {test}$VxlanVniTwiceTestCase (link "vx0") already uses on port 4789 in namespace "h1"; the kernel refuses a second VXLAN link with one VNI and port in a namespace ("A VXLAN device with the specified VNI already exists"). Use another VNI, or one link with more FDB entries.
                  - @Vxlan(name = "vx2") on class {test}$VxlanVniTwiceTestCase: attribute 'namespace' is "host". netns-junit creates VXLAN links only in the test's own namespaces, where they vanish with the namespace. Declare a namespace, e.g. @NetNamespace("h1"), and put it there.""");
    }

    @Test
    void theBuilderIsCheckedAlikeAndNamesItsOwnCalls() {
        NetworkTopology topology = NetworkTopology.builder()
                .namespace("h1")
                .macvlan("mv0", "h1", "eth0", m -> m.mode(Macvlan.Mode.VEPA))
                .vxlan("vx0", "host", 42, x -> x.remote("192.0.2.2").master("br0"))
                .build();
        assertThatThrownBy(() -> TestTopologies.validate(topology)).hasMessage("""
                Invalid network topology declared for class {test} (2 problems):
                  - macvlan(name = "mv0") on NetworkTopology builder: attribute 'parent' names "eth0", which is not a declared link of namespace "h1". A macvlan's parent must be a declared link of the namespace in attribute 'namespace'; namespace "h1" declares no link yet: declare one, e.g. a veth end named "eth0".
                  - vxlan(name = "vx0") on NetworkTopology builder: attribute 'namespace' is "host". netns-junit creates VXLAN links only in the test's own namespaces, where they vanish with the namespace. Declare a namespace, e.g. .namespace("h1"), and put it there.""".replace("{test}", TEST));
    }
}
