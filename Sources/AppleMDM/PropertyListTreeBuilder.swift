import Foundation

/// Builds a document's `PropertyListValue` while `XMLPropertyListScanner` checks it, reading every value as
/// `PropertyListSerialization` read it when it decoded device bodies (see `XMLPropertyListText`), so that a body
/// decodes to the same value, or is refused for the same reason, as it was then.
///
/// Before, the guard scanned the whole body, then Foundation read the whole of it, then the result was converted:
/// a guard refusal anywhere won over text Foundation could not read (`unreadable`), which won over a value
/// `PropertyListValue` cannot hold (`unsupportedValue`). So those two are remembered, not thrown, and `value()`
/// reports them only after the scan has passed. Building goes on past them with a stand-in value, so that duplicate
/// keys are still found.
///
/// Duplicate keys are refused here rather than by the scanner: two keys are the same when they decode to equal Swift
/// strings, or are equal once the line ends written in them are read as line feeds (the scanner's rule). Beyond what
/// the scanner's byte comparison refuses, that refuses keys that differ only in Unicode normalisation (`é` written
/// precomposed and decomposed) and a carriage return written as `&#13;` beside one written as itself: Foundation
/// stored such keys as one entry, keeping only one of the values.
struct PropertyListTreeBuilder: XMLPropertyListSink {
    static var refusesDuplicateKeys: Bool { true }

    private struct Container {
        let isDictionary: Bool
        var items: [PropertyListValue] = []
        var entries: [String: PropertyListValue] = [:]
        /// The key waiting for its value.
        var key = ""
        /// Every key so far as compared for duplicates, kept only once a key with a carriage return appears; until
        /// then the keys of `entries` are exactly that.
        var comparedKeys: Set<String>?
    }

    /// Foundation refused arrays and dictionaries nested deeper than this, whatever the guard's own limit.
    static let maximumNesting = 512

    private var stack: [Container] = []
    private var root: PropertyListValue?
    private var unreadable = false
    private var unsupported: PropertyListRefusal?

    init() {
        stack.reserveCapacity(8)
    }

    /// The document's value, once the scan has passed.
    func value() throws(PropertyListRefusal) -> PropertyListValue {
        if unreadable { throw PropertyListRefusal(.unreadable) }
        if let unsupported { throw unsupported }
        guard let root else { throw PropertyListRefusal(.unreadable) }
        return root
    }

    mutating func openContainer(isDictionary: Bool) {
        var container = Container(isDictionary: isDictionary)
        // A dictionary grown one key at a time is rehashed at every doubling; device dictionaries hold a handful
        // to a few dozen keys, so start with room for a dozen.
        if isDictionary { container.entries.reserveCapacity(12) }
        stack.append(container)
        if stack.count > Self.maximumNesting { unreadable = true }
    }

    mutating func closeContainer() {
        let container = stack.removeLast()
        guard container.isDictionary else {
            add(.array(container.items))
            return
        }
        // Foundation turns a dictionary whose only key is `CF$UID` holding a number into a keyed-archiver
        // reference, which no property-list value represents.
        if container.entries.count == 1, let uid = container.entries["CF$UID"], uid.kind == .integer || uid.kind == .real {
            unsupport(PropertyListRefusal(.unsupportedValue))
        }
        add(.dictionary(container.entries))
    }

    mutating func key(_ text: UnsafeRawBufferPointer, hasReferences: Bool, offset: Int) throws(PropertyListRefusal) {
        let key = XMLPropertyListText.string(text, hasReferences: hasReferences)
        let top = stack.count - 1
        guard stack[top].entries[key] == nil else { throw PropertyListRefusal(.duplicateKey, offset: offset) }
        let hasCarriageReturn = text.contains(0x0D)
        if hasCarriageReturn || stack[top].comparedKeys != nil {
            // Until now no key had a carriage return written in it, so each key compares as itself.
            if stack[top].comparedKeys == nil { stack[top].comparedKeys = Set(stack[top].entries.keys) }
            let compared = hasCarriageReturn ? XMLPropertyListText.keyForComparison(text) : key
            guard stack[top].comparedKeys!.insert(compared).inserted else {
                throw PropertyListRefusal(.duplicateKey, offset: offset)
            }
        }
        stack[top].key = key
    }

    mutating func markupFoundationCannotRead() {
        unreadable = true
    }

    mutating func leaf(_ kind: XMLPropertyListLeaf, text: UnsafeRawBufferPointer?, hasReferences: Bool) {
        switch kind {
        case .trueValue:
            add(.bool(true))
        case .falseValue:
            add(.bool(false))
        case .string:
            add(.string(text.map { XMLPropertyListText.string($0, hasReferences: hasReferences) } ?? ""))
        case .integer:
            // Foundation refuses an empty `<integer/>`, `<real/>`, `<date/>` and `<data/>`.
            switch text.map(XMLPropertyListText.integer) ?? .unreadable {
            case .value(let number):
                add(.integer(number))
            case .outOfRange:
                unsupport(PropertyListRefusal(.unsupportedValue))
                add(.integer(0))
            case .unreadable:
                addUnreadable()
            }
        case .real:
            guard let number = text.flatMap(XMLPropertyListText.real) else { return addUnreadable() }
            add(.real(number))
        case .date:
            guard let date = text.flatMap(XMLPropertyListDate.date) else { return addUnreadable() }
            add(.date(date))
        case .data:
            guard let text else { return addUnreadable() }
            add(.data(XMLPropertyListText.data(text)))
        }
    }

    private mutating func addUnreadable() {
        unreadable = true
        add(.bool(false))
    }

    private mutating func unsupport(_ refusal: PropertyListRefusal) {
        if unsupported == nil { unsupported = refusal }
    }

    private mutating func add(_ value: PropertyListValue) {
        // Nothing is kept below Foundation's nesting limit (the body is refused anyway): releasing a tree is
        // recursive, so one built as deep as a very high guard limit allows could exhaust the stack when freed.
        if stack.count > Self.maximumNesting { return }
        guard !stack.isEmpty else {
            root = value
            return
        }
        let top = stack.count - 1
        if stack[top].isDictionary {
            let key = stack[top].key
            stack[top].entries[key] = value
        } else {
            stack[top].items.append(value)
        }
    }
}
