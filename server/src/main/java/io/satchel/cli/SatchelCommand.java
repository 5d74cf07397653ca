package io.satchel.cli;

import io.satchel.Satchel;
import io.satchel.api.Json;
import io.satchel.api.admin.ProjectView;
import io.satchel.config.InvalidSettingException;
import io.satchel.config.Settings;
import io.satchel.config.SettingsLoader;
import io.satchel.projects.Project;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The root command: with no subcommand it serves. */
@Command(name = "satchel", mixinStandardHelpOptions = true, version = "satchel 0.1.0",
        description = "Self-hosted file infrastructure: uploads, storage, image delivery.",
        subcommands = {SatchelCommand.Serve.class, ProjectCommand.class, io.satchel.migrate.MigrateCommand.class})
public final class SatchelCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new Serve().call();
    }

    /** Loads settings from the environment, or prints which one is wrong. */
    static Settings settings(SettingsLoader loader) {
        try {
            return loader.load();
        } catch (InvalidSettingException e) {
            System.err.println("satchel: invalid setting: " + e.getMessage());
            throw e;
        }
    }

    @Command(name = "serve", description = "Start the server (the default).")
    public static final class Serve implements Callable<Integer> {
        @Override
        public Integer call() {
            SettingsLoader loader = SettingsLoader.fromSystem();
            Settings settings;
            try {
                settings = settings(loader);
            } catch (InvalidSettingException e) {
                return 2;
            }
            System.out.println("Satchel settings:");
            loader.report().forEach((k, v) -> System.out.printf("  %-38s %s%n", k, v));
            Satchel satchel;
            try {
                satchel = Satchel.start(settings);
            } catch (InvalidSettingException e) {
                System.err.println("satchel: cannot start: " + e.getMessage());
                return 2;
            }
            for (Project p : satchel.createdAtStart()) {
                if (settings.bootstrapProjects().isEmpty()) {
                    System.out.println("Created project '" + p.name() + "' (keys shown once):");
                    System.out.println("  " + new String(Json.bytes(ProjectView.of(p))));
                }
            }
            System.out.println("Satchel listening on http://" + settings.host() + ":" + satchel.port()
                    + " (public URL " + satchel.publicUrl() + ")");
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                System.out.println("Satchel stopping: draining requests and handing jobs back.");
                satchel.close();
                stopped.countDown();
            }, "satchel-shutdown"));
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }
}
