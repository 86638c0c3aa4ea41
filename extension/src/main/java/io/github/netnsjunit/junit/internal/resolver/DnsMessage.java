package io.github.netnsjunit.junit.internal.resolver;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Internal: the DNS wire format (RFC 1035 section 4) as far as our server needs it: reading the question of a
 * query and writing an authoritative answer with A, AAAA or PTR records. Queries from glibc, Netty, dig and the
 * JDK carry one question; an EDNS OPT record in the additional section (RFC 6891) is ignored, which a client must
 * accept (the answer then simply has no OPT record).
 */
final class DnsMessage {
    static final int TYPE_A = 1;
    static final int TYPE_PTR = 12;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;

    static final int NOERROR = 0;
    static final int FORMERR = 1;
    static final int SERVFAIL = 2;
    static final int NXDOMAIN = 3;
    static final int NOTIMP = 4;
    static final int REFUSED = 5;

    private static final int HEADER = 12;

    /** The question of a query: its id, flags, name (lower case, no trailing dot), type and class, and its bytes. */
    record Query(int id, int flags, String name, int type, int qclass, byte[] question) {
        /** True for a standard query (opcode 0, QR clear). */
        boolean isStandardQuery() {
            return (flags & 0x8000) == 0 && ((flags >> 11) & 0xF) == 0;
        }
    }

    private DnsMessage() {
    }

    /** The query in {@code packet}, or empty when it is not a well-formed message with exactly one question. */
    static Optional<Query> parse(byte[] packet, int length) {
        if (length < HEADER) {
            return Optional.empty();
        }
        int id = u16(packet, 0);
        int flags = u16(packet, 2);
        int questions = u16(packet, 4);
        if (questions != 1) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int at = HEADER;
        while (true) {
            if (at >= length) {
                return Optional.empty();
            }
            int len = packet[at] & 0xFF;
            if (len == 0) {
                at++;
                break;
            }
            if (len > 63 || at + 1 + len > length) {
                return Optional.empty(); // compression pointers never appear in a query's only question
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(packet, at + 1, len, StandardCharsets.ISO_8859_1));
            at += 1 + len;
        }
        if (at + 4 > length) {
            return Optional.empty();
        }
        int type = u16(packet, at);
        int qclass = u16(packet, at + 2);
        byte[] question = Arrays.copyOfRange(packet, HEADER, at + 4);
        return Optional.of(new Query(id, flags, name.toString().toLowerCase(Locale.ROOT), type, qclass, question));
    }

    /** The id of a message too broken to parse, for a FORMERR answer; -1 when not even that is there. */
    static int idOf(byte[] packet, int length) {
        return length >= 2 ? u16(packet, 0) : -1;
    }

    /** An answer to {@code query}: the rcode, and either addresses (A/AAAA) or one name (PTR) as records. */
    static byte[] answer(Query query, int rcode, List<InetAddress> addresses, String ptrName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        int count = ptrName != null ? 1 : addresses.size();
        // QR, opcode 0, AA (we are the authority for these names), RD copied, RA set (dig warns otherwise)
        int flags = 0x8000 | 0x0400 | (query.flags() & 0x0100) | 0x0080 | (rcode & 0xF);
        u16(out, query.id());
        u16(out, flags);
        u16(out, 1);
        u16(out, count);
        u16(out, 0);
        u16(out, 0);
        out.writeBytes(query.question());
        if (ptrName != null) {
            record(out, TYPE_PTR, encodeName(ptrName));
        } else {
            for (InetAddress a : addresses) {
                record(out, a.getAddress().length == 4 ? TYPE_A : TYPE_AAAA, a.getAddress());
            }
        }
        return out.toByteArray();
    }

    /** A FORMERR answer with no question, for a message we could not read. */
    static byte[] formatError(int id) {
        return new byte[] {(byte) (id >> 8), (byte) id, (byte) 0x80, (byte) FORMERR, 0, 0, 0, 0, 0, 0, 0, 0};
    }

    /**
     * One record naming the question's name through a compression pointer to offset 12, TTL 0: the names can map
     * elsewhere in the next test, so no resolver (Netty's cache, nscd, systemd-resolved) may keep them.
     */
    private static void record(ByteArrayOutputStream out, int type, byte[] data) {
        u16(out, 0xC000 | HEADER);
        u16(out, type);
        u16(out, CLASS_IN);
        u16(out, 0);
        u16(out, 0);
        u16(out, data.length);
        out.writeBytes(data);
    }

    static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String label : name.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.ISO_8859_1);
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    /** The address a reverse-lookup name stands for ({@code 2.0.0.10.in-addr.arpa}, nibbles under ip6.arpa). */
    static Optional<InetAddress> reverseAddress(String name) {
        try {
            if (name.endsWith(".in-addr.arpa")) {
                String[] parts = name.substring(0, name.length() - ".in-addr.arpa".length()).split("\\.");
                if (parts.length != 4) {
                    return Optional.empty();
                }
                byte[] b = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(parts[3 - i]);
                    if (v < 0 || v > 255) {
                        return Optional.empty();
                    }
                    b[i] = (byte) v;
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
            if (name.endsWith(".ip6.arpa")) {
                String[] parts = name.substring(0, name.length() - ".ip6.arpa".length()).split("\\.");
                if (parts.length != 32) {
                    return Optional.empty();
                }
                byte[] b = new byte[16];
                for (int i = 0; i < 32; i++) {
                    int nibble = Integer.parseInt(parts[31 - i], 16);
                    b[i / 2] |= (byte) (i % 2 == 0 ? nibble << 4 : nibble);
                }
                return Optional.of(InetAddress.getByAddress(b));
            }
        } catch (NumberFormatException | UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
