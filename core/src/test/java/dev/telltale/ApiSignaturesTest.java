package dev.telltale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.telltale.testkit.ApiDump;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public line of core: what users and integrations compile against is written down in
 * {@code core/api/telltale-core.api}; a change to it fails here until the file is regenerated
 * ({@code -Dtelltale.api.update=true}) and committed, so that it is a decision seen in review.
 */
class ApiSignaturesTest {
    /** Packages with no compatibility promise: not in the dump. */
    static boolean isPublicPackage(String pkg) {
        return pkg.equals("dev.telltale")
                || pkg.startsWith("dev.telltale.")
                        && !pkg.equals("dev.telltale.internal")
                        && !pkg.startsWith("dev.telltale.internal.")
                        && !pkg.equals("dev.telltale.processing")
                        && !pkg.equals("dev.telltale.destination.support");
    }

    private static Path classes() throws URISyntaxException {
        return Paths.get(Telltale.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    @Test
    void thePublicApiIsTheCommittedOne() throws Exception {
        ApiDump.check(classes(), ApiSignaturesTest::isPublicPackage, Paths.get("api", "telltale-core.api"));
    }

    @Test
    void theDumpSeesPublicTypesAndLeavesInternalOnesOut() throws Exception {
        String dump = ApiDump.dump(classes(), ApiSignaturesTest::isPublicPackage);
        assertTrue(dump.contains("public final class dev.telltale.Telltale\n"), "the facade is listed");
        assertTrue(dump.contains("  public static dev.telltale.TelltaleClient dev.telltale.Telltale.init()\n"));
        assertTrue(
                dump.contains("public final class dev.telltale.integration.Reentrancy\n"),
                "the integration entry point");
        assertTrue(!dump.contains("class dev.telltale.internal."), "no internal class is described");
        assertTrue(!dump.contains("ScopeStorage"), "a package-private class is not public API");
    }

    /**
     * The one exception: the agent's command line ({@code AgentCli*}) is Telltale's own tool, shipped
     * with core inside the agent jar: it builds destinations and reads the outbox and backends
     * ({@code internal.check}, the registry) as core does. Its {@code view} command
     * ({@code agent/view}) reads event files with core's one JSON reader ({@code internal.json}).
     * An integration is never such a tool.
     */
    private static boolean cliTooling(String module, Path file, String line) {
        if (!module.equals("agent")) {
            return false;
        }
        return file.getFileName().toString().startsWith("AgentCli")
                || file.getParent().getFileName().toString().equals("view")
                        && line.contains("dev.telltale.internal.json.");
    }

    /** Integrations reach core through its public packages and {@code dev.telltale.integration} only. */
    @Test
    void noOtherModulesMainCodeImportsCoreInternals() throws IOException {
        Path root = Paths.get("").toAbsolutePath().getParent();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        for (String module : new String[] {"agent", "logback-appender", "servlet-filter", "examples"}) {
            Path src = root.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(src)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(src)) {
                files = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
            }
            for (Path f : files) {
                scanned++;
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains("dev.telltale.internal.") && !cliTooling(module, f, lines.get(i))) {
                        offenders.add(root.relativize(f) + ":" + (i + 1) + ": "
                                + lines.get(i).trim());
                    }
                }
            }
        }
        assertTrue(scanned > 0, "the other modules' sources were found under " + root);
        assertEquals(new ArrayList<String>(), offenders, "use dev.telltale.integration (or a public package) instead");
    }
}
