package io.github.netnsjunit.netlink.route;

/** rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, neighbour.h), as checked in the reference. */
public final class Rtnl {
    public static final int RTM_NEWLINK = 16;
    public static final int RTM_DELLINK = 17;
    public static final int RTM_GETLINK = 18;
    public static final int RTM_NEWADDR = 20;
    public static final int RTM_DELADDR = 21;
    public static final int RTM_GETADDR = 22;
    public static final int RTM_NEWROUTE = 24;
    public static final int RTM_DELROUTE = 25;
    public static final int RTM_GETROUTE = 26;
    /** RTM_NEWRULE / RTM_DELRULE (linux/rtnetlink.h): policy routing rules, family header struct fib_rule_hdr. */
    public static final int RTM_NEWRULE = 32;
    public static final int RTM_DELRULE = 33;
    /** FRA_* (linux/fib_rules.h): the rule attributes we write. */
    public static final int FRA_DST = 1;
    public static final int FRA_SRC = 2;
    public static final int FRA_IIFNAME = 3;
    public static final int FRA_PRIORITY = 6;
    public static final int FRA_FWMARK = 10;
    public static final int FRA_TABLE = 15;
    public static final int FRA_FWMASK = 16;
    public static final int FRA_OIFNAME = 17;
    /** FR_ACT_TO_TBL: look the packet up in the rule's table. */
    public static final int FR_ACT_TO_TBL = 1;
    /** FR_ACT_UNREACHABLE: the lookup fails with ENETUNREACH ({@code ip rule add ... unreachable}). */
    public static final int FR_ACT_UNREACHABLE = 7;
    /** RT_TABLE_LOCAL (linux/rtnetlink.h): the table of local and broadcast routes, looked up by rule 0. */
    public static final int RT_TABLE_LOCAL = 255;
    public static final int RTM_NEWNEIGH = 28;
    public static final int RTM_GETNEIGH = 30;

    public static final int IFLA_ADDRESS = 1;
    public static final int IFLA_IFNAME = 3;
    public static final int IFLA_MTU = 4;
    public static final int IFLA_LINK = 5;
    public static final int IFLA_MASTER = 10;
    public static final int IFLA_PROTINFO = 12;
    public static final int IFLA_OPERSTATE = 16;
    public static final int IFLA_LINKINFO = 18;
    public static final int IFLA_NET_NS_FD = 28;
    public static final int IFLA_CARRIER = 33;
    public static final int IFLA_LINK_NETNSID = 37;
    public static final int IFLA_INFO_KIND = 1;
    public static final int IFLA_INFO_DATA = 2;
    public static final int IFLA_INFO_SLAVE_KIND = 4;
    public static final int VETH_INFO_PEER = 1;
    public static final int IFLA_BR_FORWARD_DELAY = 1;
    public static final int IFLA_BR_STP_STATE = 5;
    public static final int IFLA_BRPORT_STATE = 1;
    /** IFLA_MACVLAN_MODE (if_link.h) and its values, MACVLAN_MODE_PRIVATE .. MACVLAN_MODE_PASSTHRU. */
    public static final int IFLA_MACVLAN_MODE = 1;
    public static final int MACVLAN_MODE_PRIVATE = 1;
    public static final int MACVLAN_MODE_VEPA = 2;
    public static final int MACVLAN_MODE_BRIDGE = 4;
    public static final int MACVLAN_MODE_PASSTHRU = 8;
    /** IFLA_VXLAN_* (if_link.h): the VXLAN options we write. */
    public static final int IFLA_VXLAN_ID = 1;
    public static final int IFLA_VXLAN_GROUP = 2;
    public static final int IFLA_VXLAN_LINK = 3;
    public static final int IFLA_VXLAN_LOCAL = 4;
    public static final int IFLA_VXLAN_LEARNING = 7;
    public static final int IFLA_VXLAN_PORT = 15;
    public static final int IFLA_VXLAN_GROUP6 = 16;
    public static final int IFLA_VXLAN_LOCAL6 = 17;

    public static final int IFA_ADDRESS = 1;
    public static final int IFA_LOCAL = 2;
    public static final int IFA_LABEL = 3;
    public static final int IFA_BROADCAST = 4;
    public static final int IFA_FLAGS = 8;
    public static final int IFA_F_NODAD = 0x02;
    public static final int IFA_F_DADFAILED = 0x08;
    public static final int IFA_F_TENTATIVE = 0x40;
    public static final int IFA_F_PERMANENT = 0x80;

    public static final int RTA_DST = 1;
    public static final int RTA_SRC = 2;
    public static final int RTA_IIF = 3;
    public static final int RTA_OIF = 4;
    public static final int RTA_GATEWAY = 5;
    public static final int RTA_PRIORITY = 6;
    public static final int RTA_PREFSRC = 7;
    public static final int RTA_TABLE = 15;
    public static final int RTA_MARK = 16;
    /** rtm_flags of RTM_GETROUTE: look the route up in the FIB, as {@code ip route get} (iproute2 5.x+) asks. */
    public static final int RTM_F_LOOKUP_TABLE = 0x1000;
    /** rtm_flags of RTM_GETROUTE: answer with the FIB entry that matched, not the /32 result (Linux 4.13+). */
    public static final int RTM_F_FIB_MATCH = 0x2000;
    public static final int RT_TABLE_MAIN = 254;
    public static final int RTPROT_KERNEL = 2;
    public static final int RTPROT_BOOT = 3;
    public static final int RTPROT_STATIC = 4;
    public static final int RT_SCOPE_UNIVERSE = 0;
    public static final int RT_SCOPE_LINK = 253;
    public static final int RT_SCOPE_HOST = 254;
    public static final int RTN_UNICAST = 1;
    public static final int RTNH_F_LINKDOWN = 0x10;

    public static final int NDA_DST = 1;
    public static final int NDA_LLADDR = 2;
    public static final int NDA_VLAN = 5;
    public static final int NDA_IFINDEX = 8;
    public static final int NDA_MASTER = 9;
    public static final int NUD_INCOMPLETE = 0x01;
    public static final int NUD_REACHABLE = 0x02;
    public static final int NUD_STALE = 0x04;
    public static final int NUD_DELAY = 0x08;
    public static final int NUD_PROBE = 0x10;
    public static final int NUD_FAILED = 0x20;
    public static final int NUD_NOARP = 0x40;
    public static final int NUD_PERMANENT = 0x80;
    public static final int NTF_SELF = 0x02;
    public static final int NTF_MASTER = 0x04;

    public static final int IFF_UP = 0x1;
    public static final int IFF_BROADCAST = 0x2;
    public static final int IFF_LOOPBACK = 0x8;
    public static final int IFF_RUNNING = 0x40;
    public static final int IFF_NOARP = 0x80;
    public static final int IFF_PROMISC = 0x100;
    public static final int IFF_MULTICAST = 0x1000;
    public static final int IFF_LOWER_UP = 0x10000;

    public static final int IF_OPER_UNKNOWN = 0;
    public static final int IF_OPER_DOWN = 2;
    public static final int IF_OPER_LOWERLAYERDOWN = 3;
    public static final int IF_OPER_UP = 6;

    private Rtnl() {
    }

    /** iproute2's name of an operstate. */
    public static String operstateName(int operstate) {
        return switch (operstate) {
            case 0 -> "UNKNOWN";
            case 1 -> "NOTPRESENT";
            case 2 -> "DOWN";
            case 3 -> "LOWERLAYERDOWN";
            case 4 -> "TESTING";
            case 5 -> "DORMANT";
            case 6 -> "UP";
            default -> "operstate " + operstate;
        };
    }

    /** iproute2's name of a neighbour state (the first set bit). */
    public static String neighbourStateName(int state) {
        String[] names = {"INCOMPLETE", "REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "NOARP", "PERMANENT"};
        for (int i = 0; i < names.length; i++) {
            if ((state & (1 << i)) != 0) {
                return names[i];
            }
        }
        return "NONE";
    }
}
