/// The `management.declarations` status item: the state of every declaration the device holds, by kind. A kind the
/// device left out reads as empty (incremental reports carry only what changed).
public struct DeclarationStatusReport: Sendable, Hashable {
    public var activations: [DeclarationStatus]
    public var configurations: [DeclarationStatus]
    public var assets: [DeclarationStatus]
    public var management: [DeclarationStatus]

    init(reader: JSONObjectReader) throws(DeclarativeMessageError) {
        func statuses(_ key: String) throws(DeclarativeMessageError) -> [DeclarationStatus] {
            try (reader.optionalObjects(key) ?? []).map { (item) throws(DeclarativeMessageError) in try DeclarationStatus(reader: item) }
        }
        activations = try statuses("activations")
        configurations = try statuses("configurations")
        assets = try statuses("assets")
        management = try statuses("management")
    }

    /// Every declaration in error: not valid, or carrying reasons.
    public var failing: [DeclarationStatus] {
        (activations + configurations + assets + management).filter { $0.valid != "valid" || !$0.reasons.isEmpty }
    }
}
