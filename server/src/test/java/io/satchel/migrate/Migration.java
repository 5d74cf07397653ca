package io.satchel.migrate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;

/** One run of {@code satchel migrate …} in this JVM, its settings from {@code environment} only. */
record Migration(int code, String out, String err) {

    static Migration run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = new CommandLine(new MigrateCommand(environment, o, e)).execute(args);
        }
        Migration m = new Migration(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("satchel migrate " + String.join(" ", args) + " -> " + code + "\n" + m.out + m.err);
        return m;
    }

    /** The summary line of one table: rows, new, changed, removed, verified. */
    String table(String name) {
        return out.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> l.replaceAll("\\s+", " ").trim())
                .orElseThrow(() -> new AssertionError("no line for " + name + " in\n" + out));
    }
}
