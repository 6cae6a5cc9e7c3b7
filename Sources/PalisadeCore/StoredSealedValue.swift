import Foundation

/// A sealed item's stored value and the row it belongs to (the row's key, which its sealed name is made from).
public struct StoredSealedValue: Sendable, Hashable {
    public var row: String
    public var value: Data

    public init(row: String, value: Data) {
        self.row = row
        self.value = value
    }
}
