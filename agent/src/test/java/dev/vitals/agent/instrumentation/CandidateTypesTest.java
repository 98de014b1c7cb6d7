package dev.vitals.agent.instrumentation;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up gate hands Byte Buddy only the classes that {@link CandidateTypes} recorded. A module that named its
 * types with Byte Buddy's own matchers would silently never be instrumented, so every type matcher of every module
 * must go through {@link CandidateTypes}; this reads the modules' sources and fails on one that does not.
 */
class CandidateTypesTest {
    private static final Path MODULES = Paths.get("src/main/java/dev/vitals/agent/instrumentation");
    private static final Pattern TYPE_MATCHER = Pattern.compile("\\.type\\(\\s*([A-Za-z_.]+)");

    @Test
    void everyModuleNamesItsTypesThroughCandidateTypes() throws IOException {
        List<String> offenders = new ArrayList<>();
        int typeMatchers = 0;
        try (Stream<Path> files = Files.walk(MODULES)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = TYPE_MATCHER.matcher(Files.readString(file));
                while (m.find()) {
                    typeMatchers++;
                    if (!m.group(1).startsWith("CandidateTypes.")) {
                        offenders.add(MODULES.relativize(file) + ": .type(" + m.group(1) + "...");
                    }
                }
            }
        }
        assertTrue(typeMatchers >= 40, "the modules' type matchers are found: " + typeMatchers);
        assertEquals(List.of(), offenders, "type matchers that bypass CandidateTypes");
    }

    @Test
    void recordedNamesPrefixesAndHeaderMatchersDecide() {
        CandidateTypes.named("org.example.NotRecording");
        CandidateTypes candidates = CandidateTypes.record();
        CandidateTypes.named("org.example.Named");
        CandidateTypes.namedOneOf("org.example.One", "org.example.Two");
        CandidateTypes.nameStartsWith("org.example.client.");
        CandidateTypes.byHeader(new OnlyLoader());
        CandidateTypes.stopRecording();
        CandidateTypes.named("org.example.AfterRecording");

        assertTrue(candidates.mayMatch("org.example.Named", null));
        assertTrue(candidates.mayMatch("org.example.Two", null));
        assertTrue(candidates.mayMatch("org.example.client.Impl$1", null));
        assertTrue(candidates.mayMatch("org.example.Anything", OnlyLoader.LOADER));
        assertTrue(!candidates.mayMatch("org.example.Other", null), "neither named, in a named package, nor taken by a header matcher");
        assertTrue(!candidates.mayMatch("org.example.NamedToo", null), "names are exact");
        assertTrue(!candidates.mayMatch("org.example.NotRecording", null), "named before recording started");
        assertTrue(!candidates.mayMatch("org.example.AfterRecording", null), "named after recording stopped");
    }

    /** A header matcher that takes every class of one class loader. */
    private static final class OnlyLoader implements Transformations.RawMatcher, CandidateTypes.HeaderMatcher {
        static final ClassLoader LOADER = new ClassLoader(null) {
        };

        @Override
        public boolean matches(net.bytebuddy.description.type.TypeDescription type, ClassLoader loader,
                               Module module, Class<?> classBeingRedefined,
                               java.security.ProtectionDomain protectionDomain) {
            return loader == LOADER;
        }

        @Override
        public boolean mayMatch(String name, ClassLoader loader) {
            return loader == LOADER;
        }
    }
}
