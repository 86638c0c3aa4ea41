package io.github.netnsjunit.junit.internal.model;

import io.github.netnsjunit.junit.TestTopologies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.Masquerade;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.PortForward;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.TopologyDeclarationException;
import io.github.netnsjunit.junit.VethPair;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One test per validation rule, each pinning the full message users will read. The fixtures
 * ({@code *TestCase}) are nested classes, which Surefire does not run by itself, and have no tests.
 */
class TopologyValidatorTest {

    private static final String TEST = TopologyValidatorTest.class.getName();

    private static void assertProblems(Class<?> testCase, Optional<Method> method, String expected) {
        assertThatThrownBy(() -> TestTopologies.readAndValidate(testCase, method))
                .isInstanceOf(TopologyDeclarationException.class)
                .hasMessage(expected.replace("{test}", TEST))
                .satisfies(e -> assertThat(((TopologyDeclarationException) e).problems())
                        .hasSize((int) expected.lines().filter(l -> l.startsWith("  - ")).count()));
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getDeclaredMethod(name);
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "nsX", peer = "veth1", peerNamespace = "ns1")
    static class UnknownNamespaceTestCase {
    }

    @Test
    void unknownNamespace() {
        assertProblems(UnknownNamespaceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$UnknownNamespaceTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$UnknownNamespaceTestCase: attribute 'namespace' names "nsX", which is not declared. Declare it with @NetNamespace("nsX"), or use one of: "ns0", "ns1", "host".""");
    }

    @NetNamespace("ns0")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns2")
    static class UnknownPeerNamespaceTestCase {
    }

    @Test
    void unknownPeerNamespace() {
        assertProblems(UnknownPeerNamespaceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$UnknownPeerNamespaceTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$UnknownPeerNamespaceTestCase: attribute 'peerNamespace' names "ns2", which is not declared. Declare it with @NetNamespace("ns2"), or use one of: "ns0", "host".""");
    }

    @NetNamespace("ns0")
    @Bridge(name = "br0", namespace = "")
    static class EmptyNamespaceReferenceTestCase {
    }

    @Test
    void emptyNamespaceReference() {
        assertProblems(EmptyNamespaceReferenceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$EmptyNamespaceReferenceTestCase (1 problem):
                  - @Bridge(name = "br0") on class {test}$EmptyNamespaceReferenceTestCase: attribute 'namespace' is empty. Name the namespace to use, one of: "ns0", "host".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns0")
    static class DuplicateNamespaceTestCase {
    }

    @Test
    void duplicateNamespace() {
        assertProblems(DuplicateNamespaceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$DuplicateNamespaceTestCase (1 problem):
                  - @NetNamespace("ns0") on class {test}$DuplicateNamespaceTestCase: attribute 'value' declares namespace "ns0" a second time; it is already declared by @NetNamespace("ns0") on class {test}$DuplicateNamespaceTestCase. Remove one of the declarations, or give this one another name.""");
    }

    @NetNamespace("host")
    static class HostDeclaredTestCase {
    }

    @Test
    void hostDeclared() {
        assertProblems(HostDeclaredTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$HostDeclaredTestCase (1 problem):
                  - @NetNamespace("host") on class {test}$HostDeclaredTestCase: attribute 'value' is "host", which is reserved for the JVM's own network namespace and cannot be declared. Remove this declaration to use the JVM's namespace as "host", or choose another name for a fresh namespace.""");
    }

    @NetNamespace("ns 0")
    static class NamespaceNameWithSpaceTestCase {
    }

    @Test
    void namespaceNameWithSpace() {
        assertProblems(NamespaceNameWithSpaceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$NamespaceNameWithSpaceTestCase (1 problem):
                  - @NetNamespace("ns 0") on class {test}$NamespaceNameWithSpaceTestCase: attribute 'value' is "ns 0", which contains a space; namespace names may only contain letters, digits, '_', '.' and '-'.""");
    }

    @NetNamespace("a-namespace-name-that-goes-on-and-on-for-far-longer-than-64-characters")
    static class NamespaceNameTooLongTestCase {
    }

    @Test
    void namespaceNameTooLong() {
        assertProblems(NamespaceNameTooLongTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$NamespaceNameTooLongTestCase (1 problem):
                  - @NetNamespace("a-namespace-name-that-goes-on-and-on-for-far-longer-than-64-characters") on class {test}$NamespaceNameTooLongTestCase: attribute 'value' is 70 characters long, over the limit of 64. Use a shorter name, e.g. "a-namesp".""");
    }

    @NetNamespace("..")
    static class NamespaceNameDotDotTestCase {
    }

    @Test
    void namespaceNameDotDot() {
        assertProblems(NamespaceNameDotDotTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$NamespaceNameDotDotTestCase (1 problem):
                  - @NetNamespace("..") on class {test}$NamespaceNameDotDotTestCase: attribute 'value' is "..", which cannot be a namespace name (it means a directory). Choose another name, e.g. "ns0".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth-to-the-router", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    static class LinkNameTooLongTestCase {
    }

    @Test
    void linkNameTooLong() {
        assertProblems(LinkNameTooLongTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$LinkNameTooLongTestCase (1 problem):
                  - @VethPair(name = "veth-to-the-router") on class {test}$LinkNameTooLongTestCase: attribute 'name' is "veth-to-the-router" (18 bytes), longer than the kernel's limit of 15 bytes for link names (IFNAMSIZ). Use a shorter name, e.g. "veth-to-the-rou".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth/0", namespace = "ns0", peer = "veth:1", peerNamespace = "ns1")
    static class LinkNameForbiddenCharactersTestCase {
    }

    @Test
    void linkNameForbiddenCharacters() {
        assertProblems(LinkNameForbiddenCharactersTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$LinkNameForbiddenCharactersTestCase (2 problems):
                  - @VethPair(name = "veth/0") on class {test}$LinkNameForbiddenCharactersTestCase: attribute 'name' is "veth/0", which contains '/'; the kernel refuses '/', ':' and whitespace in link names. Use letters, digits, '-', '_' or '.' instead.
                  - @VethPair(name = "veth/0") on class {test}$LinkNameForbiddenCharactersTestCase: attribute 'peer' is "veth:1", which contains ':'; the kernel refuses '/', ':' and whitespace in link names. Use letters, digits, '-', '_' or '.' instead.""");
    }

    @NetNamespace("ns0")
    @Bridge(name = "", namespace = "ns0")
    @Bridge(name = ".", namespace = "ns0")
    static class LinkNameEmptyAndDotTestCase {
    }

    @Test
    void linkNameEmptyAndDot() {
        assertProblems(LinkNameEmptyAndDotTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$LinkNameEmptyAndDotTestCase (2 problems):
                  - @Bridge(name = "") on class {test}$LinkNameEmptyAndDotTestCase: attribute 'name' is empty. Give the link a name of 1 to 15 bytes, e.g. "veth0".
                  - @Bridge(name = ".") on class {test}$LinkNameEmptyAndDotTestCase: attribute 'name' is ".", which the kernel refuses as a link name. Choose another name, e.g. "veth0".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    @Bridge(name = "veth0", namespace = "ns0")
    static class DuplicateLinkNameTestCase {
    }

    @Test
    void duplicateLinkName() {
        assertProblems(DuplicateLinkNameTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$DuplicateLinkNameTestCase (1 problem):
                  - @Bridge(name = "veth0") on class {test}$DuplicateLinkNameTestCase: attribute 'name' declares link "veth0" in namespace "ns0" a second time; it is already declared by @VethPair(name = "veth0") on class {test}$DuplicateLinkNameTestCase (attribute 'name'). Link names must be unique within a namespace: rename one of them.""");
    }

    @NetNamespace("ns0")
    @Bridge(name = "lo", namespace = "ns0")
    static class LinkNamedLoTestCase {
    }

    @Test
    void linkNamedLo() {
        assertProblems(LinkNamedLoTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$LinkNamedLoTestCase (1 problem):
                  - @Bridge(name = "lo") on class {test}$LinkNamedLoTestCase: attribute 'name' is "lo", the loopback link every namespace already has. Choose another name.""");
    }

    @NetNamespace("ns0")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth0", peerNamespace = "ns0")
    static class SameNameForBothEndsTestCase {
    }

    @Test
    void sameNameForBothEnds() {
        assertProblems(SameNameForBothEndsTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$SameNameForBothEndsTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$SameNameForBothEndsTestCase: attribute 'peer' is "veth0", the same as attribute 'name', and both ends are in namespace "ns0". The two ends of a veth pair need different names in one namespace: rename one end, or put the peer in another namespace.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.300/24", peer = "veth1", peerNamespace = "ns1",
            peerAddress = "172.18.0.3/33")
    static class InvalidCidrTestCase {
    }

    @Test
    void invalidCidr() {
        assertProblems(InvalidCidrTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$InvalidCidrTestCase (2 problems):
                  - @VethPair(name = "veth0") on class {test}$InvalidCidrTestCase: attribute 'address' has "172.18.0.300/24", which is not a valid CIDR address: "172.18.0.300" is not an IP address literal. Write ADDRESS/LENGTH, e.g. "172.18.0.2/24" or "fd00::2/64".
                  - @VethPair(name = "veth0") on class {test}$InvalidCidrTestCase: attribute 'peerAddress' has "172.18.0.3/33", which is not a valid CIDR address: "172.18.0.3/33" has prefix length 33; it must be 0..32. Write ADDRESS/LENGTH, e.g. "172.18.0.2/24" or "fd00::2/64".""");
    }

    @NetNamespace("ns0")
    @Bridge(name = "br0", namespace = "ns0", address = {"192.168.88.1", "fd00::1"})
    static class MissingPrefixLengthTestCase {
    }

    @Test
    void missingPrefixLength() {
        assertProblems(MissingPrefixLengthTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$MissingPrefixLengthTestCase (2 problems):
                  - @Bridge(name = "br0") on class {test}$MissingPrefixLengthTestCase: attribute 'address' has "192.168.88.1", which lacks a prefix length. Write ADDRESS/LENGTH, e.g. "192.168.88.1/24"; the length decides which network is directly reachable.
                  - @Bridge(name = "br0") on class {test}$MissingPrefixLengthTestCase: attribute 'address' has "fd00::1", which lacks a prefix length. Write ADDRESS/LENGTH, e.g. "fd00::1/64"; the length decides which network is directly reachable.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24", peer = "veth1", peerNamespace = "ns1")
    @Bridge(name = "br0", namespace = "ns0", address = "172.18.0.2/16")
    static class DuplicateAddressTestCase {
    }

    @Test
    void duplicateAddress() {
        assertProblems(DuplicateAddressTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$DuplicateAddressTestCase (1 problem):
                  - @Bridge(name = "br0") on class {test}$DuplicateAddressTestCase: attribute 'address' has "172.18.0.2/16", but 172.18.0.2 is already assigned in namespace "ns0" by @VethPair(name = "veth0") on class {test}$DuplicateAddressTestCase (attribute 'address'). An address can be assigned only once per namespace: use another one.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", mac = "02:00:00:00:00", peer = "veth1", peerNamespace = "ns1",
            peerMac = "01:00:5e:00:00:01")
    static class InvalidMacTestCase {
    }

    @Test
    void invalidMac() {
        assertProblems(InvalidMacTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$InvalidMacTestCase (2 problems):
                  - @VethPair(name = "veth0") on class {test}$InvalidMacTestCase: attribute 'mac' is "02:00:00:00:00", which is not a MAC address. Write six hex octets, e.g. "02:00:00:00:00:01", or leave it empty for a random one.
                  - @VethPair(name = "veth0") on class {test}$InvalidMacTestCase: attribute 'peerMac' is "01:00:5e:00:00:01", a multicast address (lowest bit of the first octet set), which an interface cannot have. Use a unicast, locally administered address such as "02:00:5e:00:00:01".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", mac = "00:00:00:00:00:00", peer = "veth1", peerNamespace = "ns1")
    static class ZeroMacTestCase {
    }

    @Test
    void zeroMac() {
        assertProblems(ZeroMacTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$ZeroMacTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$ZeroMacTestCase: attribute 'mac' is "00:00:00:00:00:00", the all-zero address, which the kernel refuses for an interface. Use e.g. "02:00:00:00:00:01", or leave it empty for a random one.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("sw")
    @Bridge(name = "br0", namespace = "sw")
    @VethPair(name = "veth0", namespace = "ns0", peer = "br-veth0", peerNamespace = "sw", peerMaster = "br9")
    static class UnknownMasterTestCase {
    }

    @Test
    void unknownMaster() {
        assertProblems(UnknownMasterTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$UnknownMasterTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$UnknownMasterTestCase: attribute 'peerMaster' names "br9", which is not a bridge in namespace "sw". Declare @Bridge(name = "br9", namespace = "sw"), or use one of its bridges: "br0", or leave it empty to attach to no bridge.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    @VethPair(name = "veth2", namespace = "ns0", master = "veth0", peer = "veth3", peerNamespace = "ns1")
    static class MasterIsNotABridgeTestCase {
    }

    @Test
    void masterIsNotABridge() {
        assertProblems(MasterIsNotABridgeTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$MasterIsNotABridgeTestCase (1 problem):
                  - @VethPair(name = "veth2") on class {test}$MasterIsNotABridgeTestCase: attribute 'master' names "veth0", which is a veth end in namespace "ns0", not a bridge. Declare @Bridge(name = "veth0", namespace = "ns0"), or leave it empty to attach to no bridge.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1", mtu = 20)
    @VethPair(name = "veth2", namespace = "ns0", peer = "veth3", peerNamespace = "ns1", mtu = -1)
    @VethPair(name = "veth4", namespace = "ns0", peer = "veth5", peerNamespace = "ns1", mtu = 70000)
    static class MtuOutOfRangeTestCase {
    }

    @Test
    void mtuOutOfRange() {
        assertProblems(MtuOutOfRangeTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$MtuOutOfRangeTestCase (3 problems):
                  - @VethPair(name = "veth0") on class {test}$MtuOutOfRangeTestCase: attribute 'mtu' is 20, outside 68..65535. Use 0 for the kernel's default (1500), or a value such as 1400.
                  - @VethPair(name = "veth2") on class {test}$MtuOutOfRangeTestCase: attribute 'mtu' is -1, outside 68..65535. Use 0 for the kernel's default (1500), or a value such as 1400.
                  - @VethPair(name = "veth4") on class {test}$MtuOutOfRangeTestCase: attribute 'mtu' is 70000, outside 68..65535. Use 0 for the kernel's default (1500), or a value such as 1400.""");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1", mtu = 1400, peerMtu = 67)
    static class PeerMtuOutOfRangeTestCase {
    }

    @Test
    void peerMtuOutOfRange() {
        assertProblems(PeerMtuOutOfRangeTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$PeerMtuOutOfRangeTestCase (1 problem):
                  - @VethPair(name = "veth0") on class {test}$PeerMtuOutOfRangeTestCase: attribute 'peerMtu' is 67, outside 68..65535. Use 0 for the same MTU as mtu, or a value such as 1400.""");
    }

    @NetNamespace(value = "ns0", sysctl = {"net.ipv4.ip_forwrd=1", "net.ipv4.conf.veth0.rp_filter=2",
            "net.ipv4.conf.eth9.rp_filter=1", "net.ipv4.conf=1", "net.ipv4.tcp_available_ulp=x",
            "net.ipv6.conf.default.no_such_key=1", "net.ipv4.conf.all.rp_filter=0"})
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    static class UnknownSysctlKeysTestCase {
    }

    /** Checked against the kernel's own table (/proc/sys/net), per-interface keys through conf.default. */
    @Test
    void sysctlKeysTheKernelDoesNotHaveOrCannotWrite() {
        assertProblems(UnknownSysctlKeysTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$UnknownSysctlKeysTestCase (5 problems):
                  - @NetNamespace("ns0") on class {test}$UnknownSysctlKeysTestCase: attribute 'sysctl' has "net.ipv4.ip_forwrd=1", whose key "net.ipv4.ip_forwrd" is not a sysctl this kernel has (did you mean "net.ipv4.ip_forward"?).
                  - @NetNamespace("ns0") on class {test}$UnknownSysctlKeysTestCase: attribute 'sysctl' has "net.ipv4.conf.eth9.rp_filter=1", whose key "net.ipv4.conf.eth9.rp_filter" names link "eth9", which is not a link of this namespace (it has lo, veth0). Use one of those, or "all"/"default".
                  - @NetNamespace("ns0") on class {test}$UnknownSysctlKeysTestCase: attribute 'sysctl' has "net.ipv4.conf=1", whose key "net.ipv4.conf" is a group of sysctls, not one; name a key inside it.
                  - @NetNamespace("ns0") on class {test}$UnknownSysctlKeysTestCase: attribute 'sysctl' has "net.ipv4.tcp_available_ulp=x", whose key "net.ipv4.tcp_available_ulp" is read-only (/proc/sys/net/ipv4/tcp_available_ulp has no write permission): it reports a value, it cannot be set. Remove it.
                  - @NetNamespace("ns0") on class {test}$UnknownSysctlKeysTestCase: attribute 'sysctl' has "net.ipv6.conf.default.no_such_key=1", whose key "net.ipv6.conf.default.no_such_key" is not a sysctl this kernel has.""");
    }

    @NetNamespace("a")
    @NetNamespace("b")
    @NetNamespace("c")
    @VethPair(name = "ab", namespace = "a", address = "10.7.0.1/24", peer = "ba", peerNamespace = "b",
            peerAddress = "10.7.0.2/24")
    @VethPair(name = "ac", namespace = "a", address = "10.7.0.5/24", peer = "ca", peerNamespace = "c",
            peerAddress = "10.7.0.2/24")
    static class AddressPlanTestCase {
    }

    /** One address in two namespaces (a ping would pass by reaching the wrong one); one network on two links. */
    @Test
    void theSameAddressTwiceInATopologyAndOverlappingNetworksInANamespace() {
        assertProblems(AddressPlanTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$AddressPlanTestCase (2 problems):
                  - @VethPair(name = "ac") on class {test}$AddressPlanTestCase: attribute 'address' has "10.7.0.5/24" on link "ac", whose network 10.7.0.0/24 overlaps 10.7.0.1/24 on link "ab" of namespace "a" (@VethPair(name = "ab") on class {test}$AddressPlanTestCase (attribute 'address')). The kernel would route that range out of one link only: give each link of a namespace a network of its own (e.g. another /24), or put the links in one @Bridge and the address on the bridge.
                  - @VethPair(name = "ac") on class {test}$AddressPlanTestCase: attribute 'peerAddress' has "10.7.0.2/24", but 10.7.0.2 is already assigned in namespace "b" by @VethPair(name = "ab") on class {test}$AddressPlanTestCase (attribute 'peerAddress'). With one address on two links of a topology, a test reaches whichever namespace the route leads to first (a ping to it may even be answered locally): use another address.""");
    }

    @NetNamespace(value = "ns0", sysctl = {"net.ipv4.ip_forward", "kernel.pid_max=100", "net.ipv4.ip_forward=",
            "net.ipv6.conf.all.forwarding=1", "net.ipv6.conf.all.forwarding=0"})
    static class BadSysctlTestCase {
    }

    @Test
    void badSysctl() {
        assertProblems(BadSysctlTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$BadSysctlTestCase (4 problems):
                  - @NetNamespace("ns0") on class {test}$BadSysctlTestCase: attribute 'sysctl' has "net.ipv4.ip_forward", which is not of the form key=value. Write e.g. "net.ipv4.ip_forward=1".
                  - @NetNamespace("ns0") on class {test}$BadSysctlTestCase: attribute 'sysctl' has "kernel.pid_max=100", whose key "kernel.pid_max" is not a network sysctl; only keys under "net." belong to a network namespace. Write e.g. "net.ipv4.ip_forward=1".
                  - @NetNamespace("ns0") on class {test}$BadSysctlTestCase: attribute 'sysctl' has "net.ipv4.ip_forward=", whose value is empty. Write the value after '=', e.g. "net.ipv4.ip_forward=1".
                  - @NetNamespace("ns0") on class {test}$BadSysctlTestCase: attribute 'sysctl' has "net.ipv6.conf.all.forwarding=0", but "net.ipv6.conf.all.forwarding" is already set to "1" by this declaration. Keep one of the two entries.""");
    }

    @NetNamespace("sw")
    @NetNamespace("ns01")
    @Bridge(name = "br01", namespace = "sw", address = "192.168.88.1/24")
    @VethPair(name = "veth01", namespace = "ns01", address = {"192.168.88.11/24", "fd00::11/64"},
            peer = "br-veth01", peerNamespace = "sw", peerMaster = "br01")
    @Route(namespace = "ns01", via = "192.168.99.1")
    static class GatewayOutsideConnectedNetworksTestCase {
    }

    @Test
    void gatewayOutsideConnectedNetworks() {
        assertProblems(GatewayOutsideConnectedNetworksTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$GatewayOutsideConnectedNetworksTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "default") on class {test}$GatewayOutsideConnectedNetworksTestCase: attribute 'via' is "192.168.99.1", which is outside every network connected to namespace "ns01" (192.168.88.0/24). The kernel only accepts a gateway it can reach directly: use an address inside one of them, or give a link in "ns01" an address in the gateway's network.""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02")
    @Route(namespace = "ns01", to = "::/0", via = "fd00::1")
    static class GatewayWithoutAddressOfItsFamilyTestCase {
    }

    @Test
    void gatewayWithoutAddressOfItsFamily() {
        assertProblems(GatewayWithoutAddressOfItsFamilyTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$GatewayWithoutAddressOfItsFamilyTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "::/0") on class {test}$GatewayWithoutAddressOfItsFamilyTestCase: attribute 'via' is "fd00::1", but namespace "ns01" has no IPv6 address on any of its links, so no gateway is reachable. Give one of its links an address in the gateway's network first.""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02")
    @Route(namespace = "ns01", via = "192.168.88.11")
    static class GatewayIsOwnAddressTestCase {
    }

    @Test
    void gatewayIsOwnAddress() {
        assertProblems(GatewayIsOwnAddressTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$GatewayIsOwnAddressTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "default") on class {test}$GatewayIsOwnAddressTestCase: attribute 'via' is "192.168.88.11", an address of namespace "ns01" itself. A gateway is a neighbour on a connected network, e.g. the address of the bridge or of the veth peer.""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02")
    @Route(namespace = "ns01", to = "10.0.0.0/8", via = "fd00::1")
    static class RouteFamilyMismatchTestCase {
    }

    @Test
    void routeFamilyMismatch() {
        assertProblems(RouteFamilyMismatchTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$RouteFamilyMismatchTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "10.0.0.0/8") on class {test}$RouteFamilyMismatchTestCase: attribute 'via' is "fd00::1", an IPv6 address, but attribute 'to' is "10.0.0.0/8", an IPv4 destination. Use a gateway of the same family as the destination.""");
    }

    @NetNamespace("ns01")
    @Route(namespace = "ns01", to = "10.0.0.0/8")
    static class RouteWithoutViaOrDevTestCase {
    }

    @Test
    void routeWithoutViaOrDev() {
        assertProblems(RouteWithoutViaOrDevTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$RouteWithoutViaOrDevTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "10.0.0.0/8") on class {test}$RouteWithoutViaOrDevTestCase: attributes 'via' and 'dev' are both empty, so the kernel cannot tell where to send the packets. Give a gateway (via = "192.168.88.1") or an output link (dev = "veth0").""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02")
    @Route(namespace = "ns01", to = "10.0.0.0/8", dev = "eth0")
    static class RouteDevUnknownTestCase {
    }

    @Test
    void routeDevUnknown() {
        assertProblems(RouteDevUnknownTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$RouteDevUnknownTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "10.0.0.0/8") on class {test}$RouteDevUnknownTestCase: attribute 'dev' names "eth0", which is not a link in namespace "ns01". Use one of its links: "lo", "veth01", or leave it empty to let the kernel choose by 'via'.""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02")
    @Route(namespace = "ns01", to = "10.0.0.1/8", dev = "veth01")
    @Route(namespace = "ns01", to = "10.0.0/8", dev = "veth01")
    @Route(namespace = "ns01", via = "gateway.local")
    static class RouteBadDestinationAndGatewayTestCase {
    }

    @Test
    void routeBadDestinationAndGateway() {
        assertProblems(RouteBadDestinationAndGatewayTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$RouteBadDestinationAndGatewayTestCase (3 problems):
                  - @Route(namespace = "ns01", to = "10.0.0.1/8") on class {test}$RouteBadDestinationAndGatewayTestCase: attribute 'to' is "10.0.0.1/8", which has host bits set; the kernel only accepts the network address. Write "10.0.0.0/8".
                  - @Route(namespace = "ns01", to = "10.0.0/8") on class {test}$RouteBadDestinationAndGatewayTestCase: attribute 'to' is "10.0.0/8", which is neither "default" nor a network in CIDR notation: "10.0.0" is not an IP address literal. Write e.g. "default" or "10.0.0.0/8".
                  - @Route(namespace = "ns01", to = "default") on class {test}$RouteBadDestinationAndGatewayTestCase: attribute 'via' is "gateway.local", which is not an IP address literal. Write the gateway as a numeric address, e.g. "192.168.88.1" (host names are never resolved).""");
    }

    @NetNamespace("ns01")
    @NetNamespace("ns02")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24", peer = "veth02", peerNamespace = "ns02",
            peerAddress = "192.168.88.12/24")
    @Route(namespace = "ns01", via = "192.168.88.12")
    @Route(namespace = "ns01", to = "0.0.0.0/0", dev = "veth01")
    static class DuplicateRouteTestCase {
    }

    @Test
    void duplicateRoute() {
        assertProblems(DuplicateRouteTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$DuplicateRouteTestCase (1 problem):
                  - @Route(namespace = "ns01", to = "0.0.0.0/0") on class {test}$DuplicateRouteTestCase: attribute 'to' routes 0.0.0.0/0 in namespace "ns01" a second time; @Route(namespace = "ns01", to = "default") on class {test}$DuplicateRouteTestCase already does. The kernel keeps one route per destination: remove one of them.""");
    }

    @NetNamespace("gw")
    @PortForward(namespace = "gw", protocol = "icmp", port = 0, to = "192.168.88.12")
    static class BadPortForwardTestCase {
    }

    @Test
    void badPortForward() {
        assertProblems(BadPortForwardTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$BadPortForwardTestCase (3 problems):
                  - @PortForward(namespace = "gw", protocol = "icmp", port = 0) on class {test}$BadPortForwardTestCase: attribute 'protocol' is "icmp", but only "tcp", "udp" and "sctp" have ports to forward. Use one of them.
                  - @PortForward(namespace = "gw", protocol = "icmp", port = 0) on class {test}$BadPortForwardTestCase: attribute 'port' is 0, outside 1..65535. Use the port clients connect to, e.g. 8080.
                  - @PortForward(namespace = "gw", protocol = "icmp", port = 0) on class {test}$BadPortForwardTestCase: attribute 'to' is "192.168.88.12", which is not ADDRESS:PORT (it has no port, or an IPv6 address without brackets). Write e.g. "192.168.88.12:80", or "[fd00::12]:80" for IPv6.""");
    }

    @NetNamespace("gw")
    @PortForward(namespace = "gw", port = 8080, to = "fd00::12:80")
    @PortForward(namespace = "gw", protocol = "udp", port = 53, to = "192.168.88.12:70000")
    @PortForward(namespace = "gw", port = 8443, to = "web:443")
    static class BadPortForwardDestinationTestCase {
    }

    @Test
    void badPortForwardDestination() {
        assertProblems(BadPortForwardDestinationTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$BadPortForwardDestinationTestCase (3 problems):
                  - @PortForward(namespace = "gw", protocol = "tcp", port = 8080) on class {test}$BadPortForwardDestinationTestCase: attribute 'to' is "fd00::12:80", which is not ADDRESS:PORT (it has no port, or an IPv6 address without brackets). Write e.g. "192.168.88.12:80", or "[fd00::12]:80" for IPv6.
                  - @PortForward(namespace = "gw", protocol = "udp", port = 53) on class {test}$BadPortForwardDestinationTestCase: attribute 'to' is "192.168.88.12:70000", which is not ADDRESS:PORT (the port 70000 is outside 1..65535). Write e.g. "192.168.88.12:80", or "[fd00::12]:80" for IPv6.
                  - @PortForward(namespace = "gw", protocol = "tcp", port = 8443) on class {test}$BadPortForwardDestinationTestCase: attribute 'to' is "web:443", which is not ADDRESS:PORT ("web" is not an IP address literal). Write e.g. "192.168.88.12:80", or "[fd00::12]:80" for IPv6.""");
    }

    @NetNamespace("gw")
    @NetNamespace("lan")
    @VethPair(name = "lan0", namespace = "gw", peer = "eth0", peerNamespace = "lan")
    @PortForward(namespace = "gw", port = 8080, to = "192.168.88.12:80", inInterface = "uplink")
    @Masquerade(namespace = "gw", source = "192.168.88.0/24", outInterface = "wan0")
    static class UnknownNatInterfacesTestCase {
    }

    @Test
    void unknownNatInterfaces() {
        assertProblems(UnknownNatInterfacesTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$UnknownNatInterfacesTestCase (2 problems):
                  - @PortForward(namespace = "gw", protocol = "tcp", port = 8080) on class {test}$UnknownNatInterfacesTestCase: attribute 'inInterface' names "uplink", which is not a link in namespace "gw". Use one of its links: "lo", "lan0", or leave it empty to forward from every interface.
                  - @Masquerade(namespace = "gw", source = "192.168.88.0/24") on class {test}$UnknownNatInterfacesTestCase: attribute 'outInterface' names "wan0", which is not a link in namespace "gw". Use one of its links: "lo", "lan0", or leave it empty to masquerade on every interface.""");
    }

    @NetNamespace("gw")
    @Masquerade(namespace = "gw", source = "192.168.88.0/40")
    static class BadMasqueradeSourceTestCase {
    }

    @Test
    void badMasqueradeSource() {
        assertProblems(BadMasqueradeSourceTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$BadMasqueradeSourceTestCase (1 problem):
                  - @Masquerade(namespace = "gw", source = "192.168.88.0/40") on class {test}$BadMasqueradeSourceTestCase: attribute 'source' is "192.168.88.0/40", which is not a valid CIDR network: "192.168.88.0/40" has prefix length 40; it must be 0..32. Write the network to masquerade, e.g. "192.168.88.0/24".""");
    }

    @NetNamespace("ns0")
    @NetNamespace("host")
    @VethPair(name = "veth0", namespace = "ns0", address = "172.18.0.2/24", peer = "veth1", peerNamespace = "ns9")
    @Route(namespace = "ns0", via = "10.0.0.1")
    static class ThreeProblemsTestCase {
    }

    @Test
    void threeProblems() {
        assertProblems(ThreeProblemsTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$ThreeProblemsTestCase (3 problems):
                  - @NetNamespace("host") on class {test}$ThreeProblemsTestCase: attribute 'value' is "host", which is reserved for the JVM's own network namespace and cannot be declared. Remove this declaration to use the JVM's namespace as "host", or choose another name for a fresh namespace.
                  - @VethPair(name = "veth0") on class {test}$ThreeProblemsTestCase: attribute 'peerNamespace' names "ns9", which is not declared. Declare it with @NetNamespace("ns9"), or use one of: "ns0", "host".
                  - @Route(namespace = "ns0", to = "default") on class {test}$ThreeProblemsTestCase: attribute 'via' is "10.0.0.1", which is outside every network connected to namespace "ns0" (172.18.0.0/24). The kernel only accepts a gateway it can reach directly: use an address inside one of them, or give a link in "ns0" an address in the gateway's network.""");
    }

    @NetNamespace("ns0")
    static class MethodLevelTestCase {
        @Bridge(name = "br0", namespace = "ns1")
        void pings() {
        }
    }

    @Test
    void methodLevel() {
        assertProblems(MethodLevelTestCase.class, Optional.of(method(MethodLevelTestCase.class, "pings")), """
                Invalid network topology declared for class {test}$MethodLevelTestCase (1 problem):
                  - @Bridge(name = "br0") on method MethodLevelTestCase.pings(): attribute 'namespace' names "ns1", which is not declared. Declare it with @NetNamespace("ns1"), or use one of: "ns0", "host".""");
    }

    /** A reusable topology that forgets to declare the namespace of its bridge. */
    @Retention(RetentionPolicy.RUNTIME)
    @NetNamespace("ns01")
    @Bridge(name = "br01", namespace = "sw", address = "192.168.88.1/24")
    @interface BrokenDockerLikeBridge {
    }

    @BrokenDockerLikeBridge
    static class MetaAnnotationTestCase {
    }

    @Test
    void metaAnnotation() {
        assertProblems(MetaAnnotationTestCase.class, Optional.empty(), """
                Invalid network topology declared for class {test}$MetaAnnotationTestCase (1 problem):
                  - @Bridge(name = "br01") on meta-annotation @BrokenDockerLikeBridge on class {test}$MetaAnnotationTestCase: attribute 'namespace' names "sw", which is not declared. Declare it with @NetNamespace("sw"), or use one of: "ns01", "host".""");
    }
}
