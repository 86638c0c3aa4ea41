package io.github.netnsjunit.junit;

import java.util.List;
import org.junit.platform.commons.JUnitException;

/**
 * Thrown before any network change when a test's topology declarations are invalid. The message lists
 * every problem at once:
 * <pre>
 * Invalid network topology declared for class com.example.FooTest (2 problems):
 *   - @VethPair(name = "veth0") on class com.example.FooTest: attribute 'namespace' names "nsX", which is not declared. ...
 *   - @Route(namespace = "ns0", to = "default") on class com.example.FooTest: attribute 'via' is ...
 * </pre>
 */
public class TopologyDeclarationException extends JUnitException {

    private static final long serialVersionUID = 1L;

    /** The problems, one line each, in declaration order. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param testClass the test whose declarations are invalid; null when unknown
     * @param problems  at least one problem line
     */
    public TopologyDeclarationException(Class<?> testClass, List<String> problems) {
        super(message(testClass, problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each, in declaration order. */
    public List<String> problems() {
        return problems;
    }

    private static String message(Class<?> testClass, List<String> problems) {
        StringBuilder sb = new StringBuilder("Invalid network topology declared");
        if (testClass != null) {
            sb.append(" for class ").append(testClass.getName());
        }
        sb.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String problem : problems) {
            sb.append("\n  - ").append(problem);
        }
        return sb.toString();
    }
}
