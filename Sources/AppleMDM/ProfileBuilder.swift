import Crypto
import Foundation

/// Builds the `.mobileconfig` that enrols an Apple device: a trust payload for Palisade's CA, a SCEP payload that
/// makes the device's identity key and certificate, and the MDM payload that names the server and the push topic.
/// Signing it is the caller's step (a CMS SignedData around these bytes).
public enum ProfileBuilder {
    /// The server capabilities Palisade implements.
    public static let serverCapabilities = [
        "com.apple.mdm.per-user-connections", "com.apple.mdm.bootstraptoken", "com.apple.mdm.token",
    ]

    /// The unsigned profile as an XML property list. Payload UUIDs are derived from the challenge so that the same
    /// invitation always yields the same profile.
    public static func unsignedProfile(_ settings: ProfileSettings) throws -> Data {
        let scepUUID = stableUUID(settings.challenge, "scep")
        var payloads: [[String: Any]] = []
        if let certificate = settings.trustedCertificate {
            payloads.append([
                "PayloadType": "com.apple.security.root",
                "PayloadVersion": 1,
                "PayloadIdentifier": "\(settings.identifier).ca",
                "PayloadUUID": stableUUID(settings.challenge, "ca"),
                "PayloadDisplayName": "\(settings.organization) device CA",
                "PayloadContent": certificate,
            ])
        }
        payloads.append([
            "PayloadType": "com.apple.security.scep",
            "PayloadVersion": 1,
            "PayloadIdentifier": "\(settings.identifier).scep",
            "PayloadUUID": scepUUID,
            "PayloadDisplayName": "Device identity",
            "PayloadContent": [
                "URL": settings.scepURL,
                "Name": settings.organization,
                "Subject": [[["CN", settings.subjectCommonName]], [["O", settings.organization]]],
                "Challenge": settings.challenge,
                "Keysize": settings.keySize,
                "Key Type": "RSA",
                "Key Usage": 5, // digital signature and key encipherment
                "Retries": 3,
                "RetryDelay": 10,
            ] as [String: Any],
        ])
        payloads.append([
            "PayloadType": "com.apple.mdm",
            "PayloadVersion": 1,
            "PayloadIdentifier": "\(settings.identifier).mdm",
            "PayloadUUID": stableUUID(settings.challenge, "mdm"),
            "PayloadDisplayName": "Device management",
            "IdentityCertificateUUID": scepUUID,
            "Topic": settings.topic,
            "ServerURL": settings.serverURL,
            "CheckInURL": settings.checkInURL,
            "SignMessage": true,
            "AccessRights": settings.accessRights,
            "CheckOutWhenRemoved": true,
            "ServerCapabilities": serverCapabilities,
        ])
        let profile: [String: Any] = [
            "PayloadType": "Configuration",
            "PayloadVersion": 1,
            "PayloadIdentifier": settings.identifier,
            "PayloadUUID": stableUUID(settings.challenge, "profile"),
            "PayloadDisplayName": "\(settings.organization) device management",
            "PayloadDescription": "Enrols this device in \(settings.organization)'s Palisade MDM.",
            "PayloadOrganization": settings.organization,
            "PayloadScope": "System",
            "PayloadContent": payloads,
        ]
        return try PropertyListSerialization.data(fromPropertyList: profile, format: .xml, options: 0)
    }

    /// A UUID derived from the challenge and a label (name-based, SHA-256, so repeat downloads match).
    static func stableUUID(_ seed: String, _ label: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("\(label):\(seed)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15])).uuidString
    }
}
