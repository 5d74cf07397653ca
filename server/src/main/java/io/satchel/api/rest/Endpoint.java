package io.satchel.api.rest;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** One REST path: what each method it allows does. HEAD runs the GET action (the body is dropped). */
final class Endpoint {
    interface Action {
        void run(RestRequest r) throws IOException;
    }

    private final Map<String, Action> actions = new TreeMap<>();

    static Endpoint on(String method, Action action) {
        return new Endpoint().and(method, action);
    }

    Endpoint and(String method, Action action) {
        actions.put(method, action);
        return this;
    }

    /** The action for {@code method}, or null when the path does not allow it. */
    Action action(String method) {
        return actions.get(method.equals("HEAD") ? "GET" : method);
    }

    /** The {@code Allow} header's value. */
    String allow() {
        return String.join(", ", actions.keySet());
    }
}
