package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JUnit boundary is a package: only the API package (whose annotations need {@code @ExtendWith} and whose
 * {@code NetnsExtension} implements Jupiter's callbacks) and {@code internal.jupiter} (the glue) may use JUnit. The
 * rest of the engine builds, validates and tears down topologies without it, which is what keeps building a topology
 * outside JUnit ({@link TopologyPlan}) honest. Read from the main sources: imports and fully-qualified names in code.
 */
class JUnitBoundaryTest {

    static final String API = "io.github.netnsjunit.junit";
    static final String JUPITER = "io.github.netnsjunit.junit.internal.jupiter";

    @Test
    void onlyTheApiPackageAndInternalJupiterUseJUnit() {
        List<SourceImports> sources = SourceImports.read(Path.of("src/main/java"), Path.of("src/main/java18"));
        assertThat(sources).as("main sources found (run from the extension module's directory)").hasSizeGreaterThan(50);

        List<String> offenders = sources.stream()
                // the module descriptor requires JUnit and provides its listeners: it names the boundary, not a class
                .filter(s -> !s.file().endsWith("module-info.java"))
                .filter(s -> !s.packageName().equals(API) && !s.packageName().equals(JUPITER))
                .filter(s -> s.references().stream().anyMatch(r -> r.startsWith("org.junit.")))
                .map(s -> s.file() + " uses " + s.references().stream().filter(r -> r.startsWith("org.junit."))
                        .toList() + ": move it to " + JUPITER + ", or drop the JUnit use")
                .toList();
        assertThat(offenders).as("classes outside %s and %s that use JUnit", API, JUPITER).isEmpty();
    }

    @Test
    void theCheckSeesJUnitWhereItIsUsed() {
        // the oracle for the check itself: the glue package does use JUnit, through imports the reader finds
        assertThat(SourceImports.read(Path.of("src/main/java/io/github/netnsjunit/junit/internal/jupiter")))
                .anySatisfy(s -> assertThat(s.references()).anyMatch(r -> r.startsWith("org.junit.")));
    }
}
