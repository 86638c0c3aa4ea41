/**
 * Netlink sockets and the one batch model of the library.
 *
 * <h2>One batch model: {@link io.github.netnsjunit.netlink.socket.RequestBatch}</h2>
 *
 * <p>Every protocol family encodes its requests into a {@code RequestBatch}, and a per-namespace client sends it:
 * <ul>
 *   <li>rtnetlink: {@code route.RouteChanges} writes link, address and route changes into one (its own, from
 *       {@code RouteClient.changes()}, or one given to its constructor);</li>
 *   <li>traffic control: {@code tc.TrafficControl.add/replace/delete(RequestBatch, ...)} write qdisc requests, into
 *       a batch of their own ({@code TrafficControl.replaceRoot} ...) or into a {@code RouteChanges}' batch: both are
 *       rtnetlink on the same NETLINK_ROUTE socket, so links and their qdiscs can be configured in one datagram;</li>
 *   <li>nftables: {@code nft.NftBatch} is a value (a list of changes the kernel applies atomically) that
 *       {@code NftBatch.writeTo(RequestBatch)} frames with {@code NFNL_MSG_BATCH_BEGIN/END};
 *       {@code Nftables.apply} writes it into a batch of its netfilter socket and sends it. It stays a value because
 *       {@code Nftables} may have to write it twice (again without the owner flag on kernels before 5.12).</li>
 * </ul>
 *
 * <p>Why this shape: the datagram is what the kernel sees, and the same for every family (requests in order, each
 * failure answered with its own error, the ACK of the last one last), so one type owns sending, sequence numbers and
 * collecting the answers, and the families own only their encoding. {@link
 * io.github.netnsjunit.netlink.socket.RequestBatch#bytes()} is public because in a codec the bytes are the contract:
 * the codec tests build requests into an {@link io.github.netnsjunit.netlink.socket.RequestBatch#offline offline}
 * batch and compare its bytes with what {@code ip}, {@code tc} and {@code nft} send (captured with strace). Requests
 * that are answered with data instead of an ACK (dumps, {@code RTM_GETLINK} by name, {@code RTM_GETROUTE} as
 * {@code route.RouteLookup}) are single requests, sent with {@link io.github.netnsjunit.netlink.socket.NetlinkSocket#get}
 * or {@link io.github.netnsjunit.netlink.socket.NetlinkSocket#dump}, not batches.
 */
package io.github.netnsjunit.netlink.socket;
