package dev.telltale.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadApiUriTest {

    @Test
    void takesKindSchemeTokenHostPortPathAndQueryApart() {
        ReadApiUri u = ReadApiUri.parse("bugsink-api+http://t%40k%2Fn@Bugs.Example:8000/api/canonical?team=a%20b&x=1");
        assertEquals("bugsink-api", u.kind);
        assertEquals("http", u.scheme);
        assertEquals("t@k/n", u.token, "the token is percent-decoded");
        assertEquals("bugs.example", u.host);
        assertEquals(8000, u.port);
        assertEquals(Arrays.asList("api", "canonical"), u.path);
        assertEquals("a b", u.query.get("team"));
        assertEquals("1", u.query.get("x"));
        assertEquals("http://bugs.example:8000/api", u.base(1));
        assertEquals("bugsink-api(bugs.example:8000/api/canonical)", u.toString());
    }

    @Test
    void defaultsToHttpsWithoutPortOrPath() {
        ReadApiUri u = ReadApiUri.parse("sentry-api://tok@[::1]");
        assertEquals("https", u.scheme);
        assertEquals("[::1]", u.host);
        assertEquals(-1, u.port);
        assertEquals(Collections.emptyList(), u.path);
    }

    @Test
    void refusesBadEntriesWithMessagesThatNeverShowTheToken() {
        String secret = "s3cr3tT0ken";
        for (String bad : new String[] {
            "sentry-api://" + secret + "@host:0/x",
            "sentry-api://" + secret + "@ho st/x",
            "sentry-api://" + secret,
            "sentry-api://@host",
            "nope-api://" + secret + "@host",
            "sentry-api+ftp://" + secret + "@h",
            secret
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadApiUri.parse(bad), bad);
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        assertTrue(
                assertThrows(IllegalArgumentException.class, () -> ReadApiUri.parse("sentry-api://tok@host:99999"))
                        .getMessage()
                        .startsWith("sentry-api: "),
                "a problem of a known kind names the kind");
    }

    @Test
    void aBadEntryOfAListIsOneProblemAndTheOthersAreKept() {
        List<String> problems = new ArrayList<>();
        List<ReadApiUri> ok = ReadApiUri.parseAll("bugsnag-api://a@h1, bogus, ,bugnet-api://b@h2", problems);
        assertEquals(2, ok.size());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("read-api entry skipped: "), problems.get(0));
    }
}
