package io.github.netnsjunit.netlink.internal;

import io.github.netnsjunit.netlink.socket.RequestBatch;
import java.util.Objects;
import java.util.function.Function;

/**
 * Internal: the encoded datagram of a {@link RequestBatch}, for the packages that encode through one
 * ({@code route.RouteChanges}, {@code nft.NftBatch}) and whose codec tests compare it with golden bytes. The bytes
 * are not part of {@code RequestBatch}'s API, so it hands this package a reader when it is initialised (the JDK's
 * "shared secrets" pattern across packages of one module); this package is not exported.
 */
public final class BatchBytes {
    private static volatile Function<RequestBatch, byte[]> reader;

    private BatchBytes() {
    }

    /** Called once, by {@link RequestBatch}'s static initialiser. */
    public static void grant(Function<RequestBatch, byte[]> bytes) {
        if (reader != null) {
            throw new IllegalStateException("the batch bytes reader is already set");
        }
        reader = Objects.requireNonNull(bytes);
    }

    /** The bytes {@code batch} would send, as they are now. */
    public static byte[] of(RequestBatch batch) {
        Objects.requireNonNull(batch, "batch");
        // holding an instance means the class is initialised, so the reader is set
        return reader.apply(batch);
    }
}
