package io.satchel;

import io.satchel.cli.SatchelCommand;
import picocli.CommandLine;

/** {@code java -jar satchel.jar [serve | project …]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureLogging();
        int code = new CommandLine(new SatchelCommand()).execute(args);
        if (code != 0 || args.length > 0 && !args[0].equals("serve")) System.exit(code);
    }

    /** One line per log record, libraries at WARNING, unless the user brought a logging configuration. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        try (var in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null) java.util.logging.LogManager.getLogManager().readConfiguration(in);
        } catch (java.io.IOException e) {
            System.err.println("satchel: default logging configuration unreadable: " + e);
        }
    }
}
