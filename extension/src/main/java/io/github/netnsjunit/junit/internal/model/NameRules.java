package io.github.netnsjunit.junit.internal.model;

import static io.github.netnsjunit.junit.internal.model.Origin.quote;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The kernel's rules for link names and our rules for namespace names. Each check returns the end of a
 * problem sentence (what is wrong and how to fix it), to follow {@code attribute 'x' }.
 */
final class NameRules {

    /** IFNAMSIZ is 16 including the terminating NUL. */
    static final int MAX_LINK_NAME_BYTES = 15;

    /** Generous, but short enough to be a file name under /run/netns when a user bind-mounts it for debugging. */
    static final int MAX_NAMESPACE_NAME_CHARS = 64;

    private NameRules() {
    }

    /** Mirrors the kernel's dev_valid_name(): what {@code ip link add} would refuse with EINVAL. */
    static Optional<String> linkName(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty. Give the link a name of 1 to 15 bytes, e.g. \"veth0\".");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_LINK_NAME_BYTES) {
            return Optional.of("is " + quote(name) + " (" + bytes + " bytes), longer than the kernel's limit of "
                    + MAX_LINK_NAME_BYTES + " bytes for link names (IFNAMSIZ). Use a shorter name, e.g. "
                    + quote(truncate(name)) + ".");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("is " + quote(name) + ", which the kernel refuses as a link name. Choose another name, e.g. \"veth0\".");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c)) {
                return Optional.of("is " + quote(name) + ", which contains " + describe(c)
                        + "; the kernel refuses '/', ':' and whitespace in link names. Use letters, digits, '-', '_' or '.' instead.");
            }
        }
        return Optional.empty();
    }

    static Optional<String> namespaceName(String name) {
        if (name.isEmpty()) {
            return Optional.of("is empty. Name the namespace with 1 to 64 letters, digits, '_', '.' or '-', e.g. \"ns0\".");
        }
        if (name.length() > MAX_NAMESPACE_NAME_CHARS) {
            return Optional.of("is " + name.length() + " characters long, over the limit of "
                    + MAX_NAMESPACE_NAME_CHARS + ". Use a shorter name, e.g. " + quote(name.substring(0, 8)) + ".");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("is " + quote(name) + ", which cannot be a namespace name (it means a directory). Choose another name, e.g. \"ns0\".");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-';
            if (!allowed) {
                return Optional.of("is " + quote(name) + ", which contains " + describe(c)
                        + "; namespace names may only contain letters, digits, '_', '.' and '-'.");
            }
        }
        return Optional.empty();
    }

    private static String describe(char c) {
        return switch (c) {
            case ' ' -> "a space";
            case '\t' -> "a tab";
            case '\n' -> "a line break";
            default -> Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
        };
    }

    /** The longest prefix of at most 15 UTF-8 bytes, never splitting a character. */
    private static String truncate(String name) {
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int cp : name.codePoints().toArray()) {
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > MAX_LINK_NAME_BYTES) {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += size;
        }
        return sb.toString();
    }
}
