package dev.quadrangle.testkit;

import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link RealServices}; register it directly with
 * {@code @ExtendWith(RealServicesExtension.class)} if you prefer.
 */
public final class RealServicesExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealServicesExtension.class);
    private static final Set<Class<?>> SUPPORTED = Set.of(PostgresCluster.class, PostgresStandby.class,
            TestDatabase.class, RedisNode.class, S3Server.class);

    /** Creates the extension; JUnit does this for {@link RealServices}. */
    public RealServicesExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return SUPPORTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        try {
            if (type == PostgresCluster.class) {
                return QuadrangleServices.postgres();
            }
            if (type == PostgresStandby.class) {
                return QuadrangleServices.postgres().standby();
            }
            if (type == TestDatabase.class) {
                return classDatabase(context);
            }
            if (type == RedisNode.class) {
                return QuadrangleServices.redis();
            }
            return QuadrangleServices.s3();
        } catch (ServiceStartException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static TestDatabase classDatabase(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(TestDatabase.class.getName(),
                key -> new ClosingDatabase(QuadrangleServices.postgres().createDatabase(testClass.getSimpleName())),
                ClosingDatabase.class).database;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        QuadrangleServices.restoreStoppedServices();
    }

    /** Drops the class's database when JUnit closes the class's store. */
    private static final class ClosingDatabase implements AutoCloseable {
        final TestDatabase database;

        ClosingDatabase(TestDatabase database) {
            this.database = database;
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
