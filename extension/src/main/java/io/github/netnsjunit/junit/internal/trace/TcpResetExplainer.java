package io.github.netnsjunit.junit.internal.trace;

import static io.github.netnsjunit.junit.internal.trace.Words.f;
import static io.github.netnsjunit.junit.internal.trace.Words.q;

import io.github.netnsjunit.junit.PathTrace;
import java.util.Optional;

/** Internal: the SYN was answered with a reset: the path works, nothing listens on the port. */
final class TcpResetExplainer implements TraceExplainer {
    @Override
    public Optional<Finding> explain(TraceEvidence e) {
        if (e.outcome() != TraceEvidence.Outcome.REFUSED) {
            return Optional.empty();
        }
        String owner = e.ownerNamespace(e.target()).map(NamespaceState::name).orElse(null);
        String where = owner == null ? "" : " in " + owner;
        String sentence = "nothing listens on " + f(e.target()) + " port " + e.port() + where + ": the SYN reached it"
                + " and was answered with a TCP reset (connection refused), so the path itself works";
        String fix = "start the server before connecting, bound to " + f(e.target()) + " (or 0.0.0.0) port "
                + e.port() + (owner == null ? "" : " inside " + owner + " (@InNamespace(" + q(owner) + ") or "
                + owner + ".call(() -> new ServerSocket(" + e.port() + ", 50, InetAddress.getByName("
                + q(f(e.target())) + "))))");
        return Optional.of(new Finding(PathTrace.Cause.TCP_RESET, sentence, fix));
    }
}
