package dev.vitals.agent.instrumentation;

import net.bytebuddy.description.type.TypeDescription;
import com.example.loaded.AppStatement;
import com.example.loaded.SubclassedAppStatement;
import com.example.loaded.Unrelated;
import org.junit.jupiter.api.Test;

import java.security.ProtectionDomain;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which already-loaded classes the install hands to its retransformation: those named, in a named package,
 * or taken by a header matcher deciding from the loaded class's own supertypes (read by reflection, no class file).
 */
class LoadedCandidatesTest {
    /** Takes concrete or abstract classes that are JDBC statements, as the JDBC module's matcher does. */
    static final class StatementClasses implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return TypeIndex.isClassOf(TypeIndex.factsOfLoading(name, loader), TypeIndex.STATEMENT);
        }

        @Override
        public boolean matches(TypeDescription type, ClassLoader loader, Module module, Class<?> redefined,
                               ProtectionDomain pd) {
            return false;
        }
    }

    @Test
    void onlyNamedAndHeaderMatchedClassesGoToByteBuddy() {
        CandidateTypes candidates = CandidateTypes.record();
        CandidateTypes.named(Unrelated.class.getName() + "Other");
        CandidateTypes.nameStartsWith("com.example.advised.");
        CandidateTypes.byHeader(new StatementClasses());
        CandidateTypes.stopRecording();

        Class<?>[] loaded = {String.class, int.class, Object[].class, Unrelated.class, AppStatement.class,
                SubclassedAppStatement.class, Statement.class, LoadedCandidatesTest.class};
        List<Class<?>> kept = Arrays.stream(loaded).filter(candidates::retransformCandidate).collect(Collectors.toList());

        assertEquals(Arrays.asList(AppStatement.class, SubclassedAppStatement.class), kept,
                "statement classes by their supertypes; not the JDK, arrays, primitives, interfaces or unrelated classes");
    }
}
