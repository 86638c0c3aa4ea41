package io.github.netnsjunit.netlink.nft;

import io.github.netnsjunit.netlink.msg.MessageWriter;

/**
 * An expression read back from the kernel that this library does not decode (e.g. {@code lookup}, {@code fib});
 * its raw data is kept so that it can be written again unchanged.
 */
public record UnknownExpression(String name, byte[] rawData) implements Expression {

    /** Copies the data. */
    public UnknownExpression {
        rawData = rawData.clone();
    }

    @Override
    public byte[] rawData() {
        return rawData.clone();
    }

    @Override
    public void writeData(MessageWriter w) {
        w.bytes(rawData);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownExpression u && u.name.equals(name) && java.util.Arrays.equals(u.rawData, rawData);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(rawData);
    }

    @Override
    public String toString() {
        return "[expr " + name + "]";
    }
}
