package io.github.netnsjunit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The shape every public annotation promises: what the integrator and users rely on. */
class AnnotationContractTest {

    static final List<Class<? extends Annotation>> REPEATABLE = List.of(
            NetNamespace.class, VethPair.class, Bridge.class, Route.class, Masquerade.class, PortForward.class);

    static final Map<Class<? extends Annotation>, Class<? extends Annotation>> CONTAINERS = Map.of(
            NetNamespace.class, NetNamespaces.class, VethPair.class, VethPairs.class, Bridge.class, Bridges.class,
            Route.class, Routes.class, Masquerade.class, Masquerades.class, PortForward.class, PortForwards.class);

    @ParameterizedTest
    @FieldSource("REPEATABLE")
    void repeatableAnnotationsAndTheirContainersRegisterTheExtension(Class<? extends Annotation> type) {
        Class<? extends Annotation> container = CONTAINERS.get(type);
        assertThat(type.getAnnotation(Repeatable.class).value()).isEqualTo(container);
        for (Class<? extends Annotation> t : List.of(type, container)) {
            assertThat(t.getAnnotation(Retention.class).value()).isEqualTo(RetentionPolicy.RUNTIME);
            assertThat(t.getAnnotation(Target.class).value())
                    .containsExactly(ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE);
            assertThat(t.getAnnotation(ExtendWith.class).value()).containsExactly(NetnsExtension.class);
        }
    }

    @Test
    void inNamespaceAndNsAreSingle() {
        assertThat(InNamespace.class.getAnnotation(Repeatable.class)).isNull();
        assertThat(InNamespace.class.getAnnotation(ExtendWith.class).value()).containsExactly(NetnsExtension.class);
        assertThat(Ns.class.getAnnotation(Repeatable.class)).isNull();
        assertThat(Ns.class.getAnnotation(Target.class).value()).containsExactly(ElementType.PARAMETER);
    }

    @Test
    void extensionCanBeInstantiatedByJUnit() throws Exception {
        assertThat(NetnsExtension.class.getConstructor().newInstance()).isNotNull();
    }
}
