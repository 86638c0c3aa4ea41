package io.github.netnsjunit.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Test fixture: the main source files of a module as written, each with its package and the types it refers to by
 * name — its imports and the fully-qualified names in its code (comments and string literals are left out, so that
 * a javadoc mention or a message is not a dependency). Read from the source tree, not from class files: a constant
 * inlined by javac would hide a class-file dependency, and the sources are what a reviewer reads.
 */
record SourceImports(Path file, String packageName, Set<String> references) {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern IMPORT =
            Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    // a qualified name in code: lower-case segments, then a type name
    private static final Pattern QUALIFIED = Pattern.compile("\\b((?:[a-z_][\\w]*\\.)+[A-Z]\\w*)");

    /** Every {@code .java} file under {@code roots} (roots that do not exist are skipped), in path order. */
    static List<SourceImports> read(Path... roots) {
        List<SourceImports> all = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    all.add(of(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }

    private static SourceImports of(Path file) throws IOException {
        String code = withoutCommentsAndStrings(Files.readString(file));
        Matcher p = PACKAGE.matcher(code);
        String pkg = p.find() ? p.group(1) : "";
        Set<String> refs = new LinkedHashSet<>();
        Matcher i = IMPORT.matcher(code);
        while (i.find()) {
            refs.add(i.group(1));
        }
        String body = IMPORT.matcher(PACKAGE.matcher(code).replaceAll("")).replaceAll("");
        Matcher q = QUALIFIED.matcher(body);
        while (q.find()) {
            refs.add(q.group(1));
        }
        return new SourceImports(file, pkg, refs);
    }

    /** The package of a referenced name: its segments before the first that starts with an upper-case letter. */
    static String packageOf(String reference) {
        String[] parts = reference.split("\\.");
        StringBuilder pkg = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                break;
            }
            pkg.append(pkg.length() == 0 ? "" : ".").append(part);
        }
        return pkg.toString();
    }

    /** The referenced top-level type ({@code a.b.C} of {@code a.b.C.D} or {@code a.b.C.member}), or null. */
    static String typeOf(String reference) {
        String pkg = packageOf(reference);
        if (pkg.length() >= reference.length()) {
            return null;
        }
        String rest = reference.substring(pkg.length() + 1);
        int dot = rest.indexOf('.');
        return pkg + "." + (dot < 0 ? rest : rest.substring(0, dot));
    }

    /** The simple name of the file's type. */
    String typeName() {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }

    /** Blanks comments, string and character literals and text blocks, keeping line breaks. */
    static String withoutCommentsAndStrings(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                out.append(s.substring(i, end).replaceAll("[^\n]", " "));
                i = end;
            } else if (s.startsWith("\"\"\"", i)) {
                int end = s.indexOf("\"\"\"", i + 3);
                end = end < 0 ? s.length() : end + 3;
                out.append("\"\"").append(s.substring(i, end).replaceAll("[^\n]", ""));
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                out.append(c).append(c);
                i = Math.min(j + 1, s.length());
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
