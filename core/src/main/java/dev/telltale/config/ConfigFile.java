package dev.telltale.config;

import dev.telltale.internal.util.Strings;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The {@code telltale.properties} source, read defensively: it may name anything, hold anything. */
final class ConfigFile {
    private ConfigFile() {}

    /** Largest {@code telltale.properties} read; anything bigger is not a configuration file. */
    static final int MAX_FILE_BYTES = 1 << 20;

    /**
     * Reads {@code telltale.properties} from the given path, else from the classpath root. Only a
     * regular file is opened (a FIFO would block {@code init()}, a device never ends), at most
     * {@link #MAX_FILE_BYTES} are read, and a file that does not parse is skipped with one line naming
     * the file and the line: the other sources still apply.
     */
    static Map<String, String> load(String sysPath, String envPath, List<String> problems) {
        String path = !Strings.isBlank(sysPath) ? sysPath : envPath;
        String text = null;
        String where;
        if (!Strings.isBlank(path)) {
            where = "telltale.config '" + Strings.bound(path.trim(), 200) + "'";
            text = readRegularFile(path.trim(), where, problems);
        } else {
            where = "telltale.properties on the classpath";
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            if (cl == null) {
                cl = ConfigFile.class.getClassLoader();
            }
            if (cl != null) {
                try (InputStream in = cl.getResourceAsStream("telltale.properties")) {
                    if (in != null) {
                        text = readBounded(in, where, problems);
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(where + " could not be read: " + e.getClass().getSimpleName());
                }
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (text == null) {
            return m;
        }
        Properties p = parse(text, where, problems);
        for (String name : p.stringPropertyNames()) {
            ConfigKey k = ConfigKey.forKey(name);
            if (k != null) {
                m.put(k.key(), p.getProperty(name));
            }
        }
        return m;
    }

    private static String readRegularFile(String path, String where, List<String> problems) {
        Path file;
        try {
            file = Paths.get(path);
        } catch (InvalidPathException e) {
            problems.add(where + ": not a valid path; expected a readable properties file");
            return null;
        }
        try {
            if (!Files.isRegularFile(file)) {
                problems.add(where + ": " + (Files.exists(file) ? "not a regular file" : "no such file")
                        + "; expected a readable properties file");
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                return readBounded(in, where, problems);
            }
        } catch (IOException | RuntimeException e) {
            problems.add(where + ": cannot read it (" + e.getClass().getSimpleName()
                    + "); expected a readable properties file");
            return null;
        }
    }

    /** At most {@link #MAX_FILE_BYTES}; UTF-8, else ISO-8859-1 (the classic properties encoding). */
    private static String readBounded(InputStream in, String where, List<String> problems) throws IOException {
        byte[] buf = new byte[8192];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_FILE_BYTES) {
                problems.add(where + ": larger than " + MAX_FILE_BYTES + " bytes; not read");
                return null;
            }
            out.write(buf, 0, n);
        }
        byte[] bytes = out.toByteArray();
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    /** Parses the whole text; a malformed line (a bad {@code \\uXXXX}) skips the file with one line naming it. */
    private static Properties parse(String text, String where, List<String> problems) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
            return p;
        } catch (IOException | RuntimeException e) {
            problems.add(where + ": " + describeBadLine(text) + "; the file is ignored, the other sources apply");
            return new Properties();
        }
    }

    /** "line N (key 'k') has a malformed \\uXXXX escape": the key, never the value. */
    private static String describeBadLine(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            try {
                new Properties().load(new StringReader(lines[i].endsWith("\\") ? lines[i] + "\\" : lines[i]));
            } catch (IOException | RuntimeException e) {
                String line = lines[i].trim();
                int sep = 0;
                while (sep < line.length() && "=: \t".indexOf(line.charAt(sep)) < 0) {
                    sep++;
                }
                String key = line.substring(0, sep);
                return "line " + (i + 1) + (ConfigKey.forKey(key) != null ? " (key '" + key + "')" : "")
                        + " has a malformed \\uXXXX escape";
            }
        }
        return "it is not a valid properties file";
    }
}
