package dev.stellar.finetune.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.duckdb.DuckDBDriver;

/** In-memory DuckDB connections for reading data files. */
final class DuckDb {

    private DuckDb() {
    }

    /** The driver itself, not DriverManager: DriverManager only sees drivers of the caller's class loader. */
    static Connection connect() throws SQLException {
        return new DuckDBDriver().connect("jdbc:duckdb:", new Properties());
    }
}
