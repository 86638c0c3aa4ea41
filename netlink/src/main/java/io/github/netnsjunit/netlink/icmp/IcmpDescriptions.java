package io.github.netnsjunit.netlink.icmp;

/** Human-readable names of ICMP and ICMPv6 errors, worded like ping(8) in lower case. */
final class IcmpDescriptions {
    private IcmpDescriptions() {
    }

    static String describe(boolean ipv6, int type, int code) {
        return ipv6 ? describeV6(type, code) : describeV4(type, code);
    }

    private static String describeV4(int type, int code) {
        switch (type) {
            case 3:
                switch (code) {
                    case 0: return "destination net unreachable";
                    case 1: return "destination host unreachable";
                    case 2: return "destination protocol unreachable";
                    case 3: return "destination port unreachable";
                    case 4: return "fragmentation needed";
                    case 5: return "source route failed";
                    case 6: return "destination net unknown";
                    case 7: return "destination host unknown";
                    case 9: return "destination net prohibited";
                    case 10: return "destination host prohibited";
                    case 13: return "communication administratively prohibited";
                    default: return "destination unreachable, code " + code;
                }
            case 11:
                return code == 1 ? "fragment reassembly time exceeded" : "time to live exceeded";
            case 12:
                return "parameter problem";
            default:
                return "icmp type " + type + " code " + code;
        }
    }

    private static String describeV6(int type, int code) {
        switch (type) {
            case 1:
                switch (code) {
                    case 0: return "destination unreachable: no route";
                    case 1: return "destination unreachable: administratively prohibited";
                    case 2: return "destination unreachable: beyond scope of source address";
                    case 3: return "destination unreachable: address unreachable";
                    case 4: return "destination unreachable: port unreachable";
                    case 5: return "destination unreachable: source address failed policy";
                    case 6: return "destination unreachable: reject route";
                    default: return "destination unreachable, code " + code;
                }
            case 2:
                return "packet too big";
            case 3:
                return code == 1 ? "fragment reassembly time exceeded" : "hop limit exceeded";
            case 4:
                return "parameter problem";
            default:
                return "icmpv6 type " + type + " code " + code;
        }
    }
}
