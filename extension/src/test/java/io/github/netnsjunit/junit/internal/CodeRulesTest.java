package io.github.netnsjunit.junit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules of the extension's main code that came back once already (issue 18), checked by reading its sources
 * ({@code src/main/java*}): comments and string literals are blanked first, so only code counts. Each failure names
 * the file and the line.
 */
class CodeRulesTest {
    private static final Path MAIN = Path.of("src/main");
    private static final Pattern NATIVE = Pattern.compile("\\bnetlink\\.sys\\.Native\\b|\\bNative\\s*\\.");
    private static final Pattern STANDARD_STREAMS = Pattern.compile("\\bSystem\\s*\\.\\s*(out|err)\\b");
    private static final Pattern QUALIFIED_TYPE = Pattern.compile(
            "\\b(?:io\\.github\\.netnsjunit|java|javax|jdk|org|com)\\.(?:[a-z0-9_]+\\.)+[A-Z]");
    /**
     * The one place allowed to print: {@code Preflight.main}, a command-line entry point whose whole job is to
     * print one line per check to standard output.
     */
    private static final String PRINTING_ENTRY_POINT = "io/github/netnsjunit/junit/Preflight.java";

    @Test
    void onlyTheNetlinkModuleCallsNative() {
        // the extension uses the library's API (ProcessHandle for its own pid); Native is the netlink module's own
        assertThat(violations(NATIVE, false)).as("uses of netlink's Native outside the netlink module").isEmpty();
    }

    @Test
    void mainCodeLogsInsteadOfPrinting() {
        assertThat(violations(STANDARD_STREAMS, true)).as("System.out/System.err in main code (use System.Logger)")
                .isEmpty();
    }

    @Test
    void typesAreImportedNotWrittenOutInCode() {
        assertThat(violations(QUALIFIED_TYPE, false)).as("inline fully-qualified type names (import the type)")
                .isEmpty();
    }

    @Test
    void theRulesReadCodeOnly() {
        String source = "package p;\n"
                + "import java.util.List; // java.util.Map in a comment\n"
                + "/** {@link io.github.netnsjunit.netlink.internal.sys.Native} and System.out in javadoc */\n"
                + "class A { String s = \"java.util.Set and System.err in a string\"; char c = '\"';\n"
                + "  java.util.Optional<String> o; void f() { System.err.println(Native.getpid()); } }\n";
        List<String> lines = List.of(code(source).split("\n", -1));
        assertThat(lines.get(1).strip()).isEqualTo("import java.util.List;");
        assertThat(QUALIFIED_TYPE.matcher(lines.get(2)).find()).isFalse();
        assertThat(STANDARD_STREAMS.matcher(lines.get(3)).find()).isFalse();
        assertThat(QUALIFIED_TYPE.matcher(lines.get(3)).find()).isFalse();
        assertThat(QUALIFIED_TYPE.matcher(lines.get(4)).find()).isTrue();
        assertThat(STANDARD_STREAMS.matcher(lines.get(4)).find()).isTrue();
        assertThat(NATIVE.matcher(lines.get(4)).find()).isTrue();
        assertThat(mainMethodLines(code("class P {\n  void g() {\n  }\n  public static void main(String[] a) {\n"
                + "    if (a != null) {\n    }\n  }\n  void h() { }\n}\n"))).containsExactly(4, 5, 6, 7);
    }

    /** Every code line of the main sources matching {@code rule}: "path:line: text". */
    private static List<String> violations(Pattern rule, boolean allowPrintingEntryPoint) {
        List<Path> sources = sources();
        assertThat(sources).as("main sources under " + MAIN.toAbsolutePath()).hasSizeGreaterThan(50);
        List<String> out = new ArrayList<>();
        for (Path file : sources) {
            String relative = MAIN.relativize(file).toString();
            String text = read(file);
            String code = code(text);
            List<Integer> allowed = allowPrintingEntryPoint && relative.endsWith(PRINTING_ENTRY_POINT)
                    ? mainMethodLines(code) : List.of();
            String[] codeLines = code.split("\n", -1);
            String[] textLines = text.split("\n", -1);
            for (int i = 0; i < codeLines.length; i++) {
                String line = codeLines[i].strip();
                if (line.startsWith("import ") || line.startsWith("package ") || file.endsWith("module-info.java")
                        || allowed.contains(i + 1)) {
                    continue; // imports and the module declaration name types in full by definition
                }
                if (rule.matcher(codeLines[i]).find()) {
                    out.add("src/main/" + relative + ":" + (i + 1) + ": " + textLines[i].strip());
                }
            }
        }
        return out;
    }

    private static List<Path> sources() {
        try (Stream<Path> roots = Files.list(MAIN)) {
            List<Path> files = new ArrayList<>();
            for (Path root : roots.filter(p -> p.getFileName().toString().startsWith("java")).toList()) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The source with comments, string, text block and character literals blanked; line numbers are kept. */
    static String code(String source) {
        StringBuilder out = new StringBuilder(source.length());
        int i = 0;
        int n = source.length();
        while (i < n) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end + 3;
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
            } else {
                out.append(source.charAt(i++));
                continue;
            }
            for (int k = i; k < end; k++) {
                out.append(source.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end;
        }
        return out.toString();
    }

    /** The lines (1-based) of the {@code public static void main} method of a blanked source, or none. */
    static List<Integer> mainMethodLines(String code) {
        Matcher m = Pattern.compile("public\\s+static\\s+void\\s+main\\s*\\(").matcher(code);
        if (!m.find()) {
            return List.of();
        }
        int open = code.indexOf('{', m.end());
        int depth = 0;
        int close = open;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                close = i;
                break;
            }
        }
        int first = lineOf(code, m.start());
        int last = lineOf(code, close);
        List<Integer> lines = new ArrayList<>();
        for (int l = first; l <= last; l++) {
            lines.add(l);
        }
        return lines;
    }

    private static int lineOf(String code, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
