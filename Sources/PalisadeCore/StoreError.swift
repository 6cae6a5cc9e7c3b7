import Foundation

/// Why a storage operation refused or failed. The admin API maps each case to an HTTP status.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The named thing does not exist (`device`, `group`, `command`, …).
    case notFound(kind: String, id: String)
    /// The write would break a uniqueness rule (a second group with one name, a second device with one serial).
    case conflict(String)
    /// The operation does not apply to the thing in its current state (cancelling an acknowledged command).
    case invalidState(String)
    /// A paging cursor that this store did not issue.
    case invalidCursor
    /// The database itself failed; the text is for logs, not for API clients.
    case backend(String)

    public var description: String {
        switch self {
        case .notFound(let kind, let id): "no \(kind) with id \(id)"
        case .conflict(let text): text
        case .invalidState(let text): text
        case .invalidCursor: "the cursor is not one this server issued"
        case .backend(let text): "database error: \(text)"
        }
    }
}
