package io.github.netnsjunit.netlink.socket;

import io.github.netnsjunit.netlink.internal.sys.Native;
import io.github.netnsjunit.netlink.sys.Errno;

/**
 * The kernel refused a netlink request. The message says what was asked, in which namespace, the errno name
 * and the kernel's extended-ack text, e.g.
 * {@code RTM_NEWADDR 10.0.0.1/24 dev veth0 in netns ns0: EEXIST (ipv4: Address already assigned)}.
 */
public class NetlinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String request;
    private final String namespace;
    private final int errno;
    private final String extAck;

    /** Creates the exception; {@code extAck} may be null when the kernel gave no text. */
    public NetlinkException(String request, String namespace, int errno, String extAck, int extAckOffset) {
        super(request + " in netns " + namespace + ": " + Errno.name(errno) + " ("
                + (extAck != null && !extAck.isEmpty() ? extAck : Native.strerror(errno)
                        + (extAckOffset >= 0 ? "; the kernel points at the attribute at byte " + extAckOffset : ""))
                + ")");
        this.request = request;
        this.namespace = namespace;
        this.errno = errno;
        this.extAck = extAck;
    }

    /** The request in words, e.g. {@code RTM_NEWADDR 10.0.0.1/24 dev veth0}. */
    public String request() {
        return request;
    }

    /** The namespace whose socket carried the request. */
    public String namespace() {
        return namespace;
    }

    /** The positive errno. */
    public int errno() {
        return errno;
    }

    /** The errno's symbolic name, e.g. {@code EEXIST}. */
    public String errnoName() {
        return Errno.name(errno);
    }

    /** The kernel's extended-ack message, or null. */
    public String extAck() {
        return extAck;
    }
}
