/// A failure reported by the database, sorted into the kinds the stores react to.
public struct SQLError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A unique or primary-key constraint refused the write.
        case uniqueViolation
        /// A foreign-key constraint refused the write.
        case foreignKeyViolation
        /// Anything else: connection lost, syntax, disk full.
        case other
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
