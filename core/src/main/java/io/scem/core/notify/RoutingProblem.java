package io.scem.core.notify;

/** One problem of a routing file, printed {@code routing.yaml:12: message} like a compiler's. */
public record RoutingProblem(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
