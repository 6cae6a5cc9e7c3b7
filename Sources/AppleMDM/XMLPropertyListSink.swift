/// What `XMLPropertyListScanner` tells as it accepts each part of a document, in document order, so that the one
/// scan that guards a body can also build its value.
///
/// Calls come only for parts the scanner has already checked; `<plist>` itself is not reported. A self-closing
/// `<array/>` or `<dict/>` is reported as a container opened and closed at once.
protocol XMLPropertyListSink {
    /// Whether the sink refuses duplicate keys itself (it sees every key's text when it builds dictionaries), so the
    /// scanner need not keep its own record of the keys of every open dictionary.
    static var refusesDuplicateKeys: Bool { get }

    mutating func openContainer(isDictionary: Bool)
    mutating func closeContainer()
    /// A `<key>`'s text as written (references not expanded); `offset` is where its tag starts.
    mutating func key(_ text: UnsafeRawBufferPointer, hasReferences: Bool, offset: Int) throws(PropertyListRefusal)
    /// A leaf value; `text` is `nil` for a self-closing element (`<string/>`, `<true/>`).
    mutating func leaf(_ kind: XMLPropertyListLeaf, text: UnsafeRawBufferPointer?, hasReferences: Bool)
    /// Markup the guard accepts but `PropertyListSerialization` could not read, so that decoding refused the body
    /// (a `>` inside the `<plist>` tag's quoted version).
    mutating func markupFoundationCannotRead()
}

/// The leaf elements of Apple's property-list DTD.
enum XMLPropertyListLeaf: Sendable {
    case string, integer, real, date, data, trueValue, falseValue
}
