import Foundation
import PalisadeCore

/// A `key_material` row as key rotation sees it: one of the records the core stores there, reduced to its sealed
/// key, so that re-sealing rewrites that field and leaves the rest (certificates) as they were.
enum KeyMaterialRecord {
    case identity(StoredIdentity.Record)
    case pushCertificate(PushService.StoredPushCertificate)

    init(_ stored: StoredSealedValue) throws {
        let decoder = JSONDecoder()
        // The two records share no required field, so at most one decodes.
        if let identity = try? decoder.decode(StoredIdentity.Record.self, from: stored.value) {
            self = .identity(identity)
        } else if let push = try? decoder.decode(PushService.StoredPushCertificate.self, from: stored.value) {
            self = .pushCertificate(push)
        } else {
            throw KeyRotationError.unknownKeyMaterial(row: stored.row)
        }
    }

    var sealed: Data {
        get {
            switch self {
            case .identity(let record): record.sealedKey
            case .pushCertificate(let record): record.sealedKeyPEM
            }
        }
        set {
            switch self {
            case .identity(var record):
                record.sealedKey = newValue
                self = .identity(record)
            case .pushCertificate(var record):
                record.sealedKeyPEM = newValue
                self = .pushCertificate(record)
            }
        }
    }

    func encoded() throws -> Data {
        switch self {
        case .identity(let record): try JSONEncoder().encode(record)
        case .pushCertificate(let record): try JSONEncoder().encode(record)
        }
    }
}
