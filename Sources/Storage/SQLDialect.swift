/// The backend a statement is written for, where the two differ.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}
