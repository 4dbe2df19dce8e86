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
            TestDatabase.class, RedisNode.class, S3Server.class, PostgresTopology.class);

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
            if (type == PostgresTopology.class) {
                return classTopology(context);
            }
            if (type == RedisNode.class) {
                return QuadrangleServices.redis();
            }
            return QuadrangleServices.s3();
        } catch (ServiceStartException | IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext;
    }

    /** The class's own topology, closed by JUnit with the class's store. */
    private static PostgresTopology classTopology(ExtensionContext context) {
        RealServices settings = settings(context.getRequiredTestClass());
        int standbys = settings == null ? PostgresTopology.DEFAULT_STANDBYS : settings.standbys();
        ReplicationMode mode = settings == null ? ReplicationMode.ASYNC : settings.replication();
        return classContext(context).getStore(NAMESPACE).getOrComputeIfAbsent(PostgresTopology.class.getName(),
                key -> PostgresTopology.start(standbys, mode), PostgresTopology.class);
    }

    /** The annotation on the class, its superclasses or, for a nested class, its enclosing classes. */
    private static RealServices settings(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            RealServices annotation = c.getAnnotation(RealServices.class);
            if (annotation != null) {
                return annotation;
            }
        }
        return null;
    }

    private static TestDatabase classDatabase(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = classContext(context);
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
