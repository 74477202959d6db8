package dev.telltale;

import dev.telltale.internal.util.Strings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Who was affected by an event. Immutable; every field is optional (empty string when unset). */
public final class User {
    /** No user known. */
    public static final User NONE = builder().build();

    private final String id;
    private final String username;
    private final String email;
    private final String ipAddress;
    private final Map<String, String> data;

    private User(Builder b) {
        this.id = b.id;
        this.username = b.username;
        this.email = b.email;
        this.ipAddress = b.ipAddress;
        this.data = b.data.isEmpty()
                ? Collections.<String, String>emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<>(b.data));
    }

    public static User ofId(String id) {
        return builder().id(id).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.username = username;
        b.email = email;
        b.ipAddress = ipAddress;
        b.data.putAll(data);
        return b;
    }

    public String id() {
        return id;
    }

    public String username() {
        return username;
    }

    public String email() {
        return email;
    }

    public String ipAddress() {
        return ipAddress;
    }

    public Map<String, String> data() {
        return data;
    }

    /** True when no field is set. */
    public boolean isEmpty() {
        return id.isEmpty() && username.isEmpty() && email.isEmpty() && ipAddress.isEmpty() && data.isEmpty();
    }

    @Override
    public String toString() {
        return "User{id='" + id + "', username='" + username + "'}";
    }

    public static final class Builder {
        private String id = "";
        private String username = "";
        private String email = "";
        private String ipAddress = "";
        private final LinkedHashMap<String, String> data = new LinkedHashMap<>();

        private Builder() {}

        public Builder id(String id) {
            this.id = Strings.clean(id, 256);
            return this;
        }

        public Builder username(String username) {
            this.username = Strings.clean(username, 256);
            return this;
        }

        public Builder email(String email) {
            this.email = Strings.clean(email, 256);
            return this;
        }

        public Builder ipAddress(String ipAddress) {
            this.ipAddress = Strings.clean(ipAddress, 64);
            return this;
        }

        public Builder data(String key, String value) {
            if (key != null && value != null && data.size() < 32) {
                data.put(Strings.clean(key, 128), Strings.clean(value, 1024));
            }
            return this;
        }

        public User build() {
            return new User(this);
        }
    }
}
