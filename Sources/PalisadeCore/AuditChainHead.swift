/// The newest event of the audit log's hash chain: what is sent out of the database (to edges, to an external
/// sink) so that rewriting the whole table is caught too.
public struct AuditChainHead: Codable, Sendable, Hashable, CustomStringConvertible {
    public var sequence: Int64
    /// SHA-256, hex.
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// `SEQUENCE:HASH`, the form `palisade audit verify --expect` takes.
    public var description: String { "\(sequence):\(hash)" }

    /// Parses `SEQUENCE:HASH`: a sequence of 1 or more in at most 18 plain digits (no sign), 64 lower-case hex digits.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, (1...18).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isNumber }),
              let sequence = Int64(parts[0]), sequence >= 1, parts[1].count == 64,
              parts[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase })
        else { return nil }
        self.init(sequence: sequence, hash: String(parts[1]))
    }
}

/// Where and why the audit chain stops holding.
public struct AuditChainBreak: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var reason: String

    public init(sequence: Int64, reason: String) {
        self.sequence = sequence
        self.reason = reason
    }
}

/// The outcome of checking the whole audit chain.
public struct AuditChainReport: Codable, Sendable, Hashable {
    /// Events checked before the first break (all of them when the chain holds).
    public var checked: Int
    /// The last event that checked out.
    public var head: AuditChainHead?
    /// The first event that does not, if any.
    public var broken: AuditChainBreak?
    /// The head the database itself records; a head behind the newest event, or a newest event behind it, means
    /// events were removed from the end or the record was tampered with.
    public var recordedHead: AuditChainHead?
    /// A head kept outside the database that the check was asked to find, and whether the chain passes through it
    /// (`false` when that event is missing or has another hash: the table was cut short or rewritten).
    public var expected: AuditChainHead?
    public var expectedFound: Bool?

    public init(
        checked: Int, head: AuditChainHead?, broken: AuditChainBreak?, recordedHead: AuditChainHead?, expected: AuditChainHead? = nil,
        expectedFound: Bool? = nil
    ) {
        self.checked = checked
        self.head = head
        self.broken = broken
        self.recordedHead = recordedHead
        self.expected = expected
        self.expectedFound = expectedFound
    }

    /// Whether the chain holds end to end, ends where the database's own record says, and passes through the
    /// expected head when one was given.
    public var holds: Bool { broken == nil && head == recordedHead && expectedFound != false }

    private enum CodingKeys: String, CodingKey { case holds, checked, head, broken, recordedHead, expected, expectedFound }

    /// Every key, `null` where nothing applies, and `holds` for readers that want only the answer.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(holds, forKey: .holds)
        try container.encode(checked, forKey: .checked)
        try container.encode(head, forKey: .head)
        try container.encode(broken, forKey: .broken)
        try container.encode(recordedHead, forKey: .recordedHead)
        try container.encode(expected, forKey: .expected)
        try container.encode(expectedFound, forKey: .expectedFound)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        checked = try container.decode(Int.self, forKey: .checked)
        head = try container.decodeIfPresent(AuditChainHead.self, forKey: .head)
        broken = try container.decodeIfPresent(AuditChainBreak.self, forKey: .broken)
        recordedHead = try container.decodeIfPresent(AuditChainHead.self, forKey: .recordedHead)
        expected = try container.decodeIfPresent(AuditChainHead.self, forKey: .expected)
        expectedFound = try container.decodeIfPresent(Bool.self, forKey: .expectedFound)
    }
}
