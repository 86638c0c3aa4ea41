package io.github.netnsjunit.junit.internal.preflight;

/**
 * Internal: the outcome of one preflight check.
 *
 * @param status OK, MISSING (required) or WARN (optional part, or not checkable)
 * @param name   what was checked, e.g. {@code link kind veth}
 * @param detail what was found, and for anything but OK the fix
 */
public record Check(Status status, String name, String detail) {
    /** How a check came out. */
    public enum Status {
        /** Present, tried live. */
        OK,
        /** Required and absent: tests cannot run. */
        MISSING,
        /** An optional part is absent, or could not be checked. */
        WARN
    }

    static Check ok(String name, String detail) {
        return new Check(Status.OK, name, detail);
    }

    static Check missing(String name, String detail) {
        return new Check(Status.MISSING, name, detail);
    }

    static Check warn(String name, String detail) {
        return new Check(Status.WARN, name, detail);
    }

    /** {@code STATUS  name  detail}, in fixed columns. */
    public String line() {
        return String.format("%-8s %-30s %s", status, name, detail);
    }
}
