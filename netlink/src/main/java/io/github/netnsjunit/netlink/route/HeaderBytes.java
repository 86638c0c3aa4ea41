package io.github.netnsjunit.netlink.route;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** The bytes of one fixed family header at a buffer's position, for the header codecs of this package. */
final class HeaderBytes {
    private HeaderBytes() {
    }

    /**
     * A host-order view of the {@code length} bytes at {@code source}'s position, which moves past them. A shorter
     * buffer is a message the kernel did not send (or not for this request): one clear error, not garbage fields.
     */
    static ByteBuffer take(ByteBuffer source, int length, String header) {
        if (source.remaining() < length) {
            throw new IllegalArgumentException("truncated " + header + ": " + source.remaining() + " of " + length
                    + " bytes");
        }
        ByteBuffer view = source.slice().limit(length).order(ByteOrder.nativeOrder());
        source.position(source.position() + length);
        return view;
    }

    static int u8(ByteBuffer b) {
        return b.get() & 0xff;
    }

    static int u16(ByteBuffer b) {
        return b.getShort() & 0xffff;
    }
}
