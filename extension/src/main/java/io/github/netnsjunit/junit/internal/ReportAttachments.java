package io.github.netnsjunit.junit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Internal: files a test's helpers want attached to its report (a nemesis timeline as text and as a picture), kept
 * with the live topology until {@code internal.jupiter} publishes them at the test's end ({@code publishFile}); the
 * text ones also go into a failure. Contents are made when published, so they show the state at the end.
 */
public final class ReportAttachments {
    /**
     * One file.
     *
     * @param fileName  its name in the report, e.g. {@code nemesis-timeline.svg}
     * @param mediaType e.g. {@code text/plain; charset=UTF-8} or {@code image/svg+xml}
     * @param content   made when published
     * @param inFailure true when a failed test also carries the content (text)
     */
    public record Attachment(String fileName, String mediaType, Supplier<String> content, boolean inFailure) {
    }

    private final List<Attachment> pending = new ArrayList<>();

    /** Adds a file to publish at the end of the current test. */
    public synchronized void add(Attachment attachment) {
        pending.add(attachment);
    }

    /** The files added since the last call, removed from here. */
    public synchronized List<Attachment> drain() {
        List<Attachment> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
