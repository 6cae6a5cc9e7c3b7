import Foundation

/// Every sealed value of one kind at once, for key rotation and its status; ordinary reads and writes of sealed
/// values go through the store of their concern.
public protocol SealedValueStore: Sendable {
    /// Every stored value of `item` (rows without one are left out), ordered by row.
    func sealedValues(of item: SealedItem) async throws -> [StoredSealedValue]
    /// Offers every stored value of `item` to `rewrite` and stores what it returns in place of the value (`nil`
    /// leaves the row alone), all in one transaction that holds the rows against concurrent writers: if `rewrite`
    /// throws, nothing of `item` changes. Returns how many rows changed.
    func rewriteSealedValues(of item: SealedItem, _ rewrite: @Sendable (StoredSealedValue) throws -> Data?) async throws -> Int
}
