package io.github.netnsjunit.junit;

import io.github.netnsjunit.junit.internal.jupiter.SeedSweeps;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * The invocations of a {@link SeedSweep}: one per seed, for a method (test template) or a class (class template).
 * Registered by the annotation; not used directly.
 */
public final class SeedSweepExtension implements TestTemplateInvocationContextProvider,
        ClassTemplateInvocationContextProvider {

    /** Made by JUnit, for the {@link SeedSweep} annotation that registers it. */
    public SeedSweepExtension() {
    }

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return SeedSweeps.onMethod(context).isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return SeedSweeps.forMethod(context);
    }

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return SeedSweeps.onClass(context).isPresent();
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return SeedSweeps.forClass(context);
    }
}
