package io.github.netnsjunit.junit.internal.declaration;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.netnsjunit.junit.Bridge;
import io.github.netnsjunit.junit.NetNamespace;
import io.github.netnsjunit.junit.NetNamespaces;
import io.github.netnsjunit.junit.Route;
import io.github.netnsjunit.junit.VethPair;
import io.github.netnsjunit.junit.internal.model.Declaration;
import io.github.netnsjunit.junit.internal.model.RawTopology;
import io.github.netnsjunit.junit.internal.model.TopologyModel;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;

class AnnotationTopologyReaderTest {

    private static final String TEST = AnnotationTopologyReaderTest.class.getName();
    private final AnnotationTopologyReader reader = new AnnotationTopologyReader();

    @NetNamespace("base")
    static class Base {
    }

    @NetNamespace("middle")
    static class Middle extends Base {
    }

    @NetNamespace("leaf")
    static class Leaf extends Middle {
        @NetNamespace("method")
        void test() {
        }
    }

    @Test
    void readsSuperclassesTopDownThenTheClassThenTheMethod() throws Exception {
        RawTopology raw = reader.readDeclarations(Leaf.class, Optional.of(Leaf.class.getDeclaredMethod("test")));

        assertThat(origins(raw)).containsExactly(
                "@NetNamespace(\"base\") on class " + TEST + "$Base",
                "@NetNamespace(\"middle\") on class " + TEST + "$Middle",
                "@NetNamespace(\"leaf\") on class " + TEST + "$Leaf",
                "@NetNamespace(\"method\") on method Leaf.test()");
    }

    @Test
    void inheritedDeclarationsAreReadOnceLikeJUnitFindsThem() {
        RawTopology raw = reader.readDeclarations(Leaf.class, Optional.empty());

        // @NetNamespace is @Inherited: Leaf.class.getAnnotations() would show "middle" a second time.
        List<String> viaJUnit = AnnotationSupport.findRepeatableAnnotations(Leaf.class, NetNamespace.class).stream()
                .map(NetNamespace::value).collect(Collectors.toList());
        assertThat(names(raw)).containsExactlyInAnyOrderElementsOf(viaJUnit).doesNotHaveDuplicates();
    }

    @NetNamespace("outer")
    static class Outer {
        @NetNamespace("inner")
        class Inner {
            @NetNamespace("innermost")
            class Innermost {
            }
        }

        @NetNamespace("static")
        static class StaticNested {
        }
    }

    @Test
    void innerClassesInheritTheEnclosingTopologyOutermostFirst() {
        assertThat(names(reader.readDeclarations(Outer.Inner.Innermost.class, Optional.empty())))
                .containsExactly("outer", "inner", "innermost");
    }

    @Test
    void staticNestedClassesDoNotInheritTheEnclosingTopology() {
        assertThat(names(reader.readDeclarations(Outer.StaticNested.class, Optional.empty())))
                .containsExactly("static");
    }

    @NetNamespace("ns0")
    @NetNamespace("ns1")
    @VethPair(name = "veth0", namespace = "ns0", peer = "veth1", peerNamespace = "ns1")
    @VethPair(name = "veth2", namespace = "ns0", peer = "veth3", peerNamespace = "ns1")
    static class Repeated {
    }

    @NetNamespaces({@NetNamespace("a"), @NetNamespace("b")})
    static class ExplicitContainer {
    }

    @Test
    void expandsContainersWrittenByTheCompilerOrByHand() {
        assertThat(origins(reader.readDeclarations(Repeated.class, Optional.empty()))).containsExactly(
                "@NetNamespace(\"ns0\") on class " + TEST + "$Repeated",
                "@NetNamespace(\"ns1\") on class " + TEST + "$Repeated",
                "@VethPair(name = \"veth0\") on class " + TEST + "$Repeated",
                "@VethPair(name = \"veth2\") on class " + TEST + "$Repeated");
        assertThat(names(reader.readDeclarations(ExplicitContainer.class, Optional.empty()))).containsExactly("a", "b");
    }

    @Retention(RetentionPolicy.RUNTIME)
    @NetNamespace("sw")
    @Bridge(name = "br01", namespace = "sw", address = "192.168.88.1/24")
    @interface DockerLikeBridge {
    }

    @Retention(RetentionPolicy.RUNTIME)
    @DockerLikeBridge
    @NetNamespace("ns01")
    @VethPair(name = "veth01", namespace = "ns01", address = "192.168.88.11/24",
            peer = "br-veth01", peerNamespace = "sw", peerMaster = "br01")
    @interface OneContainer {
    }

    @OneContainer
    @Route(namespace = "ns01", via = "192.168.88.1")
    static class Composed {
    }

    @Test
    void metaAnnotationsComposeAndNameTheAnnotationTheUserWrote() {
        RawTopology raw = reader.readDeclarations(Composed.class, Optional.empty());

        String where = " on meta-annotation @OneContainer on class " + TEST + "$Composed";
        assertThat(origins(raw)).containsExactly(
                "@NetNamespace(\"sw\")" + where,
                "@Bridge(name = \"br01\")" + where,
                "@NetNamespace(\"ns01\")" + where,
                "@VethPair(name = \"veth01\")" + where,
                "@Route(namespace = \"ns01\", to = \"default\") on class " + TEST + "$Composed");
        assertThat(reader.read(Composed.class, Optional.empty()).namespaceNames()).containsExactly("sw", "ns01");
    }

    @Test
    void metaAnnotationOnAMethodNamesTheMethod() throws Exception {
        Method method = MetaOnMethod.class.getDeclaredMethod("test");

        assertThat(origins(reader.readDeclarations(MetaOnMethod.class, Optional.of(method))))
                .containsExactly("@NetNamespace(\"sw\") on meta-annotation @DockerLikeBridge on method MetaOnMethod.test()",
                        "@Bridge(name = \"br01\") on meta-annotation @DockerLikeBridge on method MetaOnMethod.test()");
    }

    static class MetaOnMethod {
        @DockerLikeBridge
        void test() {
        }
    }

    @NetNamespace("from-interface")
    interface SharedTopology {
    }

    @NetNamespace("own")
    static class ImplementsSharedTopology implements SharedTopology {
    }

    @Test
    void readsInterfacesBeforeTheClass() {
        assertThat(names(reader.readDeclarations(ImplementsSharedTopology.class, Optional.empty())))
                .containsExactly("from-interface", "own");
    }

    static class Plain {
    }

    @Test
    void aClassWithoutDeclarationsGivesTheEmptyModel() {
        assertThat(reader.readDeclarations(Plain.class, Optional.empty()).isEmpty()).isTrue();
        assertThat(reader.read(Plain.class, Optional.empty())).isEqualTo(TopologyModel.EMPTY);
    }

    private static List<String> origins(RawTopology raw) {
        return raw.declarations().stream().map(d -> d.origin().toString()).collect(Collectors.toList());
    }

    private static List<String> names(RawTopology raw) {
        return raw.declarations().stream()
                .map(d -> ((Declaration.Namespace) d).name())
                .collect(Collectors.toList());
    }
}
