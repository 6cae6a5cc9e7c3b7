import Foundation
import Logging
import PalisadeCore
import PKI
import SwiftASN1
import Push
import Synchronization
import X509

/// The core's push side: the MDM push certificate (imported, or a development one for stand-ins), the topic it
/// gives, and the sender that wakes devices. Importing a new certificate swaps the sender without a restart.
public final class PushService: DevicePusher {
    /// What `palisade apns import` stores: PEM texts, the key sealed.
    struct StoredPushCertificate: Codable {
        var certificatePEM: String
        var sealedKeyPEM: Data
    }

    static let importedName = "apns"
    static let developmentName = "apns-development"

    private let storage: any PalisadeStorage
    private let keyring: CoreKeyring
    private let configuration: CoreConfiguration
    private let logger: Logger
    /// The egress forwarder's loopback port when the core reaches the internet through an edge.
    private let egressProxyPort: Int?
    private let state: Mutex<(certificate: PushCertificate?, sender: APNsSender?)>

    /// The push topic devices were enrolled with.
    public var topic: String { state.withLock { $0.certificate?.topic } ?? "" }
    public var certificate: PushCertificate? { state.withLock { $0.certificate } }

    init(storage: any PalisadeStorage, keyring: CoreKeyring, configuration: CoreConfiguration, egressProxyPort: Int? = nil, logger: Logger) {
        self.egressProxyPort = egressProxyPort
        self.storage = storage
        self.keyring = keyring
        self.configuration = configuration
        self.logger = logger
        state = Mutex((nil, nil))
    }

    /// Loads the imported certificate or, with none, a development one that only a stand-in accepts.
    public static func start(
        storage: any PalisadeStorage, keyring: CoreKeyring, configuration: CoreConfiguration, egressProxyPort: Int? = nil, logger: Logger
    ) async throws -> PushService {
        let service = PushService(storage: storage, keyring: keyring, configuration: configuration, egressProxyPort: egressProxyPort, logger: logger)
        if let stored = try await storage.keyMaterial(named: importedName) {
            try service.install(try service.open(stored, name: importedName))
        } else {
            let stored = try await storage.storeKeyMaterialIfAbsent(try service.developmentCertificate(), named: developmentName, at: Date())
            let certificate = try service.open(stored, name: developmentName)
            if configuration.apnsEndpoint == "production" || configuration.apnsEndpoint == "sandbox" {
                logger.warning("no Apple push certificate imported: devices cannot be woken; run 'palisade apns import CERT KEY'")
                service.state.withLock { $0 = (certificate, nil) }
            } else {
                try service.install(certificate)
            }
        }
        if let warning = service.certificate?.expiryWarning(at: Date()) { logger.warning("\(warning)") }
        return service
    }

    /// Stores and starts using an imported push certificate. Refuses a new topic unless `allowTopicChange`: every
    /// device enrolled under the old topic stops answering pushes and must re-enrol.
    public func importCertificate(certificatePEM: String, privateKeyPEM: String, allowTopicChange: Bool) async throws -> (previousTopic: String?, certificate: PushCertificate) {
        let certificate = try PushCertificate(certificatePEM: certificatePEM, privateKeyPEM: privateKeyPEM)
        let previous = try await storage.keyMaterial(named: Self.importedName).map { try open($0, name: Self.importedName) }
        if let previous, previous.topic != certificate.topic, !allowTopicChange {
            throw PushImportError.topicChanged(from: previous.topic, to: certificate.topic)
        }
        let stored = try JSONEncoder().encode(StoredPushCertificate(
            certificatePEM: certificatePEM,
            sealedKeyPEM: try keyring.keyEncryptionKey.seal(Data(privateKeyPEM.utf8), name: SealedItem.keyMaterial.sealedName(forRow: Self.importedName))
        ))
        try await storage.replaceKeyMaterial(stored, named: Self.importedName, at: Date())
        try install(certificate)
        return (previous?.topic, certificate)
    }

    public func wake(_ devices: [DeviceID]) async {
        guard let sender = state.withLock({ $0.sender }) else { return }
        await APNsDevicePusher(sender: sender, store: storage, logger: logger).wake(devices)
    }

    public func shutdown() async {
        let sender = state.withLock { state -> APNsSender? in
            defer { state.sender = nil }
            return state.sender
        }
        await sender?.shutdown()
    }

    private func install(_ certificate: PushCertificate) throws {
        let endpoint: APNsEndpoint = switch configuration.apnsEndpoint {
        case "production": .production
        case "sandbox": .sandbox
        default: try APNsEndpoint(baseURL: URL(string: configuration.apnsEndpoint)!)
        }
        var trustRoots: [Certificate]?
        if let file = configuration.apnsTrustRootsFile {
            let pem = try String(contentsOfFile: file, encoding: .utf8)
            trustRoots = try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) }
        }
        let storage = storage
        var senderConfiguration = APNsSender.Configuration(endpoint: endpoint, trustRoots: trustRoots)
        senderConfiguration.proxy = egressProxyPort.map { ("127.0.0.1", $0) }
        let sender = try APNsSender(
            certificate: certificate, configuration: senderConfiguration, logger: logger,
            onTokenInvalid: { token, _ in try? await storage.markPushTokenInvalid(Data(token.bytes)) }
        )
        let old = state.withLock { state -> APNsSender? in
            defer { state = (certificate, sender) }
            return state.sender
        }
        if let old { Task { await old.shutdown() } }
    }

    private func open(_ stored: Data, name: String) throws -> PushCertificate {
        let record = try JSONDecoder().decode(StoredPushCertificate.self, from: stored)
        let key = String(decoding: try keyring.keyEncryptionKey.open(record.sealedKeyPEM, name: SealedItem.keyMaterial.sealedName(forRow: name)), as: UTF8.self)
        return try PushCertificate(certificatePEM: record.certificatePEM, privateKeyPEM: key, allowExpired: true)
    }

    /// A push certificate from Palisade's own CA with an Apple-shaped subject, for stand-in push services.
    private func developmentCertificate() throws -> Data {
        let identity = try keyring.authority.issueIdentity(commonName: "APSP:palisade-development", usage: .deviceIdentity, validity: 5 * 365 * 86_400)
        let topic = "com.apple.mgmt.External.palisade-\(UUID().uuidString.lowercased())"
        let certificate = try keyring.authority.issue(
            publicKey: identity.certificate.publicKey,
            subject: DistinguishedName([
                RelativeDistinguishedName(RelativeDistinguishedName.Attribute(type: [0, 9, 2342, 19_200_300, 100, 1, 1], utf8String: topic)),
                RelativeDistinguishedName(RelativeDistinguishedName.Attribute(type: .RDNAttributeType.commonName, utf8String: "APSP:palisade-development")),
            ]),
            usage: .deviceIdentity, validity: 5 * 365 * 86_400
        )
        let keyPEM = identity.privateKey.pemRepresentation
        return try JSONEncoder().encode(StoredPushCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString + "\n",
            sealedKeyPEM: try keyring.keyEncryptionKey.seal(Data(keyPEM.utf8), name: SealedItem.keyMaterial.sealedName(forRow: Self.developmentName))
        ))
    }
}

/// Why a push certificate import was refused.
public enum PushImportError: Error, CustomStringConvertible {
    case topicChanged(from: String, to: String)

    public var description: String {
        switch self {
        case .topicChanged(let old, let new):
            "the new certificate's topic \(new) differs from \(old): every enrolled device would stop answering pushes and need re-enrolment. Renew with the same Apple ID, or pass --allow-topic-change if that is really intended"
        }
    }
}
