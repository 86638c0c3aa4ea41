package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.Attributes;
import io.github.netnsjunit.netlink.msg.MessageWriter;
import io.github.netnsjunit.netlink.msg.Netlink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Encodes an expression list into NFTA_RULE_EXPRESSIONS and decodes it back (unknown types are kept raw). */
public final class Expressions {
    private static final Map<String, Function<Attributes, Expression>> DECODERS = Map.ofEntries(
            Map.entry("payload", Expressions::payload),
            Map.entry("dup", Dup::decode),
            Map.entry("bitwise", Bitwise::decode),
            Map.entry("cmp", Cmp::decode),
            Map.entry("meta", Meta::decode),
            Map.entry("ct", Ct::decode),
            Map.entry("immediate", Immediate::decode),
            Map.entry("masq", Masq::decode),
            Map.entry("nat", Nat::decode),
            Map.entry("counter", Counter::decode),
            Map.entry("reject", Reject::decode));

    private Expressions() {
    }

    /** A payload expression is a write when it names a source register, else a load. */
    private static Expression payload(Attributes a) {
        return a.bytes(PayloadWrite.NFTA_PAYLOAD_SREG) != null ? PayloadWrite.decode(a) : Payload.decode(a);
    }

    /**
     * Writes {@code type { LIST_ELEM { NAME, DATA { … } } … }} with NLA_F_NESTED on every nest, as nft does; an
     * expression without attributes still gets an (empty) DATA nest.
     */
    public static void write(MessageWriter w, int type, List<Expression> expressions) {
        int list = w.beginNest(type | Netlink.NLA_F_NESTED);
        for (Expression e : expressions) {
            int elem = w.beginNest(Nft.NFTA_LIST_ELEM | Netlink.NLA_F_NESTED);
            w.attrString(Nft.NFTA_EXPR_NAME, e.name());
            int data = w.beginNest(Nft.NFTA_EXPR_DATA | Netlink.NLA_F_NESTED);
            e.writeData(w);
            w.endNest(data);
            w.endNest(elem);
        }
        w.endNest(list);
    }

    /** Decodes the content of an NFTA_RULE_EXPRESSIONS nest. */
    public static List<Expression> decode(Attributes list) {
        List<Expression> out = new ArrayList<>();
        for (Attributes.Attribute elem : list.all()) {
            if (elem.type() != Nft.NFTA_LIST_ELEM) {
                continue;
            }
            Attributes e = elem.nested();
            String name = e.string(Nft.NFTA_EXPR_NAME);
            Function<Attributes, Expression> decoder = DECODERS.get(name);
            if (decoder == null) {
                byte[] raw = e.bytes(Nft.NFTA_EXPR_DATA);
                out.add(new UnknownExpression(name == null ? "?" : name, raw == null ? new byte[0] : raw));
            } else {
                out.add(decoder.apply(e.nested(Nft.NFTA_EXPR_DATA)));
            }
        }
        return out;
    }
}
