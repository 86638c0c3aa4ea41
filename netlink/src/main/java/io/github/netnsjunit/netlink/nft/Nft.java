package io.github.netnsjunit.netlink.nft;

/**
 * nf_tables / nfnetlink constants (linux/netfilter/nfnetlink.h, nf_tables.h, netfilter.h). Every nftables integer
 * attribute is big-endian on the wire; the values here are plain numbers.
 */
public final class Nft {
    private Nft() {
    }

    // --- nfnetlink framing ---
    /** Subsystem id of nf_tables; message type = subsystem &lt;&lt; 8 | command. */
    public static final int NFNL_SUBSYS_NFTABLES = 10;
    public static final int NFNL_MSG_BATCH_BEGIN = 16;
    public static final int NFNL_MSG_BATCH_END = 17;
    public static final int NFNETLINK_V0 = 0;
    /** Size of struct nfgenmsg that follows every nlmsghdr. */
    public static final int NFGENMSG_LEN = 4;

    // --- NFT_MSG_* commands ---
    public static final int NFT_MSG_NEWTABLE = 0;
    public static final int NFT_MSG_GETTABLE = 1;
    public static final int NFT_MSG_DELTABLE = 2;
    public static final int NFT_MSG_NEWCHAIN = 3;
    public static final int NFT_MSG_GETCHAIN = 4;
    public static final int NFT_MSG_DELCHAIN = 5;
    public static final int NFT_MSG_NEWRULE = 6;
    public static final int NFT_MSG_GETRULE = 7;
    public static final int NFT_MSG_DELRULE = 8;
    public static final int NFT_MSG_NEWGEN = 15;
    public static final int NFT_MSG_GETGEN = 16;
    /** Delete-if-exists (kernel 6.3+; older kernels answer EINVAL). */
    public static final int NFT_MSG_DESTROYTABLE = 26;
    /** A trace event of a packet carrying the nftrace bit, sent to {@link #NFNLGRP_NFTRACE}. */
    public static final int NFT_MSG_TRACE = 17;
    /** The nfnetlink multicast group of trace events (enum nfnetlink_groups). */
    public static final int NFNLGRP_NFTRACE = 9;

    // --- NFT_MSG_TRACE attributes (enum nft_trace_attributes) and types (enum nft_trace_types) ---
    public static final int NFTA_TRACE_TABLE = 1;
    public static final int NFTA_TRACE_CHAIN = 2;
    public static final int NFTA_TRACE_RULE_HANDLE = 3;
    public static final int NFTA_TRACE_TYPE = 4;
    public static final int NFTA_TRACE_VERDICT = 5;
    public static final int NFTA_TRACE_ID = 6;
    public static final int NFTA_TRACE_NETWORK_HEADER = 8;
    public static final int NFTA_TRACE_TRANSPORT_HEADER = 9;
    public static final int NFTA_TRACE_IIF = 10;
    public static final int NFTA_TRACE_OIF = 12;
    public static final int NFTA_TRACE_MARK = 14;
    public static final int NFTA_TRACE_NFPROTO = 15;
    public static final int NFTA_TRACE_POLICY = 16;
    public static final int NFT_TRACETYPE_POLICY = 1;
    public static final int NFT_TRACETYPE_RETURN = 2;
    public static final int NFT_TRACETYPE_RULE = 3;

    // --- families (nfgen_family) ---
    public static final int NFPROTO_UNSPEC = 0;
    public static final int NFPROTO_INET = 1;
    public static final int NFPROTO_IPV4 = 2;
    public static final int NFPROTO_ARP = 3;
    public static final int NFPROTO_NETDEV = 5;
    public static final int NFPROTO_BRIDGE = 7;
    public static final int NFPROTO_IPV6 = 10;

    // --- hooks (NF_INET_*) ---
    public static final int NF_INET_PRE_ROUTING = 0;
    public static final int NF_INET_LOCAL_IN = 1;
    public static final int NF_INET_FORWARD = 2;
    public static final int NF_INET_LOCAL_OUT = 3;
    public static final int NF_INET_POST_ROUTING = 4;

    // --- standard priorities ---
    public static final int PRIORITY_RAW = -300;
    public static final int PRIORITY_MANGLE = -150;
    public static final int PRIORITY_DSTNAT = -100;
    public static final int PRIORITY_FILTER = 0;
    public static final int PRIORITY_SECURITY = 50;
    public static final int PRIORITY_SRCNAT = 100;

    // --- table ---
    public static final int NFTA_TABLE_NAME = 1;
    public static final int NFTA_TABLE_FLAGS = 2;
    public static final int NFTA_TABLE_USE = 3;
    public static final int NFTA_TABLE_HANDLE = 4;
    public static final int NFTA_TABLE_OWNER = 7;
    public static final int NFT_TABLE_F_DORMANT = 0x1;
    /** The table belongs to the creating netlink socket and is deleted when it closes (kernel 5.12+). */
    public static final int NFT_TABLE_F_OWNER = 0x2;

    // --- chain ---
    public static final int NFTA_CHAIN_TABLE = 1;
    public static final int NFTA_CHAIN_HANDLE = 2;
    public static final int NFTA_CHAIN_NAME = 3;
    public static final int NFTA_CHAIN_HOOK = 4;
    public static final int NFTA_CHAIN_POLICY = 5;
    public static final int NFTA_CHAIN_TYPE = 7;
    public static final int NFTA_CHAIN_FLAGS = 10;
    public static final int NFTA_HOOK_HOOKNUM = 1;
    public static final int NFTA_HOOK_PRIORITY = 2;
    public static final int NFTA_HOOK_DEV = 3;

    // --- rule and expression list ---
    public static final int NFTA_RULE_TABLE = 1;
    public static final int NFTA_RULE_CHAIN = 2;
    public static final int NFTA_RULE_HANDLE = 3;
    public static final int NFTA_RULE_EXPRESSIONS = 4;
    public static final int NFTA_RULE_POSITION = 6;
    public static final int NFTA_RULE_USERDATA = 7;
    public static final int NFTA_LIST_ELEM = 1;
    public static final int NFTA_EXPR_NAME = 1;
    public static final int NFTA_EXPR_DATA = 2;

    // --- data and verdicts ---
    public static final int NFTA_DATA_VALUE = 1;
    public static final int NFTA_DATA_VERDICT = 2;
    public static final int NFTA_VERDICT_CODE = 1;
    public static final int NFTA_VERDICT_CHAIN = 2;

    public static final int NF_DROP = 0;
    public static final int NF_ACCEPT = 1;
    public static final int NFT_CONTINUE = -1;
    public static final int NFT_BREAK = -2;
    public static final int NFT_JUMP = -3;
    public static final int NFT_GOTO = -4;
    public static final int NFT_RETURN = -5;

    // --- registers ---
    public static final int NFT_REG_VERDICT = 0;
    /** 16-byte register 1 (= NFT_REG32_00..03); nft uses it for everything. */
    public static final int NFT_REG_1 = 1;
    public static final int NFT_REG_2 = 2;
    public static final int NFT_REG_3 = 3;
    public static final int NFT_REG_4 = 4;
    public static final int NFT_REG32_00 = 8;

    // --- payload ---
    public static final int NFTA_PAYLOAD_DREG = 1;
    public static final int NFTA_PAYLOAD_BASE = 2;
    public static final int NFTA_PAYLOAD_OFFSET = 3;
    public static final int NFTA_PAYLOAD_LEN = 4;
    public static final int NFT_PAYLOAD_LL_HEADER = 0;
    public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
    public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

    // --- bitwise ---
    public static final int NFTA_BITWISE_SREG = 1;
    public static final int NFTA_BITWISE_DREG = 2;
    public static final int NFTA_BITWISE_LEN = 3;
    public static final int NFTA_BITWISE_MASK = 4;
    public static final int NFTA_BITWISE_XOR = 5;

    // --- cmp ---
    public static final int NFTA_CMP_SREG = 1;
    public static final int NFTA_CMP_OP = 2;
    public static final int NFTA_CMP_DATA = 3;
    public static final int NFT_CMP_EQ = 0;
    public static final int NFT_CMP_NEQ = 1;
    public static final int NFT_CMP_LT = 2;
    public static final int NFT_CMP_LTE = 3;
    public static final int NFT_CMP_GT = 4;
    public static final int NFT_CMP_GTE = 5;

    // --- meta ---
    public static final int NFTA_META_DREG = 1;
    public static final int NFTA_META_KEY = 2;
    public static final int NFTA_META_SREG = 3;
    public static final int NFT_META_LEN = 0;
    public static final int NFT_META_PROTOCOL = 1;
    public static final int NFT_META_MARK = 3;
    public static final int NFT_META_IIF = 4;
    public static final int NFT_META_OIF = 5;
    public static final int NFT_META_IIFNAME = 6;
    public static final int NFT_META_OIFNAME = 7;
    public static final int NFT_META_NFPROTO = 15;
    /** The packet's nftrace bit (enum nft_meta_keys: LEN … SKGID = 11, NFTRACE = 12). */
    public static final int NFT_META_NFTRACE = 12;
    public static final int NFT_META_L4PROTO = 16;

    // --- ct ---
    public static final int NFTA_CT_DREG = 1;
    public static final int NFTA_CT_KEY = 2;
    public static final int NFTA_CT_DIRECTION = 3;
    public static final int NFT_CT_STATE = 0;
    /** ct state bits, host-endian u32 in the register. */
    public static final int CT_STATE_INVALID = 0x1;
    public static final int CT_STATE_ESTABLISHED = 0x2;
    public static final int CT_STATE_RELATED = 0x4;
    public static final int CT_STATE_NEW = 0x8;
    public static final int CT_STATE_UNTRACKED = 0x40;

    // --- immediate ---
    public static final int NFTA_IMMEDIATE_DREG = 1;
    public static final int NFTA_IMMEDIATE_DATA = 2;

    // --- masq ---
    public static final int NFTA_MASQ_FLAGS = 1;
    public static final int NFTA_MASQ_REG_PROTO_MIN = 2;
    public static final int NFTA_MASQ_REG_PROTO_MAX = 3;

    // --- nat ---
    public static final int NFTA_NAT_TYPE = 1;
    public static final int NFTA_NAT_FAMILY = 2;
    public static final int NFTA_NAT_REG_ADDR_MIN = 3;
    public static final int NFTA_NAT_REG_ADDR_MAX = 4;
    public static final int NFTA_NAT_REG_PROTO_MIN = 5;
    public static final int NFTA_NAT_REG_PROTO_MAX = 6;
    public static final int NFTA_NAT_FLAGS = 7;
    public static final int NFT_NAT_SNAT = 0;
    public static final int NFT_NAT_DNAT = 1;

    // --- counter ---
    public static final int NFTA_COUNTER_BYTES = 1;
    public static final int NFTA_COUNTER_PACKETS = 2;

    /** IFNAMSIZ: interface names are compared as 16 NUL-padded bytes. */
    public static final int IFNAMSIZ = 16;

    /** The nlmsg_type of an nf_tables command: {@code NFNL_SUBSYS_NFTABLES << 8 | command}. */
    public static int messageType(int command) {
        return NFNL_SUBSYS_NFTABLES << 8 | command;
    }

    /** The nft keyword of a family: {@code ip}, {@code ip6}, {@code inet}, … */
    public static String familyName(int family) {
        return switch (family) {
            case NFPROTO_UNSPEC -> "unspec";
            case NFPROTO_INET -> "inet";
            case NFPROTO_IPV4 -> "ip";
            case NFPROTO_ARP -> "arp";
            case NFPROTO_NETDEV -> "netdev";
            case NFPROTO_BRIDGE -> "bridge";
            case NFPROTO_IPV6 -> "ip6";
            default -> "family" + family;
        };
    }

    /** The nft keyword of an inet hook: {@code prerouting}, {@code input}, … */
    public static String hookName(int hook) {
        return switch (hook) {
            case NF_INET_PRE_ROUTING -> "prerouting";
            case NF_INET_LOCAL_IN -> "input";
            case NF_INET_FORWARD -> "forward";
            case NF_INET_LOCAL_OUT -> "output";
            case NF_INET_POST_ROUTING -> "postrouting";
            default -> "hook" + hook;
        };
    }

    /** An NFPROTO family for an address family number (AF_INET 2 → ip, AF_INET6 10 → ip6). */
    public static int familyOf(java.net.InetAddress address) {
        return address instanceof java.net.Inet4Address ? NFPROTO_IPV4 : NFPROTO_IPV6;
    }
}
