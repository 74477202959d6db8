package dev.telltale.agent.view;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The viewer as a person sees it: a real headless Chromium opens the page over a directory of
 * events written by the real core. Screenshots of the list and of an event page are kept in
 * {@code target/surefire-reports/telltale-view/}.
 */
class ViewerInBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SHOTS = Paths.get("target", "surefire-reports", "telltale-view");
    private static final String ROWS = "document.querySelectorAll('table.issues tbody tr')";

    @TempDir
    Path tmp;

    @Test
    void listsIssuesShowsAnEventPageUpdatesLiveAndRendersHostileTextAsText() throws Exception {
        Path dir = tmp.resolve("events");
        SampleEvents.standardSet(dir);
        Path binary = Chromium.find();
        Assumptions.assumeTrue(binary != null, "SKIPPED: no Chromium found (PATH or -Dtelltale.chromium);"
                + " install it with: apt-get install -y chromium");
        System.out.println("viewer test: browser " + binary);
        try (ViewServer server = ViewServer.start(dir, 0, false);
             Chromium page = Chromium.launch(binary, tmp.resolve("profile"))) {
            page.navigate(server.url());
            page.await("four issues", "document.body.dataset.view === 'issues' && " + ROWS + ".length === 4", WAIT);
            assertEquals("3", rowText(page, "no stock for order", ".count"), "the three occurrences of one bug are one issue");
            assertEquals("1", rowText(page, "checkout failed", ".count"));
            assertEquals("warning", rowText(page, "Inventory low", ".level"));
            assertTrue(rowText(page, "no stock for order", ".culprit").contains("SampleEvents.reserveStock"),
                    "the culprit is the top in-app frame");
            assertEquals(SampleEvents.HOSTILE_MESSAGE, rowText(page, "<img", "td.title a").replaceFirst("^[\\w.]+: ", ""),
                    "the hostile message is listed as text");
            assertNoInjection(page);
            page.screenshot(SHOTS.resolve("issues.png"));

            page.eval(rowExpr("checkout failed") + ".querySelector('td.title a').click()");
            page.await("the event page", "document.body.dataset.view === 'event' && document.querySelectorAll('.exc').length === 3", WAIT);
            assertEquals("java.sql.SQLException", page.text("document.querySelector('.exc.root .type').textContent"),
                    "the root cause is marked");
            assertEquals("1", page.text("String(document.querySelectorAll('.badge.root-cause').length)"));
            assertTrue(page.text("Array.from(document.querySelectorAll('.frame.in-app')).map(f => f.textContent).join('\\n')")
                    .contains("SampleEvents.chargeCard"), "in-app frames are highlighted");
            String crumbs = page.text("Array.from(document.querySelectorAll('.crumbs li')).map(l => l.textContent).join('\\n')");
            assertTrue(crumbs.contains("cart submitted") && crumbs.contains("items=3") && crumbs.contains("slow query"), crumbs);
            String journey = page.text("Array.from(document.querySelectorAll('.journey li')).map(l => l.textContent).join('\\n')");
            assertTrue(journey.contains("GET /products") && journey.contains("POST /cart/add"), journey);
            String body = page.text("document.querySelector('main').innerText");
            for (String expected : new String[] {"POST http://shop.local/checkout?step=pay", "u-1042", "eu-west",
                                                 "Context: order", "99.90", "Caused by:", "Raw JSON", "\"eventId\""}) {
                assertTrue(body.contains(expected), "the event page shows " + expected);
            }
            page.screenshot(SHOTS.resolve("event.png"));

            page.eval("location.hash = '#/'");
            page.await("the list again", "document.body.dataset.view === 'issues' && " + ROWS + ".length === 4", WAIT);
            page.eval(rowExpr("<img") + ".querySelector('td.title a').click()");
            page.await("the hostile event", "document.body.dataset.view === 'event'", WAIT);
            assertTrue(page.text("document.querySelector('h1').textContent").endsWith(SampleEvents.HOSTILE_MESSAGE));
            assertTrue(page.text("document.querySelector('.crumbs').textContent").contains(SampleEvents.HOSTILE_CRUMB));
            assertTrue(page.text("document.querySelector('main').innerText").contains("<b>bold</b>"));
            assertNoInjection(page);

            page.eval("location.hash = '#/'");
            page.await("the list again", "document.body.dataset.view === 'issues' && " + ROWS + ".length === 4", WAIT);
            SampleEvents.newBug(dir);
            SampleEvents.write(dir, c -> {
                try {
                    SampleEvents.reserveStock(5);
                } catch (IllegalStateException e) {
                    c.captureException(e);
                }
            });
            page.await("the new issue and the new count without a reload", ROWS + ".length === 5 && "
                    + rowExpr("refunds are not implemented") + " && " + rowExpr("no stock for order")
                    + ".querySelector('.count').textContent === '4'", WAIT);
            assertNoInjection(page);
        }
    }

    private static String rowExpr(String titlePart) {
        return "Array.from(" + ROWS + ").find(r => r.querySelector('td.title a').textContent.includes("
                + jsString(titlePart) + "))";
    }

    private static String rowText(Chromium page, String titlePart, String selector) throws Exception {
        return page.text("(" + rowExpr(titlePart) + " || document).querySelector(" + jsString(selector) + ").textContent");
    }

    private static void assertNoInjection(Chromium page) throws Exception {
        assertEquals("0", page.text("String(document.querySelectorAll('main img, main script, main [onerror]').length)"),
                "no element came from an event's text");
        assertNull(page.eval("document.body.getAttribute('data-pwned')"), "no script from an event ran");
    }

    private static String jsString(String s) {
        return SentryEventConverter.flat(java.util.Collections.singletonList(s)).replaceAll("^\\[|\\]$", "");
    }
}
