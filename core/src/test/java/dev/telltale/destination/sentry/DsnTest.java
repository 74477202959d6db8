package dev.telltale.destination.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DSNs as the official SDKs read them, and one clear, key-free message for each kind of bad one. */
class DsnTest {
    private static final String KEY = "k3yk3yk3y";
    private static final String SECRET = "s3cr3ts3cr3t";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "https://k3yk3yk3y@o1.ingest.sentry.io/42              | https://o1.ingest.sentry.io/api/42/envelope/              | o1.ingest.sentry.io/42",
                "http://k3yk3yk3y@127.0.0.1:8000/1                     | http://127.0.0.1:8000/api/1/envelope/                     | 127.0.0.1:8000/1",
                "http://k3yk3yk3y:s3cr3ts3cr3t@sentry.local:9000/custom/prefix/7 | http://sentry.local:9000/custom/prefix/api/7/envelope/ | sentry.local:9000/custom/prefix/7",
                "http://k3yk3yk3y@[::1]:8000/3                         | http://[::1]:8000/api/3/envelope/                         | [::1]:8000/3",
                "https://k3yk3yk3y@[2001:db8::7]/3                     | https://[2001:db8::7]/api/3/envelope/                     | [2001:db8::7]/3",
                "http://k3yk3yk3y@host/3/                              | http://host/api/3/envelope/                               | host/3",
                "HTTPS://k3yk3yk3y@Sentry.Example.COM/5                | https://sentry.example.com/api/5/envelope/                | sentry.example.com/5",
                "http://k3yk3yk3y@bugsink_web:8000/1                   | http://bugsink_web:8000/api/1/envelope/                   | bugsink_web:8000/1",
                "https://k3yk3yk3y@host/1?timeout=5#x                  | https://host/api/1/envelope/                              | host/1",
                "'  https://k3yk3yk3y@host/9  '                        | https://host/api/9/envelope/                              | host/9",
            })
    void parsesLikeTheOfficialSdks(String dsn, String envelopeUrl, String location) {
        Dsn d = Dsn.parse(dsn);
        assertEquals(envelopeUrl, d.envelopeUrl());
        assertEquals(location, d.location());
        assertEquals(KEY, d.publicKey());
        assertFalse(d.withoutSecret().contains(SECRET));
        assertTrue(d.withoutSecret().contains(KEY + "@"));
    }

    @Test
    void keepsTheSecretForTheAuthHeaderOnly() {
        Dsn d = Dsn.parse("http://" + KEY + ":" + SECRET + "@host:9000/p/7");
        assertEquals(SECRET, d.secretKey());
        assertEquals("http://" + KEY + "@host:9000/p/7", d.withoutSecret());
        assertEquals("", Dsn.parse("http://" + KEY + "@host/7").secretKey());
        assertEquals(-1, Dsn.parse("http://" + KEY + "@host/7").port());
        assertEquals("/p", d.pathPrefix());
        assertEquals("7", d.projectId());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ftp://k3yk3yk3y@host/1                        | the scheme must be http or https",
                "https://host/1                                | it has no public key",
                "https://:s3cr3ts3cr3t@host/1                  | the public key before '@' is empty",
                "https://k3y k3y@host/1                        | characters a Sentry key never has",
                "https://k3yk3yk3y@/1                          | it has no host",
                "https://k3yk3yk3y@:9000/1                     | it has no host",
                "https://k3yk3yk3y@ho st/1                     | is not a valid host name",
                "https://k3yk3yk3y@host                        | it has no project id",
                "https://k3yk3yk3y@host/                       | it has no project id",
                "https://k3yk3yk3y@host/prefix/abc             | the project id 'abc' is not a number",
                "https://k3yk3yk3y@host:0/1                    | the port 0 is not from 1 to 65535",
                "https://k3yk3yk3y@host:99999/1                | the port 99999 is not from 1 to 65535",
                "https://k3yk3yk3y@host:x/1                    | the port 'x' is not a number",
                "https://k3yk3yk3y@host:/1                     | the port after ':' is empty",
                "https://k3yk3yk3y@[::1/1                      | the IPv6 host has no closing ']'",
                "https://k3yk3yk3y@[zz::1]/1                   | is not an IPv6 address",
                "https://k3yk3yk3y@[::1]x/1                    | unexpected text after the IPv6 host",
                "https://k3yk3yk3y@host//1                     | not a plain URL path",
                "k3yk3yk3y@host/1                              | it is not a URL",
                "''                                            | it is not a URL",
            })
    void saysWhatIsWrongWithoutEchoingTheKey(String dsn, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dsn.parse(dsn));
        assertTrue(e.getMessage().startsWith("not a valid Sentry DSN: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains(KEY), "the message echoes the key: " + e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), "the message echoes the secret: " + e.getMessage());
    }

    @Test
    void aNullDsnIsRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dsn.parse(null));
        assertTrue(e.getMessage().contains("it is not a URL"), e.getMessage());
    }
}
