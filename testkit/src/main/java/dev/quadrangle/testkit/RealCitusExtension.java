package dev.quadrangle.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 extension behind {@link RealCitus}: skips the test class, saying why, when no Citus coordinator
 * is named, and otherwise resolves {@link CitusCoordinator} and the class's {@link CitusDatabase}.
 */
public final class RealCitusExtension implements ExecutionCondition, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealCitusExtension.class);

    /** Creates the extension; JUnit does this for {@link RealCitus}. */
    public RealCitusExtension() {
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> skip = QuadrangleServices.citusSkipReason();
        return skip.map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("a Citus coordinator is named"));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == CitusCoordinator.class || type == CitusDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            if (parameter.getParameter().getType() == CitusCoordinator.class) {
                return QuadrangleServices.citus();
            }
            return classDatabase(context);
        } catch (ServiceStartException | IllegalStateException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    private static CitusDatabase classDatabase(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        ExtensionContext classContext = context;
        while (classContext.getParent().isPresent() && classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(CitusDatabase.class.getName(),
                key -> new ClosingDatabase(QuadrangleServices.citus().createDatabase(testClass.getSimpleName())),
                ClosingDatabase.class).database;
    }

    /** Drops the class's database when JUnit closes the class's store. */
    private static final class ClosingDatabase implements AutoCloseable {
        final CitusDatabase database;

        ClosingDatabase(CitusDatabase database) {
            this.database = database;
        }

        @Override
        public void close() {
            database.close();
        }
    }
}
