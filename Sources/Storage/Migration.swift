/// One numbered step of the schema. Steps are applied in order, each in its own transaction, and recorded so
/// that none runs twice.
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]
}
