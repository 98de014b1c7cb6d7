package dev.vitals.benchmarks;

/** Reading a Prometheus text exposition (an agent's {@code /metrics}) for the checks that an agent recorded a path. */
final class Exposition {
    private Exposition() {
    }

    /** The sum of every sample of {@code name}, whatever its labels. */
    static double sum(String exposition, String name) {
        return sum(exposition, name, "");
    }

    /** The sum of the samples of {@code name} whose line contains {@code label} (e.g. {@code route="/x"}). */
    static double sum(String exposition, String name, String label) {
        double total = 0;
        for (String line : exposition.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
