package dev.vitals.it.startup;

import dev.vitals.it.AgentProcess;
import example.SleeperApp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start-up guard, counted from the JVM's class-loading log ({@code -Xlog:class+load}) rather than timed: the classes
 * the agent loads in an application that does nothing ({@link SleeperApp}), by the time it has started (its listener
 * line), which every application pays for while it starts.
 *
 * <p>The same log's exceptions ({@code -Xlog:exceptions}) show the bootstrap API defined, off the main thread, without a
 * failed definition.
 *
 * <p>Measured (OpenJDK 17): 164 Byte Buddy classes (matchers and type descriptions; neither its agent builder nor its
 * {@code Advice}, which the agent's own weaver replaces) and none defined by Byte Buddy in the application's class
 * loader; 221 while the default advice bindings were made at install, which initialised {@code Advice}. With Byte Buddy's {@code AgentBuilder}, whose install
 * generated a subclass of its transformer, 814 to 829; before that, its nexus set-up generated a class to reach
 * {@code ClassLoader.defineClass} and injected its {@code Nexus} into the system class loader: 959 Byte Buddy classes,
 * one of them visible to the application.
 */
class AgentClassesTest {
    private static final String BYTE_BUDDY = " dev.vitals.shaded.bytebuddy.";
    /**
     * The agent's lambdas run before its listener starts: 73 measured (OpenJDK 17, two cores, the same in three runs),
     * 93 before the method matchers, the metric registry's registration and the performance check's figures stopped
     * using lambdas.
     */
    private static final int MAX_LAMBDAS_BEFORE_LISTENER = 80;
    /**
     * The agent's classes premain loads on the application's main thread, before the main class: 10 measured (the
     * launcher, the agent's entry point, the gate and what it holds). 28 while premain read the configuration there
     * (its 15 classes, the log's and two lambdas), about 15 ms of the main thread's CPU before {@code main}.
     */
    private static final int MAX_AGENT_CLASSES_ON_MAIN = 12;
    /**
     * The agent's classes (its own, its relocated libraries' and its lambdas) loaded before its listener starts: 433 to
     * 440 measured (OpenJDK 17, two cores, three runs). On two cores a server's start grows with the CPU the agent adds
     * while it runs, whichever thread that is on, and about half of the agent's own threads' CPU there is loading these
     * classes (some 0.15 ms each: a Tomcat start, async-profiler). A feature that needs more at start raises this with
     * its measured start-up cost.
     */
    private static final int MAX_AGENT_CLASSES_BEFORE_LISTENER = 480;

    @Test
    void theAgentLoadsFewByteBuddyClassesAndInjectsNoneIntoTheApplication() throws Exception {
        Path log = AgentProcess.tempDir("vitals-classes-").resolve("class-load.log");
        try (AgentProcess app = AgentProcess.main(SleeperApp.class)
                .jvmOptions("-Xlog:class+load=info,exceptions=info:file=" + log + ":tid,tags")
                .args("120")
                .start()) {
            app.agentPort(); // the agent has started: instrumentation installed, features and listener up
            List<String> all = Files.readAllLines(log);
            List<String> lines = all.stream().filter(l -> l.contains("[class,load]")).collect(Collectors.toList());
            List<String> byteBuddy = lines.stream().filter(l -> l.contains(BYTE_BUDDY)).collect(Collectors.toList());
            List<String> nexus = byteBuddy.stream().filter(l -> l.contains(".dynamic.Nexus ")).collect(Collectors.toList());
            assertTrue(nexus.isEmpty(), "Byte Buddy's nexus is never set up or injected: " + nexus);
            assertTrue(byteBuddy.size() <= 200, "at most 200 Byte Buddy classes loaded at start, not "
                    + byteBuddy.size() + " (of " + lines.size() + " classes)");
            List<String> advice = byteBuddy.stream().filter(l -> l.contains(BYTE_BUDDY + "asm.Advice "))
                    .collect(Collectors.toList());
            assertTrue(advice.isEmpty(), "Byte Buddy's Advice is not loaded (the agent inlines its own advice): " + advice);
            // Byte Buddy's agent builder (and the subclass of its transformer it generated) is not used at all; its
            // type pools and class builders load only when a class is transformed, and nothing here is.
            List<String> builder = byteBuddy.stream()
                    .filter(l -> l.contains(BYTE_BUDDY + "agent.builder.") || l.contains(BYTE_BUDDY + "dynamic.scaffold.subclass.")
                            || l.contains(BYTE_BUDDY + "implementation.MethodCall") || l.contains(BYTE_BUDDY + "pool.TypePool"))
                    .collect(Collectors.toList());
            assertTrue(builder.isEmpty(), "no agent builder, subclass generation or type pool at start: " + builder);
            // Premain runs on the application's main thread (the one that then loads the main class): whatever it
            // loads delays main. It needs a few Byte Buddy classes at most; a Byte Buddy object in a static field of
            // a class premain touches loads about 170 more there (11 measured).
            String mainThread = lines.stream().filter(l -> l.contains(" " + SleeperApp.class.getName() + " "))
                    .map(l -> l.substring(0, l.indexOf(']') + 1)).findFirst()
                    .orElseThrow(() -> new AssertionError("the main class's load is in the log"));
            long onMain = byteBuddy.stream().filter(l -> l.startsWith(mainThread)).count();
            assertTrue(onMain <= 20, "at most 20 Byte Buddy classes loaded by premain on the main thread, not " + onMain);
            // Premain registers the gate and starts vitals-init, no more: the configuration is read there.
            int mainClass = indexOf(lines, " " + SleeperApp.class.getName() + " ");
            List<String> agentOnMain = lines.subList(0, mainClass).stream()
                    .filter(l -> l.startsWith(mainThread) && l.contains(" dev.vitals.")).collect(Collectors.toList());
            assertTrue(agentOnMain.size() <= MAX_AGENT_CLASSES_ON_MAIN, "at most " + MAX_AGENT_CLASSES_ON_MAIN
                    + " of the agent's classes loaded by premain on the main thread, not " + agentOnMain.size() + ": "
                    + agentOnMain);
            List<String> configOnMain = agentOnMain.stream()
                    .filter(l -> l.contains(" dev.vitals.agent.config.") || l.contains("$$Lambda$"))
                    .collect(Collectors.toList());
            assertTrue(configOnMain.isEmpty(), "premain reads no configuration and runs no lambda: " + configOnMain);
            // Premain reads which server classes to hold from one table: building the instrumentation modules there
            // loaded their 16 classes (and what they refer to) on the main thread, about 20 ms before main.
            List<String> modulesOnMain = lines.stream()
                    .filter(l -> l.startsWith(mainThread) && l.matches(".* dev\\.vitals\\.agent\\.instrumentation\\.\\w+\\.\\w+Instrumentation .*"))
                    .collect(Collectors.toList());
            assertTrue(modulesOnMain.isEmpty(), "premain builds no instrumentation module: " + modulesOnMain);
            // The bootstrap API (some 40 classes) is defined in the boot loader on vitals-init: on the main thread it
            // cost about 30 ms before main.
            List<String> bootstrapOnMain = lines.stream()
                    .filter(l -> l.startsWith(mainThread) && l.contains(" dev.vitals.bootstrap."))
                    .collect(Collectors.toList());
            assertTrue(bootstrapOnMain.isEmpty(), "premain defines no bootstrap class: " + bootstrapOnMain);
            assertTrue(lines.stream().anyMatch(l -> l.contains(" dev.vitals.bootstrap.Vitals source: __JVM_DefineClass__")),
                    "the bootstrap API is defined in the boot loader once the agent has started");
            // Supertypes first: a class defined before its supertype fails with NoClassDefFoundError, wrapped by
            // reflection, two exceptions each (44 classes failed so before).
            List<String> failedDefinitions = all.stream()
                    .filter(l -> l.contains("[exceptions]") && l.contains("NoClassDefFoundError")
                            && l.contains("dev/vitals/bootstrap/"))
                    .collect(Collectors.toList());
            assertTrue(failedDefinitions.isEmpty(), "no bootstrap class is defined before its supertype: " + failedDefinitions);
            // Each lambda the agent runs is a class generated on first use, and some shapes of lambda also make the JDK
            // generate method-handle classes, with ASM while the JVM is still cold: on a Tomcat start the method
            // matchers' and the metric registry's lambdas had the agent's threads generate 19 of those. Counted: the
            // agent's lambda classes loaded before its listener starts, which is premain, the install, the wiring and
            // (here, where the application's start is over at once) the features' start.
            int listener = indexOf(lines, " dev.vitals.exporter.HttpExporter ");
            List<String> lambdas = lines.subList(0, listener).stream()
                    .filter(l -> l.contains(" dev.vitals.") && l.contains("$$Lambda$")).collect(Collectors.toList());
            assertTrue(lambdas.size() <= MAX_LAMBDAS_BEFORE_LISTENER, "at most " + MAX_LAMBDAS_BEFORE_LISTENER
                    + " of the agent's lambdas run before its listener starts, not " + lambdas.size() + ": " + lambdas);
            long agentClasses = lines.subList(0, listener).stream().filter(l -> l.contains(" dev.vitals.")).count();
            assertTrue(agentClasses <= MAX_AGENT_CLASSES_BEFORE_LISTENER, "at most " + MAX_AGENT_CLASSES_BEFORE_LISTENER
                    + " of the agent's classes loaded before its listener starts, not " + agentClasses);
        }
    }

    /** The index of the first line containing {@code text}. */
    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains '" + text.trim() + "'");
    }
}
