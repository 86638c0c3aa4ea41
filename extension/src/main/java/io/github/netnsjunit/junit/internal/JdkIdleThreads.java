package io.github.netnsjunit.junit.internal;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Internal: recognises the JDK's own idle helper threads that correct code leaves behind in a namespace and cannot
 * end itself, and explains each. A thread counts as one only if both its name and a frame of its stack are the
 * JDK's: a user thread that merely shares a name is not excused.
 */
final class JdkIdleThreads {
    private record Known(Pattern name, String frameClass, String explanation) {
    }

    private static final Known[] KNOWN = {
        new Known(Pattern.compile("Keep-Alive-Timer"), "sun.net.www.http.KeepAliveCache",
                "the timer of HttpURLConnection's keep-alive cache. It ends once the idle connections it caches have"
                        + " expired (5 s idle by default, or the server's Keep-Alive timeout; it looks every 5 s);"
                        + " until then they keep the namespace alive, and a later connection to the same address and"
                        + " port may reuse one. Call HttpURLConnection.disconnect(), or set -Dhttp.keepAlive=false, to"
                        + " leave none."),
        new Known(Pattern.compile("HttpClient-\\d+-SelectorManager"),
                "jdk.internal.net.http.HttpClientImpl$SelectorManager",
                "the selector thread of a java.net.http.HttpClient. Before JDK 21 it cannot be stopped and ends once"
                        + " the client is garbage-collected; on JDK 21 or later close the client (try-with-resources)."),
        new Known(Pattern.compile("HttpClient-\\d+-Worker-\\d+"), "java.util.concurrent.ThreadPoolExecutor",
                "an idle thread of a java.net.http.HttpClient's default executor; it ends after 60 s idle. Give the"
                        + " client an executor of your own (HttpClient.Builder.executor) and shut it down, or on"
                        + " JDK 21 or later close the client."),
        new Known(Pattern.compile("process reaper"), "java.util.concurrent.ThreadPoolExecutor",
                "the JDK's pooled process reaper, which a process started on a namespace thread leaves behind. It only"
                        + " waits for child processes, does no network work, and ends after 60 s idle;"
                        + " NetNs.start(ProcessBuilder) starts processes without it."),
    };

    private JdkIdleThreads() {
    }

    /** Why this thread may stay, if it is one of the JDK's known idle helpers. */
    static Optional<String> explain(String name, StackTraceElement[] stack) {
        for (Known k : KNOWN) {
            if (k.name().matcher(name).matches()
                    && Arrays.stream(stack).anyMatch(f -> f.getClassName().equals(k.frameClass())
                            || f.getClassName().startsWith(k.frameClass() + "$"))) {
                return Optional.of(k.explanation());
            }
        }
        return Optional.empty();
    }
}
