package dev.vitals.agent;

import java.io.File;

/** Derives a default {@code service.name} from the command line: the jar's or the main class's name. */
final class ServiceName {
    private ServiceName() {
    }

    static String derive(String javaCommand) {
        if (javaCommand == null || javaCommand.trim().isEmpty()) {
            return "jvm-service";
        }
        String first = javaCommand.trim().split("\\s+")[0];
        if (first.endsWith(".jar")) {
            String name = new File(first).getName();
            return name.substring(0, name.length() - ".jar".length());
        }
        int dot = first.lastIndexOf('.');
        String simple = dot >= 0 ? first.substring(dot + 1) : first;
        return simple.isEmpty() ? "jvm-service" : simple;
    }
}
