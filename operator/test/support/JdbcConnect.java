// Connects with the PostgreSQL JDBC driver to the URL given as the only argument and prints, tab-separated,
// the session's user, database and first schema on its search path: what a Java application would get.
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

public class JdbcConnect {
    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0]);
             ResultSet row = connection.createStatement().executeQuery("SELECT current_user, current_database(), current_schema()")) {
            row.next();
            System.out.println(row.getString(1) + "\t" + row.getString(2) + "\t" + row.getString(3));
        }
    }
}
