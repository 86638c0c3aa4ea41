package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.addr.IpAddresses;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an expression list back into nft rule text, for messages and diagnostics. It follows what each register
 * holds (a payload field, a meta key, a constant, possibly masked) and prints a match when a {@link Cmp} reads
 * it, so {@code payload · bitwise · cmp} becomes {@code ip saddr 192.168.88.0/24}. Best effort: it knows the
 * expressions this library emits; anything else is printed as {@code [expr name]} or in raw form.
 */
final class RuleFormatter {
    private RuleFormatter() {
    }

    /** What a register holds: the expression that loaded it, and the mask and xor applied since (or null). */
    private record Source(Expression loader, byte[] mask, byte[] xor) {
        Source(Expression loader, byte[] mask) {
            this(loader, mask, null);
        }
    }

    /** Formats {@code expressions} of a rule in a table of {@code family}. */
    static String format(int family, List<Expression> expressions) {
        Map<Integer, Source> regs = new HashMap<>();
        List<String> parts = new ArrayList<>();
        int l3 = family; // for inet tables, learnt from a "meta nfproto" match
        for (Expression e : expressions) {
            if (e instanceof Payload || e instanceof Meta || e instanceof Ct) {
                regs.put(dreg(e), new Source(e, null));
            } else if (e instanceof Bitwise b) {
                Source s = regs.get(b.sreg());
                regs.put(b.dreg(), s == null ? null : new Source(s.loader(), b.mask(), b.xor()));
            } else if (e instanceof Cmp c) {
                Source s = regs.get(c.sreg());
                if (s == null) {
                    parts.add("[" + c + "]");
                } else {
                    parts.add(match(l3, s, c));
                    if (s.loader() instanceof Meta m && m.key() == Nft.NFT_META_NFPROTO && c.op() == Nft.NFT_CMP_EQ
                            && c.data().length == 1) {
                        l3 = c.data()[0];
                    }
                }
            } else if (e instanceof Immediate i) {
                if (i.isVerdict()) {
                    parts.add(i.verdictText());
                } else {
                    regs.put(i.dreg(), new Source(i, null));
                }
            } else if (e instanceof Nat n) {
                parts.add(nat(family, n, regs));
            } else if (e instanceof Masq m) {
                parts.add(m.flags() == 0 ? "masquerade" : "masquerade flags 0x" + Integer.toHexString(m.flags()));
            } else if (e instanceof Reject r) {
                parts.add(r.text());
            } else if (e instanceof PayloadWrite w) {
                parts.add(write(w, regs.get(w.sreg())));
            } else if (e instanceof Dup d) {
                byte[] address = constant(regs, d.sregAddr());
                parts.add(address == null ? "dup" : "dup to " + IpAddresses.format(IpAddresses.fromBytes(address)));
            } else if (e instanceof Counter c) {
                parts.add("counter packets " + c.packets() + " bytes " + c.bytes());
            } else {
                parts.add("[expr " + e.name() + "]");
            }
        }
        return String.join(" ", parts);
    }

    private static int dreg(Expression e) {
        if (e instanceof Payload p) {
            return p.dreg();
        }
        if (e instanceof Meta m) {
            return m.dreg();
        }
        return ((Ct) e).dreg();
    }

    private static String match(int l3, Source s, Cmp c) {
        byte[] data = c.data();
        String op = c.opSymbol();
        if (s.loader() instanceof Payload p) {
            String field = payloadField(l3, p);
            int addressLength = field.endsWith("addr") ? (field.startsWith("ip6") ? 16 : 4) : 0;
            if (addressLength > 0) {
                return field + " " + op + address(data, s.mask(), p.len(), addressLength);
            }
            if (s.mask() == null && field.startsWith("th ") && data.length == 2) {
                return field + " " + op + (((data[0] & 0xff) << 8) | (data[1] & 0xff));
            }
            if (s.mask() == null && (field.equals("ip protocol") || field.equals("ip6 nexthdr")) && data.length == 1) {
                return field + " " + op + protocol(data[0]);
            }
            return masked(field, s.mask()) + " " + op + "0x" + NftData.hex(data);
        }
        if (s.loader() instanceof Meta m) {
            String key = m.keyName();
            if (s.mask() == null) {
                switch (m.key()) {
                    case Nft.NFT_META_IIFNAME, Nft.NFT_META_OIFNAME:
                        return key + " " + op + "\"" + NftData.cString(data) + "\"";
                    case Nft.NFT_META_L4PROTO:
                        return "meta l4proto " + op + protocol(data[0]);
                    case Nft.NFT_META_NFPROTO:
                        return "meta nfproto " + op + (data[0] == Nft.NFPROTO_IPV4 ? "ipv4"
                                : data[0] == Nft.NFPROTO_IPV6 ? "ipv6" : String.valueOf(data[0]));
                    default:
                        break;
                }
            }
            return masked("meta " + key, s.mask()) + " " + op + "0x" + NftData.hex(data);
        }
        if (s.loader() instanceof Ct ct && ct.key() == Nft.NFT_CT_STATE) {
            // nft encodes "ct state a,b" as (state & (a|b)) != 0
            if (s.mask() != null && c.op() == Nft.NFT_CMP_NEQ && NftData.hostU32(data) == 0) {
                return "ct state " + Ct.stateNames(NftData.hostU32(s.mask()));
            }
            if (s.mask() == null) {
                return "ct state " + op + Ct.stateNames(NftData.hostU32(data));
            }
        }
        if (s.loader() instanceof Ct ct) {
            return masked("ct " + ct.keyName(), s.mask()) + " " + op + "0x" + NftData.hex(data);
        }
        // a constant compared with a constant: unusual; print raw
        return "[" + c + "]";
    }

    /** {@code tcp flags set rst | ack} for the flags byte rewritten as nft does it, else the raw write. */
    private static String write(PayloadWrite w, Source s) {
        if (s != null && s.loader() instanceof Payload p && p.base() == w.base() && p.offset() == w.offset()
                && w.base() == Nft.NFT_PAYLOAD_TRANSPORT_HEADER && w.offset() == 12 && w.len() == 2
                && s.mask() != null && (s.mask()[0] & 0xff) == 0xff && s.mask()[1] == 0) {
            return "tcp flags set " + tcpFlags(s.xor()[1] & 0xff);
        }
        return "[" + w + "]";
    }

    private static String tcpFlags(int bits) {
        String[] names = {"fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"};
        List<String> set = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            if ((bits >> i & 1) != 0) {
                set.add(names[i]);
            }
        }
        return String.join(" | ", set);
    }

    private static String masked(String field, byte[] mask) {
        return mask == null ? field : "(" + field + " & 0x" + NftData.hex(mask) + ")";
    }

    private static String payloadField(int l3, Payload p) {
        int off = p.offset();
        int len = p.len();
        if (p.base() == Nft.NFT_PAYLOAD_NETWORK_HEADER && l3 == Nft.NFPROTO_IPV4) {
            if (off == 12 && len <= 4) {
                return "ip saddr";
            }
            if (off == 16 && len <= 4) {
                return "ip daddr";
            }
            if (off == 9 && len == 1) {
                return "ip protocol";
            }
        }
        if (p.base() == Nft.NFT_PAYLOAD_NETWORK_HEADER && l3 == Nft.NFPROTO_IPV6) {
            if (off == 8 && len <= 16) {
                return "ip6 saddr";
            }
            if (off == 24 && len <= 16) {
                return "ip6 daddr";
            }
            if (off == 6 && len == 1) {
                return "ip6 nexthdr";
            }
        }
        if (p.base() == Nft.NFT_PAYLOAD_TRANSPORT_HEADER && len == 2 && (off == 0 || off == 2)) {
            return off == 0 ? "th sport" : "th dport";
        }
        String base = switch (p.base()) {
            case Nft.NFT_PAYLOAD_LL_HEADER -> "@ll";
            case Nft.NFT_PAYLOAD_NETWORK_HEADER -> "@nh";
            case Nft.NFT_PAYLOAD_TRANSPORT_HEADER -> "@th";
            default -> "@base" + p.base();
        };
        return base + "," + off * 8 + "," + len * 8;
    }

    /** An address or prefix; a short load (nft's form for byte-aligned prefixes) implies the prefix length. */
    private static String address(byte[] data, byte[] mask, int loadLength, int addressLength) {
        byte[] full = Arrays.copyOf(data, addressLength);
        int prefix = loadLength * 8;
        if (mask != null) {
            int bits = contiguousBits(mask);
            if (bits < 0) {
                return IpAddresses.format(IpAddresses.fromBytes(full)) + " & 0x" + NftData.hex(mask);
            }
            prefix = bits;
        }
        String text = IpAddresses.format(IpAddresses.fromBytes(full));
        return prefix == addressLength * 8 ? text : text + "/" + prefix;
    }

    private static int contiguousBits(byte[] mask) {
        int bits = 0;
        boolean ended = false;
        for (byte b : mask) {
            for (int i = 7; i >= 0; i--) {
                boolean set = (b >> i & 1) != 0;
                if (set && ended) {
                    return -1;
                }
                if (set) {
                    bits++;
                } else {
                    ended = true;
                }
            }
        }
        return bits;
    }

    private static String protocol(byte number) {
        return switch (number & 0xff) {
            case 1 -> "icmp";
            case 6 -> "tcp";
            case 17 -> "udp";
            case 58 -> "ipv6-icmp";
            case 132 -> "sctp";
            default -> String.valueOf(number & 0xff);
        };
    }

    private static String nat(int family, Nat n, Map<Integer, Source> regs) {
        StringBuilder s = new StringBuilder(n.typeName());
        if (family == Nft.NFPROTO_INET) {
            s.append(' ').append(Nft.familyName(n.family()));
        }
        byte[] address = constant(regs, n.regAddrMin());
        byte[] port = constant(regs, n.regProtoMin());
        if (address == null && port == null) {
            return s.toString();
        }
        s.append(" to ");
        String portText = port == null ? "" : ":" + (((port[0] & 0xff) << 8) | (port[1] & 0xff));
        if (address == null) {
            return s.append(portText).toString();
        }
        String a = IpAddresses.format(IpAddresses.fromBytes(address));
        boolean v6 = address.length == 16;
        return s.append(v6 && port != null ? "[" + a + "]" : a).append(portText).toString();
    }

    private static byte[] constant(Map<Integer, Source> regs, int reg) {
        if (reg == 0) {
            return null;
        }
        Source s = regs.get(reg);
        return s != null && s.loader() instanceof Immediate i ? i.data() : null;
    }
}
