package dev.vitals.agent.instrumentation;

import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformWarmUpTest {
    @Test
    void rewritesItsTargetWithTheAdviceInlined() throws Exception {
        byte[] original = ClassFileLocator.ForClassLoader.of(TransformWarmUp.class.getClassLoader())
                .locate(TransformWarmUp.Target.class.getName()).resolve();
        int rewritten = TransformWarmUp.run();
        // -1 would mean it failed and warmed nothing; the inlined enter and exit make the class file larger.
        assertTrue(rewritten > original.length, rewritten + " bytes after, " + original.length + " before");
        assertNotNull(AdviceTransformer.built(TransformWarmUp.class.getClassLoader(),
                TransformWarmUp.Timing.class.getName()), "the advice was built, as for a real first transformation");
    }
}
