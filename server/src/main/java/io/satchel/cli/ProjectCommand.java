package io.satchel.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.satchel.api.Json;
import io.satchel.api.admin.ProjectView;
import io.satchel.catalog.Database;
import io.satchel.config.InvalidSettingException;
import io.satchel.config.Settings;
import io.satchel.config.SettingsLoader;
import io.satchel.errors.Failure;
import io.satchel.projects.Project;
import io.satchel.projects.Projects;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code project create|list|show|set|rotate-secret}: admin commands on the catalog the settings point
 * at (also while a server runs on it). Results are JSON on standard output; errors go to standard error.
 */
@Command(name = "project", description = "Manage projects (tenants) and their keys.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.ListAll.class, ProjectCommand.Show.class,
                ProjectCommand.Set.class, ProjectCommand.RotateSecret.class})
public final class ProjectCommand {

    static int run(Function<Projects, Object> action) {
        Settings settings;
        try {
            settings = SatchelCommand.settings(SettingsLoader.fromSystem());
        } catch (InvalidSettingException e) {
            return 2;
        }
        try (Database db = Database.open(settings)) {
            Object result = action.apply(new Projects(db.jdbi(), Clock.systemUTC()));
            System.out.println(new String(Json.bytes(result)));
            return 0;
        } catch (Failure f) {
            System.err.println("satchel: " + f.getMessage());
            return 1;
        }
    }

    @Command(name = "create", description = "Create a project with new keys.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", description = "project name") String name;

        @Override
        public Integer call() {
            return run(p -> ProjectView.of(p.create(name)));
        }
    }

    @Command(name = "list", description = "List projects as a JSON array.")
    static final class ListAll implements Callable<Integer> {
        @Override
        public Integer call() {
            return run(p -> {
                ArrayNode arr = Json.MAPPER.createArrayNode();
                for (Project project : p.all()) arr.add(ProjectView.of(project));
                return arr;
            });
        }
    }

    @Command(name = "show", description = "Show one project.")
    static final class Show implements Callable<Integer> {
        @Parameters(index = "0", description = "project name") String name;

        @Override
        public Integer call() {
            return run(p -> ProjectView.of(p.require(name)));
        }
    }

    @Command(name = "set", description = "Change settings: autostore, signed_uploads, secure_delivery, "
            + "max_upload_bytes, allowed_mime_types, eager_variants (key=value …).")
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", description = "project name") String name;
        @Parameters(index = "1..*", arity = "1..*", description = "key=value") List<String> pairs;

        @Override
        public Integer call() {
            Map<String, String> changes = new LinkedHashMap<>();
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    System.err.println("satchel: expected key=value, got " + pair);
                    return 2;
                }
                changes.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return run(p -> ProjectView.of(p.set(name, changes)));
        }
    }

    @Command(name = "rotate-secret", description = "Replace the project's secret key.")
    static final class RotateSecret implements Callable<Integer> {
        @Parameters(index = "0", description = "project name") String name;

        @Override
        public Integer call() {
            return run(p -> ProjectView.of(p.rotateSecret(name)));
        }
    }
}
