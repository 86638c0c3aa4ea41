package io.github.netnsjunit.junit;

/** The notations {@link Topology#diagram(DiagramFormat)} renders a topology in. */
public enum DiagramFormat {
    /** A Mermaid {@code flowchart LR}, rendered by GitHub, GitLab and most Markdown viewers. */
    MERMAID,
    /** A Graphviz DOT {@code graph}, for {@code dot -Tsvg}. */
    DOT
}
