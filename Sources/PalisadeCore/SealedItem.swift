/// Every kind of secret Palisade keeps in the database sealed with the key-encryption key.
///
/// This list is what `palisade keys rotate` re-seals and `palisade keys status` counts, so a secret stored sealed
/// anywhere must be a case here. Adding one is a case (with its sealed-name prefix below); the compiler then asks
/// Storage where its column is (`SealedColumn`) and Core whether the stored value is the sealed bytes themselves or a
/// record holding them (`SealedItem+Stored`).
public enum SealedItem: String, CaseIterable, Sendable {
    /// `key_material` rows: the CA, profile-signer and device-TLS identities, push certificates (their keys sealed
    /// inside a JSON record).
    case keyMaterial = "key-material"
    /// Enrolment invitations' one-time challenges.
    case invitationChallenge = "invitation-challenge"
    /// Apple devices' unlock tokens (clear a passcode).
    case unlockToken = "unlock-token"
    /// Apple devices' bootstrap tokens (grant secure tokens on Macs).
    case bootstrapToken = "bootstrap-token"
    /// Sensitive commands' exact wire bytes, fixed when they were requested (a ClearPasscode's hold the unlock token).
    case approvalCommand = "approval-command"

    /// The name a value is sealed under, authenticated with it: a sealed value copied to another row, or to another
    /// kind's column, no longer opens.
    public func sealedName(forRow row: String) -> String {
        let prefix = switch self {
        case .keyMaterial: "key:"
        case .invitationChallenge: "challenge:"
        case .unlockToken: "unlock:"
        case .bootstrapToken: "bootstrap:"
        case .approvalCommand: "command:"
        }
        return prefix + row
    }
}
