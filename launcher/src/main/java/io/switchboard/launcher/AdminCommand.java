package io.switchboard.launcher;

import io.switchboard.infra.SchemaMigrator;
import io.switchboard.store.Accounts;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * {@code ./switchboard admin}: accounts managed straight in the configured database (the
 * {@code QUARKUS_DATASOURCE_*} variables the services use), so the first admin of a production install never comes
 * from the dev seed, and a locked-out admin gets back in.
 * <ul>
 *   <li>{@code create-user <username> [--role admin|operator] [--display-name NAME] [password source]}</li>
 *   <li>{@code reset-password <username> [password source]}: also reactivates the account and ends its sessions</li>
 * </ul>
 * The password is typed twice without echo, or read from {@code --password-file FILE} (its first line) or
 * {@code --password-env VARIABLE}; never from the command line, where every user of the machine could read it.
 */
final class AdminCommand {
    /** bcrypt cost, as message-api's {@code BcryptUtil.bcryptHash} uses. */
    private static final int BCRYPT_COST = 10;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Console console;

    AdminCommand(Map<String, String> env, PrintStream out, PrintStream err, Console console) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.console = console;
    }

    static String usage() {
        return """
                usage: ./switchboard admin create-user <username> [--role admin|operator] [--display-name NAME]
                                                       [--password-file FILE | --password-env VARIABLE]
                       ./switchboard admin reset-password <username> [--password-file FILE | --password-env VARIABLE]
                  Works on the database in QUARKUS_DATASOURCE_JDBC_URL / _USERNAME / _PASSWORD (the services'
                  settings), migrating its schema first. Without a password option the password is asked for
                  twice, without echo. create-user makes an admin unless --role operator.""";
    }

    int run(String[] args) {
        if (args.length < 2 || args[1].startsWith("--")) {
            err.println(usage());
            return 2;
        }
        String command = args[0];
        String username = args[1].trim();
        String role = Accounts.ADMIN;
        String displayName = null;
        String passwordFile = null;
        String passwordEnv = null;
        for (int i = 2; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                err.println("option " + args[i] + " needs a value\n" + usage());
                return 2;
            }
            switch (args[i]) {
                case "--role" -> role = value;
                case "--display-name" -> displayName = value;
                case "--password-file" -> passwordFile = value;
                case "--password-env" -> passwordEnv = value;
                default -> {
                    err.println("unknown option: " + args[i] + "\n" + usage());
                    return 2;
                }
            }
            i++;
        }
        if (!command.equals("create-user") && !command.equals("reset-password")) {
            err.println("unknown admin command: " + command + "\n" + usage());
            return 2;
        }
        Optional<String> problem = Accounts.usernameProblem(username);
        if (problem.isEmpty() && !Accounts.ADMIN.equals(role) && !Accounts.OPERATOR.equals(role)) {
            problem = Optional.of("--role must be admin or operator");
        }
        if (problem.isPresent()) {
            err.println(problem.get());
            return 2;
        }
        String jdbcUrl = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            err.println("Set QUARKUS_DATASOURCE_JDBC_URL, QUARKUS_DATASOURCE_USERNAME and QUARKUS_DATASOURCE_PASSWORD"
                    + " to the database the services use (e.g. jdbc:postgresql://db:5432/switchboard).");
            return 2;
        }
        char[] password;
        try {
            password = password(passwordFile, passwordEnv);
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            String text = new String(password);
            Optional<String> weak = Accounts.passwordProblem(text, "the password");
            if (weak.isPresent()) {
                err.println(weak.get());
                return 2;
            }
            String user = env.getOrDefault("QUARKUS_DATASOURCE_USERNAME", "");
            String dbPassword = env.getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "");
            SchemaMigrator.migrate(jdbcUrl, user, dbPassword);
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, dbPassword)) {
                return command.equals("create-user")
                        ? create(c, username, role, displayName == null ? username : displayName, hash(text))
                        : reset(c, username, hash(text));
            }
        } catch (SQLException | RuntimeException e) {
            err.println("The database refused: " + e.getMessage());
            return 1;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private int create(Connection c, String username, String role, String displayName, String hash)
            throws SQLException {
        return change(c, "INSERT INTO users (username, password_hash, display_name, role)"
                        + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING id",
                List.of(username, hash, displayName, role),
                "A user named \"" + username + "\" exists already; use ./switchboard admin reset-password " + username
                        + " to set a new password.",
                rs -> "Created " + role + " \"" + username + "\" (id " + rs.getLong(1) + "); sign in at /admin/.");
    }

    private int reset(Connection c, String username, String hash) throws SQLException {
        return change(c, "UPDATE users SET password_hash = ?, active = TRUE, token_version = token_version + 1"
                        + " WHERE username = ? RETURNING id, role",
                List.of(hash, username),
                "There is no user named \"" + username + "\"; create it with ./switchboard admin create-user "
                        + username + ".",
                rs -> "New password set for " + rs.getString(2) + " \"" + username + "\" (id " + rs.getLong(1)
                        + "); the account is active, and its earlier sessions end (open sockets within"
                        + " the 30 s revocation recheck).");
    }

    /** What is said of the row a statement returned. */
    @FunctionalInterface
    private interface RowMessage {
        String of(ResultSet rs) throws SQLException;
    }

    /**
     * Runs a statement that returns the row it changed: prints {@code refused} and answers 1 when it changed none,
     * else prints what {@code done} says of the row and answers 0.
     *
     * <p>Plain JDBC, and why: this is a command-line tool, not a service. It runs once against the configured
     * database, before or without any service, and these two statements are all the persistence it does; it carries
     * no Hibernate, so there is no session to run them through.
     */
    private int change(Connection c, String sql, List<String> params, String refused, RowMessage done)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    err.println(refused);
                    return 1;
                }
                out.println(done.of(rs));
                return 0;
            }
        }
    }

    private char[] password(String file, String variable) throws IOException {
        if (file != null && variable != null) {
            throw new IllegalArgumentException("give either --password-file or --password-env, not both");
        }
        if (file != null) {
            String first = Files.readString(Path.of(file), StandardCharsets.UTF_8).lines().findFirst().orElse("");
            return first.toCharArray();
        }
        if (variable != null) {
            String v = env.get(variable);
            if (v == null || v.isEmpty()) {
                throw new IllegalArgumentException("the environment variable " + variable + " is not set");
            }
            return v.toCharArray();
        }
        if (console == null) {
            throw new IllegalArgumentException("no terminal to type the password in: pass --password-file FILE or"
                    + " --password-env VARIABLE");
        }
        char[] first = console.readPassword("New password: ");
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the two passwords differ; nothing was changed");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    /** A {@code $2a$} bcrypt hash, the format message-api checks logins against. */
    static String hash(String password) {
        try {
            byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
            new SecureRandom().nextBytes(salt);
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
                    new WildFlyElytronPasswordProvider());
            BCryptPassword hashed = (BCryptPassword) factory.generatePassword(new EncryptablePasswordSpec(
                    password.toCharArray(), new IteratedSaltedPasswordAlgorithmSpec(BCRYPT_COST, salt)));
            return ModularCrypt.encodeAsString(hashed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("bcrypt is not available", e);
        }
    }
}
