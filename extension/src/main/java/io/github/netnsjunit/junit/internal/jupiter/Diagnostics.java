package io.github.netnsjunit.junit.internal.jupiter;

import io.github.netnsjunit.junit.internal.Configuration;
import io.github.netnsjunit.junit.internal.LiveTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * Internal: what the extension does for diagnosis around a test: packet captures from right after the build to
 * right before the teardown, and when the test failed, a report (state, diagram, captures) and optionally the
 * namespaces kept for inspection. Everything goes to {@code <reportDirectory>/<test class>/<test>/}.
 */
public final class Diagnostics {
    /** Files a previous run of the same test may have left, removed when it starts again. */
    private static final List<String> OWN_FILES = List.of(FailureReport.STATE, FailureReport.MERMAID, FailureReport.DOT,
            FailureReport.TRACE);
    static final MediaType TEXT = MediaType.TEXT_PLAIN_UTF_8;
    static final MediaType PCAP = MediaType.create("application",
            "vnd.tcpdump.pcap");

    private final Path directory;
    private final CaptureSession captures;
    private final Configuration configuration;

    private Diagnostics(Path directory, CaptureSession captures, Configuration configuration) {
        this.directory = directory;
        this.captures = captures;
        this.configuration = configuration;
    }

    /**
     * Problems in the diagnostics declarations of a test ({@code @Capture}), in the words of the topology
     * validator, to report together with the topology's own before anything is built.
     */
    public static List<String> check(TopologyModel model, Class<?> testClass, Method method) {
        List<String> problems = new ArrayList<>();
        CaptureSession.targets(model, testClass, method, problems);
        return problems;
    }

    /**
     * Called once the topology is built, before any {@code @BeforeEach} method: clears what an earlier run of this
     * test left in its report directory and starts the declared captures.
     */
    public static Diagnostics start(ExtensionContext context, LiveTopology live, Configuration configuration) {
        Path directory = reportDirectory(context, configuration.reportDirectory());
        clearEarlierRun(directory);
        List<CaptureSession.Target> targets = CaptureSession.targets(live.model(), context.getRequiredTestClass(),
                context.getRequiredTestMethod(), new ArrayList<>());
        CaptureSession captures = null;
        if (!targets.isEmpty()) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + directory + " for the packet captures", e);
            }
            captures = CaptureSession.start(targets, live, directory);
        }
        return new Diagnostics(directory, captures, configuration);
    }

    /**
     * Called after the test and its {@code @AfterEach} methods, before teardown: stops the captures; for a failed
     * test writes the report, attaches it to the failure and keeps the namespaces if asked; for a passing one
     * deletes its captures unless they are to be kept. A capture failure fails a passing test.
     */
    public void beforeTeardown(ExtensionContext context, LiveTopology live) {
        RuntimeException captureFailure = null;
        List<Path> pcaps = captures == null ? List.of() : captures.files();
        if (captures != null) {
            try {
                captures.close();
            } catch (RuntimeException e) {
                captureFailure = e;
            }
        }
        // an aborted test (failed assumption) did not fail: nothing to diagnose
        Optional<Throwable> failure = context.getExecutionException().filter(e -> !(e instanceof TestAbortedException));
        if (failure.isPresent()) {
            FailureReport.write(context, live, directory, pcaps, failure.get(), configuration.keepOnFailure());
        } else if (configuration.captureKeep() == Configuration.CaptureKeep.ALWAYS) {
            pcaps.forEach(p -> context.publishReportEntry("netns-junit.capture", p.toAbsolutePath().toString()));
        } else {
            pcaps.forEach(Diagnostics::deleteQuietly);
            deleteIfEmpty(directory);
        }
        if (captureFailure != null) {
            if (failure.isPresent()) {
                failure.get().addSuppressed(captureFailure);
            } else {
                throw captureFailure;
            }
        }
    }

    /**
     * Attaches a file of the report to the test with {@link ExtensionContext#publishFile} (JUnit 5.12+, also in
     * JUnit 6): it then appears in the Open Test Reporting XML and in IDEs that read it. Best effort: without an
     * output directory provider, or on a JUnit without the method, the file stays in the report directory only.
     */
    static void publish(ExtensionContext context, Path file, MediaType type) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            context.publishFile(file.getFileName().toString(), type,
                    target -> Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING));
        } catch (RuntimeException | LinkageError e) {
            context.publishReportEntry("netns-junit.file", file.toAbsolutePath().toString());
        }
    }

    /**
     * {@code <reportDirectory>/<test class simple name>/<test display name>}, both made safe as file names; for a
     * test of a class template's invocation, the class part names the invocation too ({@code Class [1] n=1}), so
     * that invocations do not overwrite each other's reports.
     */
    static Path reportDirectory(ExtensionContext context, Path root) {
        String test = context.getDisplayName();
        Optional<ExtensionContext> parent = context.getParent();
        if (parent.isPresent() && parent.get().getTestMethod().isPresent()) {
            // an invocation of a @ParameterizedTest or @RepeatedTest: "[1] a" alone would not say of which method
            test = parent.get().getDisplayName() + " " + test;
        }
        ExtensionContext classContext = ClassTemplates.sharedTopologyContext(context);
        String testClass = context.getRequiredTestClass().getSimpleName();
        if (ClassTemplates.isInvocation(classContext)) {
            testClass = testClass + " " + classContext.getDisplayName();
        }
        return root.resolve(fileName(testClass)).resolve(fileName(test));
    }

    /** Letters, digits, '.', '-' and '_' only, runs of anything else as one '_', at most 100 characters. */
    static String fileName(String text) {
        String safe = text.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[_.]+|_+$", "");
        if (safe.length() > 100) {
            safe = safe.substring(0, 100);
        }
        return safe.isEmpty() ? "_" : safe;
    }

    private static void clearEarlierRun(Path directory) {
        if (!Files.isDirectory(directory)) {
            return;
        }
        OWN_FILES.forEach(f -> deleteQuietly(directory.resolve(f)));
        try (DirectoryStream<Path> pcaps = Files.newDirectoryStream(directory, "*.pcap")) {
            pcaps.forEach(Diagnostics::deleteQuietly);
        } catch (IOException e) {
            // nothing to clear
        }
        deleteIfEmpty(directory);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a file we cannot delete is only clutter
        }
    }

    private static void deleteIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException e) {
            // holds something else: leave it
        } catch (IOException e) {
            // only clutter
        }
    }
}
