import PalisadeCore

/// Where a sealed item is stored: the one place Storage maps `SealedItem` to SQL, so key rotation reaches every
/// sealed column there is.
struct SealedColumn: Sendable {
    let table: String
    /// The primary key: the row part of the value's sealed name.
    let key: String
    let value: String

    init(_ item: SealedItem) {
        switch item {
        case .keyMaterial: self.init(table: "key_material", key: "name", value: "value")
        case .invitationChallenge: self.init(table: "enrollment_invitations", key: "id", value: "sealed_challenge")
        case .unlockToken: self.init(table: "apple_enrollments", key: "enrollment_id", value: "unlock_token")
        case .bootstrapToken: self.init(table: "apple_enrollments", key: "enrollment_id", value: "bootstrap_token")
        case .approvalCommand: self.init(table: "approvals", key: "command_id", value: "sealed_payload")
        }
    }

    private init(table: String, key: String, value: String) {
        self.table = table
        self.key = key
        self.value = value
    }
}
