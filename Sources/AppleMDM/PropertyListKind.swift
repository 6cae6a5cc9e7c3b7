/// The eight kinds of value a property list can hold; used to say what a key held and what it should have held.
public enum PropertyListKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case string
    case integer
    case real
    case bool
    case date
    case data
    case array
    case dictionary

    public var description: String { rawValue }
}
