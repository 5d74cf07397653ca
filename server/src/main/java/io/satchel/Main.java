package io.satchel;

import io.satchel.cli.SatchelCommand;
import picocli.CommandLine;

/** {@code java -jar satchel.jar [serve | project …]}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = new CommandLine(new SatchelCommand()).execute(args);
        if (code != 0 || args.length > 0 && !args[0].equals("serve")) System.exit(code);
    }
}
