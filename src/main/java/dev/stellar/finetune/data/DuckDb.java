package dev.stellar.finetune.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBDriver;

/**
 * In-memory DuckDB connections that read only the data files they are opened for: no other file, no network,
 * no extension installed or loaded on the fly, and a configuration that SQL cannot change back.
 */
final class DuckDb {

    private DuckDb() {}

    /**
     * Loads DuckDB's native library on a daemon thread. The driver unpacks its 72 MB library from the jar into a
     * temporary file on every JVM start, 0.7-0.8 s on issue 16's Xeon; begun beside the engine's start, it is done
     * before the first file is read. A failure is left for the reading itself to report, with its file.
     */
    static void loadInBackground() {
        Thread loader = new Thread(
                () -> {
                    try (Connection ignored = new DuckDBDriver().connect("jdbc:duckdb:", new Properties())) {
                        // Loading the library is the whole point: the first real connection then opens at once.
                    } catch (SQLException | RuntimeException | LinkageError e) {
                        // The reading that follows opens its own connection and reports the failure with its file.
                    }
                },
                "duckdb-loader");
        loader.setDaemon(true);
        loader.start();
    }

    /**
     * A connection that may read {@code files} and nothing else. The driver itself, not DriverManager:
     * DriverManager only sees drivers of the caller's class loader.
     */
    static Connection reading(Collection<Path> files) throws SQLException {
        Connection connection = new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
        // Each file as the queries name it (its glob escaped) and as DuckDB checks it after expanding that.
        String allowed = files.stream()
                .flatMap(f -> Stream.of(f.toString(), pattern(f)))
                .distinct()
                .map(DuckDb::quoted)
                .collect(Collectors.joining(", ", "[", "]"));
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET autoinstall_known_extensions=false");
            statement.execute("SET autoload_known_extensions=false");
            statement.execute("SET allow_community_extensions=false");
            statement.execute("SET allowed_paths=" + allowed);
            // Last but one: from here on only allowed_paths can be opened (no http, no other file, no COPY TO).
            statement.execute("SET enable_external_access=false");
            statement.execute("SET lock_configuration=true");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * The file's path as an SQL string that DuckDB reads literally: DuckDB globs every path (a list of paths
     * too), so a file named train[1].csv would silently read train1.csv.
     */
    static String pathLiteral(Path file) {
        return quoted(pattern(file));
    }

    /** The path as a glob that matches only itself: each glob character becomes a one-character class. */
    static String pattern(Path file) {
        StringBuilder escaped = new StringBuilder();
        for (char c : file.toString().toCharArray()) {
            if (c == '[' || c == '*' || c == '?') {
                escaped.append('[').append(c).append(']');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String quoted(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
