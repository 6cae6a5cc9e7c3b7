/// The sink for a scan that only judges a body (`PropertyListGuard.inspect`): it keeps nothing, and leaves duplicate
/// keys to the scanner.
struct PropertyListScanOnly: XMLPropertyListSink {
    static var refusesDuplicateKeys: Bool { false }

    mutating func openContainer(isDictionary: Bool) {}
    mutating func closeContainer() {}
    mutating func key(_ text: UnsafeRawBufferPointer, hasReferences: Bool, offset: Int) throws(PropertyListRefusal) {}
    mutating func leaf(_ kind: XMLPropertyListLeaf, text: UnsafeRawBufferPointer?, hasReferences: Bool) {}
    mutating func markupFoundationCannotRead() {}
}
