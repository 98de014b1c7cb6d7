package dev.vitals.exporter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.LogManager;

/**
 * Installed with {@code -Djava.util.logging.manager} in a child JVM: the JDK creates it the moment anything
 * initialises {@code java.util.logging}, which is exactly what an agent must not do before a WildFly- or
 * Spring-style LogManager installs itself. It records who did it in a system property, because even
 * touching this class would initialise its superclass.
 */
public final class TrapLogManager extends LogManager {
    static final String PROPERTY = "vitals.test.jul.initialisedBy";

    public TrapLogManager() {
        StringWriter trace = new StringWriter();
        new Throwable("java.util.logging initialised here").printStackTrace(new PrintWriter(trace));
        System.setProperty(PROPERTY, trace.toString().replace('\n', '|'));
    }
}
