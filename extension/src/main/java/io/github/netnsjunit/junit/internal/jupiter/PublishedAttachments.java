package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.ReportAttachments;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Internal: publishes the files a test's helpers attached to the live topology ({@link ReportAttachments}, e.g. a
 * nemesis timeline) with {@link ExtensionContext#publishFile} at the test's end, and puts the text ones into a
 * failure as a suppressed {@link AttachedText}, so that the failure itself says what was active when.
 */
final class PublishedAttachments {
    private static final System.Logger LOG = System.getLogger(PublishedAttachments.class.getName());

    private PublishedAttachments() {
    }

    /** A text attached to a failure: its message is the text; no stack trace of its own. */
    static final class AttachedText extends RuntimeException {
        AttachedText(String fileName, String text) {
            super(fileName + ":\n" + text, null, false, false);
        }
    }

    static void publish(ExtensionContext context, TestNetwork network) {
        LiveTopology live = network.live().orElse(null);
        if (live == null) {
            return;
        }
        for (ReportAttachments.Attachment a : live.attachments().drain()) {
            String text;
            try {
                text = a.content().get();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "netns-junit: cannot make " + a.fileName() + ": " + e);
                continue;
            }
            if (a.inFailure()) {
                context.getExecutionException().ifPresent(f -> f.addSuppressed(new AttachedText(a.fileName(), text)));
            }
            try {
                context.publishFile(a.fileName(), MediaType.parse(a.mediaType()),
                        target -> Files.writeString(target, text, StandardCharsets.UTF_8));
            } catch (RuntimeException | LinkageError e) {
                // no output directory provider (or a JUnit without publishFile): the text still goes to the report
                context.publishReportEntry("netns-junit." + a.fileName(), a.inFailure() ? text : "(not attached: "
                        + e + ")");
            }
        }
    }
}
