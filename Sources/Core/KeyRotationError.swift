import PalisadeCore
import PKI

/// Why `palisade keys rotate` stopped. Each says what was left as it was, and what to do next.
public enum KeyRotationError: Error, CustomStringConvertible {
    /// A sealed value does not open: its key is on no disk, or it was altered.
    case cannotOpen(item: SealedItem, row: String, reason: KeyEncryptionError)
    /// A `key_material` row holds a record this version of Palisade does not know.
    case unknownKeyMaterial(row: String)
    /// Re-sealing stopped partway (the database failed, or a core wrote something unreadable meanwhile).
    case interrupted(at: SealedItem, newKey: String, previousKey: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let item, let row, let reason):
            "the \(item.rawValue) of '\(row)' does not open (\(reason)); nothing of that kind was re-sealed. Restore the key it names, or remove the value if it is no longer needed, then run 'palisade keys rotate' again"
        case .unknownKeyMaterial(let row):
            "key_material row '\(row)' is not a record this Palisade stores (an identity or a push certificate); nothing was re-sealed. Was the database written by a newer version?"
        case .interrupted(let item, let newKey, let previousKey, let reason):
            "re-sealing stopped at the \(item.rawValue) values (\(reason)). Nothing is lost: values re-sealed so far open with the new key \(newKey), the rest with \(previousKey), kept in the retired keys' directory. Fix the cause and run 'palisade keys rotate' again to finish"
        }
    }
}
